/**
 * What each event means for the ledger, once ingest.ts has checked and ordered the batch: donations
 * (one counted per voucher, later ones contested), reversals, and settlements of double use; events
 * about initiatives are in initiative-effects.ts. Everything here runs inside the batch's transaction
 * and collects the pull feed's changes in BatchEffects, written at the end.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { nextStatus, type LifecycleAction } from '../../core/initiative-lifecycle.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import {
  conflictSettledV1,
  donationRecordedV1,
  donationReversedV1,
  isSupportedEvent,
  type EventOutcome,
  type SettlementDecision,
  type WireEvent,
} from '../../core/sync/protocol.js';
import { donationParts, donations, initiatives, vouchers } from '../db/schema.js';
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

export interface Outcome {
  outcome: Exclude<EventOutcome, 'duplicate'>;
  reason?: string;
  winner?: { redemptionId: string; deviceId: string | null };
}

type Donation = ReturnType<typeof donationRecordedV1.parse>;

/** Work that collects during one batch and is written at its end. */
export class BatchEffects {
  readonly changes: NewChange[] = [];
  readonly touchedInitiatives = new Set<string>();
}

export async function applyEvents(
  tx: LedgerTx,
  tenantId: string,
  deviceId: string,
  batch: readonly WireEvent[],
  effects: BatchEffects,
): Promise<(Outcome & { event: WireEvent })[]> {
  const outcomes = new Map<number, Outcome>();
  // Runs of donations are written in bulk; any other event first flushes the run before it, so the
  // order of the device's events is the order of their effects.
  let run: RunItem[] = [];
  const flush = async () => {
    if (run.length === 0) return;
    for (const [index, outcome] of await recordDonations(tx, tenantId, deviceId, run, effects)) outcomes.set(index, outcome);
    run = [];
  };
  for (const [index, event] of batch.entries()) {
    if (!isSupportedEvent(event.type, event.version)) {
      outcomes.set(index, { outcome: 'quarantined', reason: `unsupported event ${event.type} v${event.version}` });
      continue;
    }
    const handler = recorders[event.type];
    if (handler) {
      await flush();
      outcomes.set(index, await handler(tx, tenantId, event, effects));
      continue;
    }
    switch (event.type) {
      case 'donation.recorded': {
        const parsed = donationRecordedV1.safeParse(event.payload);
        const sum = parsed.success ? parsed.data.parts.reduce((s, p) => s + p.amountCents, 0) : 0;
        if (!parsed.success || sum !== parsed.data.valueCents) {
          outcomes.set(index, { outcome: 'quarantined', reason: 'invalid donation payload' });
        } else {
          run.push({ index, event, donation: parsed.data });
        }
        break;
      }
      case 'conflict.settled': {
        await flush();
        const parsed = conflictSettledV1.safeParse(event.payload);
        outcomes.set(
          index,
          parsed.success
            ? await settleConflict(tx, tenantId, { ...parsed.data, by: `${deviceId}/${event.staffId ?? '-'}` }, effects, event.deviceTime)
            : { outcome: 'quarantined', reason: 'invalid settlement payload' },
        );
        break;
      }
      default:
        outcomes.set(index, { outcome: 'accepted' });
    }
  }
  await flush();
  return batch.map((event, i) => {
    const outcome = outcomes.get(i);
    if (!outcome) throw new Error(`event ${event.seq} was not applied`);
    return { event, ...outcome };
  });
}

type Recorder = (tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects) => Promise<Outcome>;

/** Events with an effect of their own, one at a time (donations are written in runs, settlements below). */
const recorders: Readonly<Record<string, Recorder>> = {
  'donation.reversed': (...a) => recordReversal(...a),
  'initiative.status-changed': (...a) => recordStatusChange(...a),
  'initiative.registered': (...a) => recordRegistration(...a),
  'initiative.assessed': (...a) => recordAssessment(...a),
  'initiative.updated': (...a) => recordUpdate(...a),
  'volunteer.signed-up': (...a) => recordHelpOffered(...a),
  'material.pledged': (...a) => recordHelpOffered(...a),
  'volunteer.erased': (...a) => recordHelpErased(...a),
};

interface RunItem {
  index: number;
  event: WireEvent;
  donation: Donation;
}

async function recordDonations(
  tx: LedgerTx,
  tenantId: string,
  deviceId: string,
  run: readonly RunItem[],
  effects: BatchEffects,
): Promise<Map<number, Outcome>> {
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

  const hashes = [...new Set(candidates.map((c) => c.donation.codeHash))];
  const known = new Set(
    (
      await tx
        .select({ roundId: vouchers.roundId, h: vouchers.codeHash })
        .from(vouchers)
        .where(and(eq(vouchers.tenantId, tenantId), anyOf(vouchers.codeHash, hashes, 'text')))
    ).map((v) => `${v.roundId}/${v.h}`),
  );
  const initiativeIds = [...new Set(candidates.flatMap((c) => c.donation.parts.map((p) => p.initiativeId)))];
  const knownInitiatives = new Set(
    (
      await tx
        .select({ id: initiatives.id })
        .from(initiatives)
        .where(and(eq(initiatives.tenantId, tenantId), inArray(initiatives.id, initiativeIds)))
    ).map((r) => r.id),
  );
  const rowOf = ({ donation, event }: RunItem, state: 'counted' | 'contested', countedRedemptionId: string | null = null) => {
    const flags: string[] = [];
    if (!known.has(`${donation.roundId}/${donation.codeHash}`)) flags.push('unknown-voucher');
    if (donation.parts.some((p) => !knownInitiatives.has(p.initiativeId))) flags.push('unknown-initiative');
    if (donation.needsConfirmation) flags.push('needs-confirmation');
    return {
      tenantId,
      redemptionId: donation.redemptionId,
      deviceId,
      seq: event.seq,
      channel: 'counter' as const,
      roundId: donation.roundId,
      codeHash: donation.codeHash,
      districtCode: donation.districtCode,
      valueCents: donation.valueCents,
      state,
      countedRedemptionId,
      deviceTime: event.deviceTime,
      flags,
    };
  };

  // The first use of a voucher counts. The partial unique index decides, also within this batch
  // (rows go in in sequence order) and against any other device's batch committing at the same time.
  // Rows go in sorted by voucher (stable, so a voucher's uses keep their sequence order): concurrent
  // batches then take the index's locks in the same order and cannot deadlock on each other.
  const inOrder = [...candidates].sort((x, y) =>
    x.donation.codeHash < y.donation.codeHash ? -1 : x.donation.codeHash > y.donation.codeHash ? 1 : 0,
  );
  const rows = inOrder.map((item) => rowOf(item, 'counted'));
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
      { name: 'value_cents', type: 'integer', values: rows.map((r) => r.valueCents) },
      { name: 'state', type: 'text', values: rows.map((r) => r.state) },
      { name: 'device_time', type: 'text', values: rows.map((r) => r.deviceTime) },
      { name: 'flags', type: 'jsonb', values: rows.map((r) => r.flags) },
    ],
    sql`on conflict (tenant_id, round_id, code_hash) where state = 'counted' do nothing returning redemption_id`,
  );
  const counted = new Set(inserted.map((r) => r.redemption_id));
  const lost = candidates.filter((c) => !counted.has(c.donation.redemptionId));
  if (lost.length > 0) {
    const winners = await tx
      .select({ id: donations.redemptionId, deviceId: donations.deviceId, roundId: donations.roundId, h: donations.codeHash })
      .from(donations)
      .where(
        and(
          eq(donations.tenantId, tenantId),
          eq(donations.state, 'counted'),
          anyOf(donations.codeHash, [...new Set(lost.map((c) => c.donation.codeHash))], 'text'),
        ),
      );
    const winnerOf = new Map(winners.map((w) => [`${w.roundId}/${w.h}`, w]));
    const rows = lost.map((item) => {
      const d = item.donation;
      const w = winnerOf.get(`${d.roundId}/${d.codeHash}`);
      // The insert skipped this row because a counted one exists; under READ COMMITTED this query sees it.
      if (!w) throw new Error('contested donation without a counted one');
      results.set(item.index, { outcome: 'contested', winner: { redemptionId: w.id, deviceId: w.deviceId } });
      effects.changes.push(...conflictChanges(d.redemptionId, deviceId, w.id, w.deviceId, d.roundId, d.valueCents, 'open', null, null));
      return rowOf(item, 'contested', w.id);
    });
    await tx.insert(donations).values(rows);
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

  // Totals follow the counted donations only.
  const perInitiative = new Map<string, { cents: number; n: number }>();
  for (const { index, event, donation: d } of candidates) {
    if (!counted.has(d.redemptionId)) continue;
    results.set(index, { outcome: 'accepted' });
    effects.changes.push({
      kind: 'used',
      data: { roundId: d.roundId, h: d.codeHash, at: event.deviceTime, channel: 'counter', redemptionId: d.redemptionId },
    });
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
  const parsed = donationReversedV1.safeParse(event.payload);
  if (!parsed.success) return { outcome: 'quarantined', reason: 'invalid reversal payload' };
  const [d] = await tx
    .select()
    .from(donations)
    .where(and(eq(donations.tenantId, tenantId), eq(donations.redemptionId, parsed.data.redemptionId)))
    .for('update');
  if (!d) return { outcome: 'overruled', reason: 'unknown donation' };
  if (d.state === 'reversed' || d.state === 'void') return { outcome: 'accepted', reason: `already ${d.state}` };
  await tx.update(donations).set({ state: 'reversed' }).where(eq(donations.redemptionId, d.redemptionId));
  if (d.state === 'counted') {
    await moveTotals(tx, tenantId, d.redemptionId, -1, effects);
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
    await moveTotals(tx, tenantId, w.redemptionId, -1, effects);
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
export async function settleByAdmin(
  db: LedgerDb,
  tenantId: string,
  input: { contestedRedemptionId: string; decision: SettlementDecision; note: string; by: string },
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const effects = new BatchEffects();
    const outcome = await settleConflict(tx, tenantId, input, effects, new Date().toISOString());
    effects.changes.push(...(await initiativeSnapshots(tx, tenantId, [...effects.touchedInitiatives])));
    await emitChanges(tx, tenantId, effects.changes);
    return outcome;
  });
}
