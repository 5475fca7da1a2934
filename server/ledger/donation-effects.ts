/**
 * Donations at the ledger: a run of donation.recorded events decided and written in bulk (one holder per
 * voucher under the partial unique index, later uses contested), their totals, and reversals.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { nextStatus, type LifecycleAction } from '../../core/initiative-lifecycle.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import type { WireEvent } from '../../core/sync/protocol.js';
import { parsePayload } from '../../core/sync/events.js';
import { donationParts, donations, initiatives, rounds, vouchers, type DonationRow } from '../db/schema.js';
import type { LedgerTx } from '../db/connect.js';
import { anyOf, bulkInsert } from './bulk.js';
import type { BatchContext, BatchEffects, Outcome } from './batch.js';
import type { NewChange } from './changes.js';
import { decideDonation, donationFlags, reviewChange, type DonationFacts, type DonationFlag } from './donation-rules.js';

export interface RunItem {
  index: number;
  event: WireEvent;
  donation: DonationFacts;
}

export async function recordDonations(
  tx: LedgerTx,
  context: BatchContext,
  run: readonly RunItem[],
  effects: BatchEffects,
): Promise<Map<number, Outcome>> {
  const { tenantId, deviceId } = context;
  const results = new Map<number, Outcome>();
  const candidates = await withoutReusedIds(tx, run, results);
  if (candidates.length === 0) return results;
  const decided = await decideRun(tx, context, candidates);

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
  const holding = await insertHolding(
    tx,
    inOrder.map((item) => rowOf(item, false)),
  );
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
  await insertParts(
    tx,
    candidates.map((c) => c.donation),
  );

  await announceHolders(
    tx,
    context,
    candidates.filter((c) => holding.has(c.donation.redemptionId)),
    decided,
    results,
    effects,
  );
  return results;
}

/** Insert the rows that may hold their voucher; the partial unique index skips a voucher already held. Answers the ids that hold. */
export async function insertHolding(tx: LedgerTx, rows: (typeof donations.$inferInsert)[]): Promise<Set<string>> {
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
  return new Set(inserted.map((r) => r.redemption_id));
}

/** Each donation's parts: which initiatives share its value. */
export async function insertParts(tx: LedgerTx, items: readonly Pick<DonationFacts, 'redemptionId' | 'parts'>[]): Promise<void> {
  const parts = items.flatMap((donation) => donation.parts.map((p, n) => ({ redemptionId: donation.redemptionId, partNo: n + 1, ...p })));
  await bulkInsert(tx, 'donation_parts', [
    { name: 'redemption_id', type: 'uuid', values: parts.map((p) => p.redemptionId) },
    { name: 'part_no', type: 'integer', values: parts.map((p) => p.partNo) },
    { name: 'initiative_id', type: 'uuid', values: parts.map((p) => p.initiativeId) },
    { name: 'amount_cents', type: 'integer', values: parts.map((p) => p.amountCents) },
  ]);
}

/**
 * The donations that hold their voucher: every device learns the voucher is used; a counted one goes into
 * its initiatives' totals (in id order, so concurrent batches lock initiative rows alike), a pending one
 * goes to every device for a person's decision.
 */
async function announceHolders(
  tx: LedgerTx,
  context: BatchContext,
  holders: readonly RunItem[],
  decided: ReadonlyMap<number, Verdict>,
  results: Map<number, Outcome>,
  effects: BatchEffects,
): Promise<void> {
  const { tenantId, deviceId } = context;
  const perInitiative = new Map<string, { cents: number; n: number }>();
  for (const { index, event, donation: d } of holders) {
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
}

/** A redemption id is the device's promise of one donation: a second event with the same id is not a donation. */
async function withoutReusedIds(tx: LedgerTx, run: readonly RunItem[], results: Map<number, Outcome>): Promise<RunItem[]> {
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
  return candidates;
}

interface Verdict {
  flags: DonationFlag[];
  state: 'counted' | 'pending';
  district: string | null;
  buurt: string | null;
}

/** Each donation decided on what the ledger knows: its registry, its rounds, its initiatives (donation-rules.ts). */
async function decideRun(tx: LedgerTx, context: BatchContext, candidates: readonly RunItem[]): Promise<Map<number, Verdict>> {
  const { tenantId } = context;
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
  return new Map(
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
}

export function conflictChanges(
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

export async function addToInitiative(
  tx: LedgerTx,
  tenantId: string,
  initiativeId: string,
  cents: number,
  n: number,
  effects: BatchEffects,
) {
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

export async function partsOf(tx: LedgerTx, redemptionId: string) {
  return tx.select().from(donationParts).where(eq(donationParts.redemptionId, redemptionId));
}

export async function moveTotals(tx: LedgerTx, tenantId: string, redemptionId: string, sign: 1 | -1, effects: BatchEffects) {
  for (const p of await partsOf(tx, redemptionId)) {
    await addToInitiative(tx, tenantId, p.initiativeId, sign * p.amountCents, sign, effects);
  }
}

export async function recordReversal(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  const { redemptionId } = parsePayload('donation.reversed', 1, event.payload);
  const d = await lockDonation(tx, tenantId, redemptionId);
  if (!d) return { outcome: 'overruled', reason: 'unknown donation' };
  if (d.state === 'reversed' || d.state === 'void' || d.state === 'rejected') return { outcome: 'accepted', reason: `already ${d.state}` };
  await reverseDonation(tx, tenantId, d, effects, event.deviceTime);
  return { outcome: 'accepted' };
}

/**
 * Undo a donation that holds or contests its voucher (the caller locked it and checked it is not already undone):
 * a counted one leaves its totals, and every device learns the voucher is free again; a contested one ends its
 * conflict. One path for a device's reversal and the website's.
 */
export async function reverseDonation(tx: LedgerTx, tenantId: string, d: DonationRow, effects: BatchEffects, at: string): Promise<void> {
  await tx.update(donations).set({ state: 'reversed' }).where(eq(donations.redemptionId, d.redemptionId));
  if (d.state === 'counted' || d.state === 'pending') {
    if (d.state === 'counted') await moveTotals(tx, tenantId, d.redemptionId, -1, effects);
    else effects.changes.push(reviewChange(await reviewOf(tx, d, 'reversed', 'teruggedraaid', at)));
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
        at,
      ),
    );
  }
}

/** A donation row as the review change shows it (with its parts). */
export async function reviewOf(
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

/** A donation of this tenant, locked for this transaction (a decision about it must not race another). */
export async function lockDonation(tx: LedgerTx, tenantId: string, redemptionId: string): Promise<DonationRow | undefined> {
  const [row] = await tx
    .select()
    .from(donations)
    .where(and(eq(donations.tenantId, tenantId), eq(donations.redemptionId, redemptionId)))
    .for('update');
  return row;
}
