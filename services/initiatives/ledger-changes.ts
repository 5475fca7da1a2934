/**
 * What the central ledger says about initiatives, applied to this device's store (sync/apply.ts calls these
 * inside the pulled page's transaction): an initiative as the ledger has it, status changes made elsewhere
 * for the history, and photos announced or erased.
 */
import { eq, sql } from 'drizzle-orm';
import type { Change, InitiativeSnapshot } from '../../core/sync/protocol.js';
import { actionBetween } from '../../core/initiative-lifecycle.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import {
  initiativeAccountability,
  initiativeAssessments,
  initiativeDetails,
  initiativeHistory,
  initiativePhotos,
  initiatives,
  outbox,
  photoErasures,
  redemptions,
} from '../../db/schema.js';
import type { ReadableDb, Tx } from '../../db/open-store.js';
import { unsentEvent, type Logger } from '../platform/index.js';
import { detailColumns } from './registration.js';

/** Each initiative's status before a page, so the history gets what changed over the whole page. */
export function statusesBefore(db: ReadableDb, changes: readonly Change[]): Map<string, string | null> {
  const before = new Map<string, string | null>();
  for (const change of changes) {
    if (change.kind !== 'initiative' || before.has(change.data.id)) continue;
    const row = db.select({ status: initiatives.status }).from(initiatives).where(eq(initiatives.id, change.data.id)).get();
    before.set(change.data.id, row?.status ?? null);
  }
  return before;
}

/** Status changes made elsewhere (another device, the website, the ledger itself) go into the history here too. */
export function recordStatusesLearned(tx: Tx, changes: readonly Change[], statusBefore: ReadonlyMap<string, string | null>): void {
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

/**
 * This device's donations the ledger has not received yet, per initiative (live ones: a reversed donation adds
 * nothing). From the unsent events (a range of the outbox from its mark), each donation by its key — one pass for a
 * whole pull page, never a scan of all donations.
 */
export function pendingDonationsByInitiative(tx: Pick<Tx, 'all'>): Map<string, number> {
  const rows = tx.all<{ id: string; cents: number }>(sql`
    SELECT json_extract(p.value, '$.initiativeId') AS id, sum(json_extract(p.value, '$.amountCents')) AS cents
    FROM outbox o
    JOIN ${redemptions} r ON r.id = json_extract(o.payload, '$.redemptionId')
    JOIN json_each(r.parts) p
    WHERE ${unsentEvent('o')} AND o.type = 'donation.recorded' AND r.reversed_at IS NULL
    GROUP BY 1`);
  return new Map(rows.map((r) => [r.id, r.cents]));
}

/**
 * The ledger's state of an initiative. Its total is the ledger's count plus this device's donations
 * the ledger has not received yet (`pending`, from `pendingDonationsByInitiative`), so the counter never shows
 * less than it took.
 */
export function applyInitiativeSnapshot(tx: Tx, log: Logger, s: InitiativeSnapshot, pending: ReadonlyMap<string, number>): void {
  const values = {
    number: s.number,
    title: s.title,
    summary: s.summary,
    districtCode: s.districtCode,
    theme: s.theme,
    status: s.status,
    targetCents: s.targetCents,
    collectedCents: s.collectedCents + (pending.get(s.id) ?? 0),
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

/** A photo the ledger announced (fetched after the pull) or erased (gone everywhere). */
export function applyPhotoChange(tx: Tx, p: Extract<Change, { kind: 'photo' }>['data']): void {
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
}
