/**
 * Decisions a person takes at the ledger or on a device: settling a voucher used twice (conflict.settled,
 * `settle`), and confirming or rejecting a pending donation (donation.decided, `decide`). The first decision
 * the ledger receives counts; a later one is overruled.
 */
import { and, eq } from 'drizzle-orm';
import type { SettlementDecision } from '../../core/sync/protocol.js';
import type { ReviewDecision } from '../../core/sync/events.js';
import { donations } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { emitChanges } from './changes.js';
import { initiativeSnapshots } from './snapshots.js';
import { BatchEffects, type Outcome } from './batch.js';
import { reviewChange } from './donation-rules.js';
import { conflictChanges, lockDonation, moveTotals, reviewOf } from './donation-effects.js';

/**
 * Settle a contested donation: keep the other (this one is void), or count this one instead (the
 * other becomes void). Used by devices (conflict.settled) and by the admin CLI.
 */
export async function settleConflict(
  tx: LedgerTx,
  tenantId: string,
  input: { contestedRedemptionId: string; decision: SettlementDecision; note: string; by: string },
  effects: BatchEffects,
  at: string,
): Promise<Outcome> {
  const d = await lockDonation(tx, tenantId, input.contestedRedemptionId);
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

/**
 * A person decides a pending donation (docs/sync-protocol.md §5): confirm — it counts from now, with its
 * totals; reject — it counts nowhere and its voucher is free again. Only a pending donation can be
 * decided; the first decision the ledger receives counts, a later one is overruled.
 */
export async function decidePending(
  tx: LedgerTx,
  tenantId: string,
  input: { redemptionId: string; decision: ReviewDecision; note: string; by: string },
  effects: BatchEffects,
  at: string,
): Promise<Outcome> {
  const d = await lockDonation(tx, tenantId, input.redemptionId);
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
