/**
 * Applying what the device pulled from the central ledger to the local store. Every change is
 * idempotent (a page applied twice leaves the same state), and a page is applied in one transaction
 * together with the new cursor, so an interrupted pull resumes exactly where it stopped.
 */
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Change, InitiativeSnapshot } from '../../core/sync/protocol.js';
import { actionBetween } from '../../core/initiative-lifecycle.js';
import { detailColumns } from '../initiatives/registration.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import {
  districts,
  donationParts,
  initiativeAccountability,
  initiativeAssessments,
  initiativeDetails,
  initiativeHistory,
  initiativePhotos,
  initiatives,
  ledgerDeviceReports,
  ledgerReviews,
  outbox,
  photoErasures,
  redemptions,
  rounds,
  syncConflicts,
  voucherRegistry,
  vouchersUsedElsewhere,
} from '../../db/schema.js';
import type { Db, Tx } from '../../db/open-store.js';
import type { Logger } from '../platform/deps.js';
import { setSyncValue } from './state.js';

/**
 * The two bulk kinds (registry chunks, vouchers used elsewhere) go through prepared statements on the
 * raw connection: a 100,000-code registry is 100,000 inserts, and building each through the query
 * builder would cost more than SQLite does. They run inside the same transaction (one connection).
 */
function rawStatements(db: Db) {
  const raw = db.$client;
  return {
    registry: raw.prepare('INSERT OR IGNORE INTO voucher_registry (round_id, code_hash, district_code, buurt_code) VALUES (?, ?, ?, ?)'),
    ownRedemption: raw.prepare('SELECT 1 FROM redemptions WHERE id = ?').pluck(),
    used: raw.prepare(
      `INSERT INTO vouchers_used_elsewhere (round_id, code_hash, used_at, channel, as_of) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (round_id, code_hash) DO UPDATE SET used_at = excluded.used_at, channel = excluded.channel, as_of = excluded.as_of`,
    ),
  };
}
type Raw = ReturnType<typeof rawStatements>;

export function applyPage(db: Db, log: Logger, page: { changes: Change[]; cursor: number; serverTime: string }, now: string): void {
  const raw = rawStatements(db);
  db.transaction(
    (tx) => {
      // Each initiative's status before this page: the history gets what changed over the whole page, so an
      // older state the feed still held (from before this device's own change) does not show as a change.
      const statusBefore = new Map<string, string | null>();
      for (const change of page.changes) {
        if (change.kind === 'initiative' && !statusBefore.has(change.data.id)) {
          const row = tx.select({ status: initiatives.status }).from(initiatives).where(eq(initiatives.id, change.data.id)).get();
          statusBefore.set(change.data.id, row?.status ?? null);
        }
        applyChange(tx, raw, log, change, page.serverTime, now);
      }
      recordStatusesLearned(tx, page.changes, statusBefore);
      setSyncValue(tx, 'cursor', String(page.cursor));
    },
    { behavior: 'immediate' },
  );
}

/** Status changes made elsewhere (another device, the website, the ledger itself) go into the history here too. */
function recordStatusesLearned(tx: Tx, changes: readonly Change[], statusBefore: ReadonlyMap<string, string | null>): void {
  const last = new Map<string, InitiativeSnapshot>();
  for (const c of changes) if (c.kind === 'initiative') last.set(c.data.id, c.data);
  for (const [id, s] of last) {
    const before = statusBefore.get(id);
    if (!before || before === s.status) continue; // new here, or where it was
    const now = tx.select({ status: initiatives.status }).from(initiatives).where(eq(initiatives.id, id)).get();
    if (now?.status !== s.status) continue; // not applied (a number clash)
    const from = before as InitiativeStatus;
    tx.insert(initiativeHistory)
      .values({
        initiativeId: id,
        at: s.updatedAt,
        action: actionBetween(from, s.status) ?? 'ledger',
        fromStatus: from,
        toStatus: s.status,
        staffId: null,
        note: s.statusNote ?? null,
        outboxSeq: 0,
      })
      .run();
  }
}

/** After the last page: the registry and the used-elsewhere list are complete as of the server's time. */
export function markRegistryCurrent(db: Db, serverTime: string): void {
  db.transaction((tx) => {
    tx.update(rounds).set({ registryAsOf: serverTime }).run();
    tx.update(vouchersUsedElsewhere).set({ asOf: serverTime }).run();
  });
}

function applyChange(tx: Tx, raw: Raw, log: Logger, change: Change, serverTime: string, now: string): void {
  switch (change.kind) {
    case 'district': {
      const d = change.data;
      tx.insert(districts)
        .values({ code: d.code, name: d.name, kind: d.kind, households: 0, householdsSynthetic: false, budgetCents: d.budgetCents })
        .onConflictDoUpdate({ target: districts.code, set: { name: d.name, kind: d.kind, budgetCents: d.budgetCents } })
        .run();
      return;
    }
    case 'round': {
      const r = change.data;
      const existing = tx.select({ salt: rounds.registrySalt }).from(rounds).where(eq(rounds.id, r.id)).get();
      if (existing && existing.salt !== r.salt) {
        // Another salt means other hashes: the old registry of this round no longer matches anything.
        tx.delete(voucherRegistry).where(eq(voucherRegistry.roundId, r.id)).run();
      }
      const values = {
        valueCents: r.valueCents,
        activeFrom: r.activeFrom,
        activeUntil: r.activeUntil,
        status: r.status,
        registrySalt: r.salt,
      };
      tx.insert(rounds)
        .values({ id: r.id, ...values, registryAsOf: serverTime })
        .onConflictDoUpdate({ target: rounds.id, set: values })
        .run();
      return;
    }
    case 'registry': {
      const { roundId, vouchers } = change.data;
      for (const v of vouchers) raw.registry.run(roundId, v.h, v.d, v.b ?? null);
      return;
    }
    case 'used': {
      const u = change.data;
      // Our own donation comes back in the feed: it is "used here", not "used elsewhere".
      if (raw.ownRedemption.get(u.redemptionId)) return;
      raw.used.run(u.roundId, u.h, u.at, u.channel, serverTime);
      return;
    }
    case 'released': {
      const r = change.data;
      tx.delete(vouchersUsedElsewhere)
        .where(and(eq(vouchersUsedElsewhere.roundId, r.roundId), eq(vouchersUsedElsewhere.codeHash, r.h)))
        .run();
      return;
    }
    case 'initiative':
      applyInitiative(tx, log, change.data);
      return;
    case 'photo': {
      const p = change.data;
      const own = tx.select({ state: initiativePhotos.ledgerState }).from(initiativePhotos).where(eq(initiativePhotos.id, p.id)).get();
      if (p.deleted) {
        tx.delete(initiativePhotos).where(eq(initiativePhotos.id, p.id)).run();
        tx.delete(photoErasures).where(eq(photoErasures.id, p.id)).run();
      } else if (own) {
        if (own.state === null) tx.update(initiativePhotos).set({ ledgerState: 'stored' }).where(eq(initiativePhotos.id, p.id)).run();
      } else if (!tx.select({ id: photoErasures.id }).from(photoErasures).where(eq(photoErasures.id, p.id)).get()) {
        // Taken in elsewhere: the bytes are fetched after the pull (services/sync/photos.ts).
        tx.insert(initiativePhotos)
          .values({
            id: p.id,
            initiativeId: p.initiativeId,
            draftId: null,
            purpose: p.purpose,
            mime: p.mime,
            bytes: Buffer.alloc(0),
            createdAt: p.at,
            createdBy: '',
            ledgerState: 'fetch',
            sha256: p.sha256,
          })
          .run();
      }
      return;
    }
    case 'conflict': {
      const c = change.data;
      const ids = [c.contestedRedemptionId, c.countedRedemptionId];
      const mine = tx.select({ id: redemptions.id }).from(redemptions).where(inArray(redemptions.id, ids)).all();
      const ours = mine.some((m) => m.id === c.contestedRedemptionId) ? 'contested' : 'counted';
      if (mine.length === 0) {
        log.warn({ change: change.id }, 'conflict for a donation this device does not have');
        return;
      }
      const values = {
        countedRedemptionId: c.countedRedemptionId,
        ours: ours as 'contested' | 'counted',
        roundId: c.roundId,
        valueCents: c.valueCents,
        state: c.state,
        note: c.note,
        settledAt: c.settledAt,
        updatedAt: now,
      };
      tx.insert(syncConflicts)
        .values({ contestedRedemptionId: c.contestedRedemptionId, ...values, createdAt: now })
        .onConflictDoUpdate({
          target: syncConflicts.contestedRedemptionId,
          set: c.state === 'open' ? values : { ...values, settlementSentAt: null },
        })
        .run();
      const contestedState = c.state === 'open' ? 'contested' : c.state === 'kept-other' ? 'void' : 'counted';
      const countedState = c.state === 'counted-this' ? 'void' : 'counted';
      tx.update(redemptions).set({ ledgerState: contestedState }).where(eq(redemptions.id, c.contestedRedemptionId)).run();
      // A winner the ledger still holds as pending stays pending here (its review decides it).
      tx.update(redemptions)
        .set({ ledgerState: countedState })
        .where(and(eq(redemptions.id, c.countedRedemptionId), or(isNull(redemptions.ledgerState), ne(redemptions.ledgerState, 'pending'))))
        .run();
      return;
    }
    case 'review': {
      applyReview(tx, change.data, now);
      return;
    }
    case 'device': {
      const r = change.data;
      const values = { report: JSON.stringify(r), updatedAt: now };
      tx.insert(ledgerDeviceReports)
        .values({ deviceId: r.deviceId, ...values })
        .onConflictDoUpdate({ target: ledgerDeviceReports.deviceId, set: values })
        .run();
      return;
    }
  }
}

/**
 * A pending donation of any device, and its decision. On the device that took it, the donation shows
 * the same state: pending, counted once confirmed, rejected; its reversal needs nothing more here.
 */
function applyReview(tx: Tx, r: Extract<Change, { kind: 'review' }>['data'], now: string): void {
  const values = {
    deviceId: r.deviceId,
    roundId: r.roundId,
    valueCents: r.valueCents,
    districtCode: r.districtCode,
    parts: JSON.stringify(r.parts),
    flags: JSON.stringify(r.flags),
    state: r.state,
    note: r.note,
    at: r.at,
    decidedAt: r.decidedAt,
    updatedAt: now,
  };
  tx.insert(ledgerReviews)
    .values({ redemptionId: r.redemptionId, ...values })
    .onConflictDoUpdate({ target: ledgerReviews.redemptionId, set: r.state === 'pending' ? values : { ...values, decisionSentAt: null } })
    .run();
  const state = r.state === 'pending' ? 'pending' : r.state === 'confirmed' ? 'counted' : r.state === 'rejected' ? 'rejected' : null;
  if (state) tx.update(redemptions).set({ ledgerState: state }).where(eq(redemptions.id, r.redemptionId)).run();
}

/**
 * The ledger's state of an initiative. Its total is the ledger's count plus this device's donations
 * the ledger has not received yet, so the counter never shows less than it took.
 */
function applyInitiative(tx: Tx, log: Logger, s: InitiativeSnapshot): void {
  const pending =
    tx
      .select({ cents: sql<number>`coalesce(sum(${donationParts.amountCents}), 0)` })
      .from(donationParts)
      .innerJoin(redemptions, eq(redemptions.id, donationParts.redemptionId))
      .innerJoin(outbox, eq(outbox.seq, redemptions.outboxSeq))
      .where(and(eq(donationParts.initiativeId, s.id), isNull(redemptions.reversedAt), isNull(outbox.ackedAt)))
      .get()?.cents ?? 0;
  const values = {
    number: s.number,
    title: s.title,
    summary: s.summary,
    districtCode: s.districtCode,
    theme: s.theme,
    status: s.status,
    targetCents: s.targetCents,
    collectedCents: s.collectedCents + pending,
    deadline: s.deadline,
    volunteersNeeded: s.volunteersNeeded,
    volunteerTasks: s.volunteerTasks,
    materialsWanted: s.materialsWanted,
    updatedAt: s.updatedAt,
    ...(s.statusNote !== undefined ? { statusNote: s.statusNote } : {}),
    ...(s.help ? { ledgerVolunteers: s.help.volunteers, ledgerMaterials: s.help.materials } : {}),
  };
  const clash = tx.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.number, s.number)).get();
  if (clash && clash.id !== s.id) {
    // Only a device with local-only initiatives could clash; the ledger's numbering wins on the next registration.
    log.warn({ initiative: s.id, number: s.number }, 'initiative number already used locally; not applied');
    return;
  }
  tx.insert(initiatives)
    .values({ id: s.id, ...values, createdAt: s.updatedAt })
    .onConflictDoUpdate({ target: initiatives.id, set: values })
    .run();
  if (s.accountability) {
    // The account of an initiative completed elsewhere (this device's own is the same one).
    const values = { done: s.accountability.done, spentCents: s.accountability.spentCents };
    tx.insert(initiativeAccountability)
      .values({ initiativeId: s.id, ...values, staffId: '', at: s.updatedAt })
      .onConflictDoNothing()
      .run();
  }
  if (s.assessment) {
    // The wijkregisseur's assessment, wherever it was made. Kept as the ledger has it, unless this device
    // has a newer one of its own that the ledger has not received yet.
    const own = tx
      .select({ seq: initiativeAssessments.outboxSeq, acked: outbox.ackedAt })
      .from(initiativeAssessments)
      .leftJoin(outbox, eq(outbox.seq, initiativeAssessments.outboxSeq))
      .where(eq(initiativeAssessments.initiativeId, s.id))
      .get();
    if (!own || own.seq === 0 || own.acked !== null) {
      const values = { assessment: JSON.stringify(s.assessment), staffId: '', updatedAt: s.updatedAt, outboxSeq: 0 };
      tx.insert(initiativeAssessments)
        .values({ initiativeId: s.id, ...values })
        .onConflictDoUpdate({ target: initiativeAssessments.initiativeId, set: values })
        .run();
    }
  }
  if (s.registration) {
    // What was registered, wherever it was (another counter, a laptop): the wijkregisseur assesses it here.
    const details = detailColumns(s.registration);
    tx.insert(initiativeDetails)
      // Registered elsewhere: no staff member of this device did it.
      .values({ initiativeId: s.id, ...details, registeredBy: '', registeredAt: s.updatedAt })
      .onConflictDoUpdate({ target: initiativeDetails.initiativeId, set: details })
      .run();
  }
}
