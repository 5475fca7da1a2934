/**
 * What each event means for the ledger, once ingest.ts has checked and ordered the batch: donations
 * (one counted per voucher, later ones contested), reversals, and settlements of double use; events
 * about initiatives are in initiative-effects.ts. Everything here runs inside the batch's transaction
 * and collects the pull feed's changes in BatchEffects, written at the end.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { nextStatus, type LifecycleAction } from '../../core/initiative-lifecycle.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import { type EventOutcome, type SettlementDecision, type WireEvent } from '../../core/sync/protocol.js';
import { checkPayload, parsePayload, type EventType, type ParsedPayload, type ReviewDecision } from '../../core/sync/events.js';
import { donationParts, donations, initiatives, rounds, vouchers, type DonationRow } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { emitChanges, type NewChange } from './changes.js';
import { anyOf, bulkInsert } from './bulk.js';
import { initiativeSnapshots } from './snapshots.js';
import {
  recordAssessment,
  recordHelpErased,
  recordHelpOffered,
  recordRegistration,
  recordStatusChange,
  recordUpdate,
} from './initiative-effects.js';
import { decideDonation, donationFlags, reviewChange, type DonationFacts } from './donation-rules.js';

export interface Outcome {
  outcome: Exclude<EventOutcome, 'duplicate'>;
  reason?: string;
  flags?: string[];
  winner?: { redemptionId: string; deviceId: string | null };
}

/** Work that collects during one batch and is written at its end. */
export class BatchEffects {
  readonly changes: NewChange[] = [];
  readonly touchedInitiatives = new Set<string>();
}

export interface BatchContext {
  tenantId: string;
  deviceId: string;
  /** The device's clock minus the ledger's at this request (0 when unknown): for the round window. */
  clockSkewMs: number;
}

export async function applyEvents(
  tx: LedgerTx,
  context: BatchContext,
  batch: readonly WireEvent[],
  effects: BatchEffects,
  /** Indexes of events whose eventId this tenant has seen before: stored, never applied. */
  reusedIds: ReadonlySet<number> = new Set(),
): Promise<(Outcome & { event: WireEvent })[]> {
  const { tenantId, deviceId } = context;
  const outcomes = new Map<number, Outcome>();
  // Runs of donations are written in bulk; any other event first flushes the run before it, so the
  // order of the device's events is the order of their effects.
  let run: RunItem[] = [];
  const flush = async () => {
    if (run.length === 0) return;
    for (const [index, outcome] of await recordDonations(tx, context, run, effects)) outcomes.set(index, outcome);
    run = [];
  };
  for (const [index, event] of batch.entries()) {
    if (reusedIds.has(index)) {
      outcomes.set(index, { outcome: 'quarantined', reason: 'eventId used before' });
      continue;
    }
    // Every payload is checked against the one catalogue (core/sync/events.ts) before it has any effect.
    const checked = checkPayload(event.type, event.version, event.payload);
    if (!checked.ok) {
      outcomes.set(index, { outcome: 'quarantined', reason: checked.reason });
      continue;
    }
    const type = event.type as EventType;
    if (type === 'donation.recorded') {
      const donation = normaliseDonation(event.version, checked.payload);
      const sum = donation.parts.reduce((total, p) => total + p.amountCents, 0);
      if (sum !== donation.valueCents) outcomes.set(index, { outcome: 'quarantined', reason: 'parts do not add up to valueCents' });
      else run.push({ index, event, donation });
      continue;
    }
    await flush();
    const recorder = recorders[type];
    outcomes.set(index, recorder ? await recorder(tx, tenantId, event, effects, deviceId) : { outcome: 'accepted' });
  }
  await flush();
  return batch.map((event, i) => {
    const outcome = outcomes.get(i);
    if (!outcome) throw new Error(`event ${event.seq} was not applied`);
    return { event, ...outcome };
  });
}

/** donation.recorded of any accepted version (already checked by the catalogue), in the current version's shape. */
function normaliseDonation(version: number, checked: Record<string, unknown>): DonationFacts {
  if (version === 1) {
    const d = checked as ParsedPayload<'donation.recorded', 1>;
    return { ...d, buurtCode: null, intakeId: d.intakeId ?? null, needsConfirmation: d.needsConfirmation ?? false };
  }
  return checked as ParsedPayload<'donation.recorded', 2>;
}

type Recorder = (tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects, deviceId: string) => Promise<Outcome>;

/**
 * What each event type does, in one table (donation.recorded is written in runs above). A type of the
 * catalogue that is not here is stored for the record (accepted): intake.finished, day.closed,
 * initiative.person-erased.
 */
const recorders: Partial<Record<EventType, Recorder>> = {
  'donation.reversed': (tx, tenantId, event, effects) => recordReversal(tx, tenantId, event, effects),
  'donation.decided': (tx, tenantId, event, effects, deviceId) => {
    const p = parsePayload('donation.decided', 1, event.payload);
    return decidePending(tx, tenantId, { ...p, by: `${deviceId}/${event.staffId ?? '-'}` }, effects, event.deviceTime);
  },
  'conflict.settled': (tx, tenantId, event, effects, deviceId) => {
    const p = parsePayload('conflict.settled', 1, event.payload);
    return settleConflict(tx, tenantId, { ...p, by: `${deviceId}/${event.staffId ?? '-'}` }, effects, event.deviceTime);
  },
  'initiative.status-changed': (tx, tenantId, event, effects) => recordStatusChange(tx, tenantId, event, effects),
  'initiative.registered': (tx, tenantId, event, effects) => recordRegistration(tx, tenantId, event, effects),
  'initiative.assessed': (tx, tenantId, event, effects) => recordAssessment(tx, tenantId, event, effects),
  'initiative.updated': (tx, tenantId, event, effects) => recordUpdate(tx, tenantId, event, effects),
  'volunteer.signed-up': (tx, tenantId, event, effects) => recordHelpOffered(tx, tenantId, event, effects),
  'material.pledged': (tx, tenantId, event, effects) => recordHelpOffered(tx, tenantId, event, effects),
  'volunteer.erased': (tx, tenantId, event, effects) => recordHelpErased(tx, tenantId, event, effects),
};

interface RunItem {
  index: number;
  event: WireEvent;
  donation: DonationFacts;
}

async function recordDonations(
  tx: LedgerTx,
  context: BatchContext,
  run: readonly RunItem[],
  effects: BatchEffects,
): Promise<Map<number, Outcome>> {
  const { tenantId, deviceId } = context;
  const results = new Map<number, Outcome>();
  // A redemption id is the device's promise of one donation: a second event with the same id is not a donation.
  const ids = run.map((r) => r.donation.redemptionId);
  const taken = new Set(
    (
      await tx
        .select({ id: donations.redemptionId })
        .from(donations)
        .where(anyOf(donations.redemptionId, ids, 'uuid'))
    ).map((r) => r.id),
  );
  const candidates: RunItem[] = [];
  for (const item of run) {
    const id = item.donation.redemptionId;
    if (taken.has(id)) results.set(item.index, { outcome: 'quarantined', reason: 'redemption id used before' });
    else candidates.push(item);
    taken.add(id);
  }
  if (candidates.length === 0) return results;

  // What the ledger knows to decide each donation: its registry, its rounds, its initiatives.
  const hashes = [...new Set(candidates.map((c) => c.donation.codeHash))];
  const registry = new Map(
    (
      await tx
        .select({ roundId: vouchers.roundId, h: vouchers.codeHash, district: vouchers.districtCode, buurt: vouchers.buurtCode })
        .from(vouchers)
        .where(and(eq(vouchers.tenantId, tenantId), anyOf(vouchers.codeHash, hashes, 'text')))
    ).map((v) => [`${v.roundId}/${v.h}`, v]),
  );
  const roundIds = [...new Set(candidates.map((c) => c.donation.roundId))];
  const roundOf = new Map(
    (
      await tx
        .select({ id: rounds.id, valueCents: rounds.valueCents, from: rounds.activeFrom, until: rounds.activeUntil, status: rounds.status })
        .from(rounds)
        .where(and(eq(rounds.tenantId, tenantId), inArray(rounds.id, roundIds)))
    ).map((r) => [r.id, r]),
  );
  const initiativeIds = [...new Set(candidates.flatMap((c) => c.donation.parts.map((p) => p.initiativeId)))];
  const statusOf = new Map(
    (
      await tx
        .select({ id: initiatives.id, status: initiatives.status })
        .from(initiatives)
        .where(and(eq(initiatives.tenantId, tenantId), inArray(initiatives.id, initiativeIds)))
    ).map((r) => [r.id, r.status]),
  );
  const decided = new Map(
    candidates.map((item) => {
      const d = item.donation;
      const voucher = registry.get(`${d.roundId}/${d.codeHash}`) ?? null;
      const flags = donationFlags(d, item.event.deviceTime, context.clockSkewMs, {
        voucher,
        round: roundOf.get(d.roundId) ?? null,
        statusOf,
      });
      return [
        item.index,
        { flags, state: decideDonation(flags), district: voucher?.district ?? d.districtCode, buurt: voucher?.buurt ?? d.buurtCode },
      ];
    }),
  );
  const rowOf = ({ index, donation, event }: RunItem, contested: boolean, countedRedemptionId: string | null = null) => {
    const verdict = decided.get(index);
    if (!verdict) throw new Error('donation without a verdict');
    return {
      tenantId,
      redemptionId: donation.redemptionId,
      deviceId,
      seq: event.seq,
      channel: 'counter' as const,
      roundId: donation.roundId,
      codeHash: donation.codeHash,
      districtCode: verdict.district,
      buurtCode: verdict.buurt,
      valueCents: donation.valueCents,
      state: contested ? ('contested' as const) : verdict.state,
      countedRedemptionId,
      deviceTime: event.deviceTime,
      flags: verdict.flags,
    };
  };

  // The first use of a voucher holds it (counted, or pending while a person decides). The partial unique
  // index decides, also within this batch (rows go in in sequence order) and against any other device's
  // batch committing at the same time. Rows go in sorted by voucher (stable, so a voucher's uses keep
  // their sequence order): concurrent batches then take the index's locks in the same order and cannot
  // deadlock on each other.
  const inOrder = [...candidates].sort((x, y) =>
    x.donation.codeHash < y.donation.codeHash ? -1 : x.donation.codeHash > y.donation.codeHash ? 1 : 0,
  );
  const rows = inOrder.map((item) => rowOf(item, false));
  const inserted = await bulkInsert<{ redemption_id: string }>(
    tx,
    'donations',
    [
      { name: 'tenant_id', type: 'text', values: rows.map((r) => r.tenantId) },
      { name: 'redemption_id', type: 'uuid', values: rows.map((r) => r.redemptionId) },
      { name: 'device_id', type: 'uuid', values: rows.map((r) => r.deviceId) },
      { name: 'seq', type: 'bigint', values: rows.map((r) => r.seq) },
      { name: 'channel', type: 'text', values: rows.map((r) => r.channel) },
      { name: 'round_id', type: 'text', values: rows.map((r) => r.roundId) },
      { name: 'code_hash', type: 'text', values: rows.map((r) => r.codeHash) },
      { name: 'district_code', type: 'text', values: rows.map((r) => r.districtCode) },
      { name: 'buurt_code', type: 'text', values: rows.map((r) => r.buurtCode) },
      { name: 'value_cents', type: 'integer', values: rows.map((r) => r.valueCents) },
      { name: 'state', type: 'text', values: rows.map((r) => r.state) },
      { name: 'device_time', type: 'text', values: rows.map((r) => r.deviceTime) },
      { name: 'flags', type: 'jsonb', values: rows.map((r) => r.flags) },
    ],
    sql`on conflict (tenant_id, round_id, code_hash) where state in ('counted', 'pending') do nothing returning redemption_id`,
  );
  const holding = new Set(inserted.map((r) => r.redemption_id));
  const lost = candidates.filter((c) => !holding.has(c.donation.redemptionId));
  if (lost.length > 0) {
    const winners = await tx
      .select({ id: donations.redemptionId, deviceId: donations.deviceId, roundId: donations.roundId, h: donations.codeHash })
      .from(donations)
      .where(
        and(
          eq(donations.tenantId, tenantId),
          inArray(donations.state, ['counted', 'pending']),
          anyOf(donations.codeHash, [...new Set(lost.map((c) => c.donation.codeHash))], 'text'),
        ),
      );
    const winnerOf = new Map(winners.map((w) => [`${w.roundId}/${w.h}`, w]));
    const contestedRows = lost.map((item) => {
      const d = item.donation;
      const w = winnerOf.get(`${d.roundId}/${d.codeHash}`);
      // The insert skipped this row because a holding one exists; under READ COMMITTED this query sees it.
      if (!w) throw new Error('contested donation without a holding one');
      results.set(item.index, { outcome: 'contested', winner: { redemptionId: w.id, deviceId: w.deviceId } });
      effects.changes.push(...conflictChanges(d.redemptionId, deviceId, w.id, w.deviceId, d.roundId, d.valueCents, 'open', null, null));
      return rowOf(item, true, w.id);
    });
    await tx.insert(donations).values(contestedRows);
  }
  const parts = candidates.flatMap(({ donation }) =>
    donation.parts.map((p, n) => ({ redemptionId: donation.redemptionId, partNo: n + 1, ...p })),
  );
  await bulkInsert(tx, 'donation_parts', [
    { name: 'redemption_id', type: 'uuid', values: parts.map((p) => p.redemptionId) },
    { name: 'part_no', type: 'integer', values: parts.map((p) => p.partNo) },
    { name: 'initiative_id', type: 'uuid', values: parts.map((p) => p.initiativeId) },
    { name: 'amount_cents', type: 'integer', values: parts.map((p) => p.amountCents) },
  ]);

  // Totals follow the counted donations only; a pending one holds its voucher and waits for a person.
  const perInitiative = new Map<string, { cents: number; n: number }>();
  for (const { index, event, donation: d } of candidates) {
    if (!holding.has(d.redemptionId)) continue;
    const verdict = decided.get(index);
    effects.changes.push({
      kind: 'used',
      data: { roundId: d.roundId, h: d.codeHash, at: event.deviceTime, channel: 'counter', redemptionId: d.redemptionId },
    });
    if (verdict?.state === 'pending') {
      results.set(index, { outcome: 'pending', reason: verdict.flags.join(', '), flags: verdict.flags });
      effects.changes.push(
        reviewChange({
          redemptionId: d.redemptionId,
          deviceId,
          roundId: d.roundId,
          valueCents: d.valueCents,
          districtCode: verdict.district,
          parts: d.parts,
          flags: verdict.flags,
          state: 'pending',
          note: null,
          at: event.deviceTime,
          decidedAt: null,
        }),
      );
      continue;
    }
    results.set(index, { outcome: 'accepted' });
    for (const p of d.parts) {
      const t = perInitiative.get(p.initiativeId) ?? { cents: 0, n: 0 };
      t.cents += p.amountCents;
      t.n += 1;
      perInitiative.set(p.initiativeId, t);
    }
  }
  for (const id of [...perInitiative.keys()].sort()) {
    const t = perInitiative.get(id) ?? { cents: 0, n: 0 };
    await addToInitiative(tx, tenantId, id, t.cents, t.n, effects);
  }
  return results;
}

function conflictChanges(
  contestedId: string,
  contestedDevice: string | null,
  countedId: string,
  countedDevice: string | null,
  roundId: string,
  valueCents: number,
  state: 'open' | 'kept-other' | 'counted-this',
  note: string | null,
  settledAt: string | null,
): NewChange[] {
  const data = { contestedRedemptionId: contestedId, countedRedemptionId: countedId, roundId, valueCents, state, note, settledAt };
  const targets = [...new Set([contestedDevice, countedDevice].filter((d): d is string => d !== null))];
  return targets.map((deviceId) => ({ deviceId, kind: 'conflict' as const, data }));
}

async function addToInitiative(tx: LedgerTx, tenantId: string, initiativeId: string, cents: number, n: number, effects: BatchEffects) {
  const [row] = await tx
    .update(initiatives)
    .set({
      collectedCents: sql`${initiatives.collectedCents} + ${cents}`,
      donations: sql`${initiatives.donations} + ${n}`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, initiativeId)))
    .returning({ status: initiatives.status, collected: initiatives.collectedCents, target: initiatives.targetCents });
  if (!row) return; // unknown to the ledger: the donation is flagged, there is no total to change
  effects.touchedInitiatives.add(initiativeId);
  // The ledger decides the target: reaching it (or falling below it after a reversal) moves the status.
  const action: LifecycleAction | null =
    row.status === 'spaarfase' && row.collected >= row.target
      ? 'reach-target'
      : row.status === 'streefbedrag_behaald' && row.collected < row.target
        ? 'lose-target'
        : null;
  const to = action ? nextStatus(row.status as InitiativeStatus, action) : null;
  if (to) {
    await tx
      .update(initiatives)
      .set({ status: to })
      .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, initiativeId)));
  }
}

async function partsOf(tx: LedgerTx, redemptionId: string) {
  return tx.select().from(donationParts).where(eq(donationParts.redemptionId, redemptionId));
}

async function moveTotals(tx: LedgerTx, tenantId: string, redemptionId: string, sign: 1 | -1, effects: BatchEffects) {
  for (const p of await partsOf(tx, redemptionId)) {
    await addToInitiative(tx, tenantId, p.initiativeId, sign * p.amountCents, sign, effects);
  }
}

async function recordReversal(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  const { redemptionId } = parsePayload('donation.reversed', 1, event.payload);
  const [d] = await tx
    .select()
    .from(donations)
    .where(and(eq(donations.tenantId, tenantId), eq(donations.redemptionId, redemptionId)))
    .for('update');
  if (!d) return { outcome: 'overruled', reason: 'unknown donation' };
  if (d.state === 'reversed' || d.state === 'void' || d.state === 'rejected') return { outcome: 'accepted', reason: `already ${d.state}` };
  await tx.update(donations).set({ state: 'reversed' }).where(eq(donations.redemptionId, d.redemptionId));
  if (d.state === 'counted' || d.state === 'pending') {
    if (d.state === 'counted') await moveTotals(tx, tenantId, d.redemptionId, -1, effects);
    else effects.changes.push(reviewChange(await reviewOf(tx, d, 'reversed', 'teruggedraaid', event.deviceTime)));
    effects.changes.push({ kind: 'released', data: { roundId: d.roundId, h: d.codeHash, redemptionId: d.redemptionId } });
  } else if (d.state === 'contested' && d.countedRedemptionId) {
    // Reversing the contested donation ends the conflict: the other one counts, as it did.
    const [w] = await tx.select({ deviceId: donations.deviceId }).from(donations).where(eq(donations.redemptionId, d.countedRedemptionId));
    effects.changes.push(
      ...conflictChanges(
        d.redemptionId,
        d.deviceId,
        d.countedRedemptionId,
        w?.deviceId ?? null,
        d.roundId,
        d.valueCents,
        'kept-other',
        'teruggedraaid',
        event.deviceTime,
      ),
    );
  }
  return { outcome: 'accepted' };
}

/**
 * Settle a contested donation: keep the other (this one is void), or count this one instead (the
 * other becomes void). Used by devices (conflict.settled) and by the admin CLI.
 */
async function settleConflict(
  tx: LedgerTx,
  tenantId: string,
  input: { contestedRedemptionId: string; decision: SettlementDecision; note: string; by: string },
  effects: BatchEffects,
  at: string,
): Promise<Outcome> {
  const [d] = await tx
    .select()
    .from(donations)
    .where(and(eq(donations.tenantId, tenantId), eq(donations.redemptionId, input.contestedRedemptionId)))
    .for('update');
  if (!d || d.state !== 'contested' || !d.countedRedemptionId) return { outcome: 'overruled', reason: 'not an open conflict' };
  const [w] = await tx.select().from(donations).where(eq(donations.redemptionId, d.countedRedemptionId)).for('update');
  if (!w) return { outcome: 'overruled', reason: 'not an open conflict' };
  const settled = { settledAt: new Date().toISOString(), settledBy: input.by, settlementNote: input.note };
  if (input.decision === 'keep-other') {
    await tx
      .update(donations)
      .set({ state: 'void', ...settled })
      .where(eq(donations.redemptionId, d.redemptionId));
    effects.changes.push(
      ...conflictChanges(d.redemptionId, d.deviceId, w.redemptionId, w.deviceId, d.roundId, d.valueCents, 'kept-other', input.note, at),
    );
  } else {
    // Order matters for the unique index: the other stops counting before this one starts.
    await tx
      .update(donations)
      .set({ state: 'void', ...settled })
      .where(eq(donations.redemptionId, w.redemptionId));
    // A pending winner never counted: it leaves no total to take back, and its review ends.
    if (w.state === 'counted') await moveTotals(tx, tenantId, w.redemptionId, -1, effects);
    else if (w.state === 'pending') effects.changes.push(reviewChange(await reviewOf(tx, w, 'rejected', input.note, at)));
    await tx
      .update(donations)
      .set({ state: 'counted', countedRedemptionId: null, ...settled })
      .where(eq(donations.redemptionId, d.redemptionId));
    await moveTotals(tx, tenantId, d.redemptionId, 1, effects);
    // Any third use of the same voucher now points at the one that counts.
    await tx
      .update(donations)
      .set({ countedRedemptionId: d.redemptionId })
      .where(and(eq(donations.countedRedemptionId, w.redemptionId), eq(donations.state, 'contested')));
    effects.changes.push(
      ...conflictChanges(d.redemptionId, d.deviceId, w.redemptionId, w.deviceId, d.roundId, d.valueCents, 'counted-this', input.note, at),
    );
  }
  return { outcome: 'accepted' };
}

/** The admin CLI's way to settle: its own transaction, with the same effects as a device's settlement. */
export function settleByAdmin(
  db: LedgerDb,
  tenantId: string,
  input: { contestedRedemptionId: string; decision: SettlementDecision; note: string; by: string },
): Promise<Outcome> {
  return asAdmin(db, tenantId, (tx, effects, at) => settleConflict(tx, tenantId, input, effects, at));
}

/** One admin decision in its own transaction, with the pull feed's changes it makes, as a batch would write them. */
async function asAdmin(
  db: LedgerDb,
  tenantId: string,
  decide: (tx: LedgerTx, effects: BatchEffects, at: string) => Promise<Outcome>,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const effects = new BatchEffects();
    const outcome = await decide(tx, effects, new Date().toISOString());
    effects.changes.push(...(await initiativeSnapshots(tx, tenantId, [...effects.touchedInitiatives])));
    await emitChanges(tx, tenantId, effects.changes);
    return outcome;
  });
}

/** A donation row as the review change shows it (with its parts). */
async function reviewOf(
  tx: LedgerTx,
  d: DonationRow,
  state: 'pending' | 'confirmed' | 'rejected' | 'reversed',
  note: string | null,
  at: string | null,
) {
  return {
    redemptionId: d.redemptionId,
    deviceId: d.deviceId,
    roundId: d.roundId,
    valueCents: d.valueCents,
    districtCode: d.districtCode,
    parts: (await partsOf(tx, d.redemptionId)).map((p) => ({ initiativeId: p.initiativeId, amountCents: p.amountCents })),
    flags: d.flags,
    state,
    note,
    at: d.deviceTime,
    decidedAt: state === 'pending' ? null : at,
  };
}

/**
 * A person decides a pending donation (docs/sync-protocol.md §5): confirm — it counts from now, with its
 * totals; reject — it counts nowhere and its voucher is free again. Only a pending donation can be
 * decided; the first decision the ledger receives counts, a later one is overruled.
 */
async function decidePending(
  tx: LedgerTx,
  tenantId: string,
  input: { redemptionId: string; decision: ReviewDecision; note: string; by: string },
  effects: BatchEffects,
  at: string,
): Promise<Outcome> {
  const [d] = await tx
    .select()
    .from(donations)
    .where(and(eq(donations.tenantId, tenantId), eq(donations.redemptionId, input.redemptionId)))
    .for('update');
  if (!d || d.state !== 'pending') return { outcome: 'overruled', reason: d ? `not pending but ${d.state}` : 'unknown donation' };
  const settled = { settledAt: new Date().toISOString(), settledBy: input.by, settlementNote: input.note };
  if (input.decision === 'confirm') {
    await tx
      .update(donations)
      .set({ state: 'counted', ...settled })
      .where(eq(donations.redemptionId, d.redemptionId));
    await moveTotals(tx, tenantId, d.redemptionId, 1, effects);
    effects.changes.push(reviewChange(await reviewOf(tx, d, 'confirmed', input.note, at)));
  } else {
    await tx
      .update(donations)
      .set({ state: 'rejected', ...settled })
      .where(eq(donations.redemptionId, d.redemptionId));
    effects.changes.push(reviewChange(await reviewOf(tx, d, 'rejected', input.note, at)));
    effects.changes.push({ kind: 'released', data: { roundId: d.roundId, h: d.codeHash, redemptionId: d.redemptionId } });
  }
  return { outcome: 'accepted' };
}

/** The admin CLI's way to decide a pending donation: the same effects as a wijkregisseur's decision on a device. */
export function decideByAdmin(
  db: LedgerDb,
  tenantId: string,
  input: { redemptionId: string; decision: ReviewDecision; note: string; by: string },
): Promise<Outcome> {
  return asAdmin(db, tenantId, (tx, effects, at) => decidePending(tx, tenantId, input, effects, at));
}
