/**
 * What each event means for the ledger, once ingest.ts has checked and ordered the batch: donations
 * (one counted per voucher, later ones contested), reversals, and settlements of double use; events
 * about initiatives are in initiative-effects.ts. Everything here runs inside the batch's transaction
 * and collects the pull feed's changes in BatchEffects, written at the end.
 */
import type { WireEvent } from '../../core/sync/protocol.js';
import { checkPayload, parsePayload, type EventType, type ParsedPayload } from '../../core/sync/events.js';
import type { LedgerTx } from '../db/connect.js';
import type { DonationFacts } from './donation-rules.js';
import { type BatchEffects, type BatchContext, type Outcome } from './batch.js';
import { recordDonations, recordReversal, type RunItem } from './donation-effects.js';
import { decidePending, settleConflict } from './decisions.js';
import { BudgetRefusal, transfer } from './budget.js';
import {
  recordAssessment,
  recordHelpErased,
  recordHelpOffered,
  recordRegistration,
  recordStatusChange,
  recordUpdate,
} from './initiative-effects.js';

export { BatchEffects, type BatchContext, type Outcome } from './batch.js';
export { decideByAdmin, settleByAdmin } from './decisions.js';

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
  'budget.transferred': async (tx, tenantId, event, _effects, deviceId) => {
    const p = parsePayload('budget.transferred', 1, event.payload);
    try {
      await transfer(tx, tenantId, p, { actor: `staff ${event.staffId ?? '-'}`, deviceId, seq: event.seq });
      return { outcome: 'accepted' };
    } catch (error) {
      // The rules of the account decide, as for a transfer at the ledger; the device shows the refusal.
      if (error instanceof BudgetRefusal) return { outcome: 'overruled', reason: error.code };
      throw error;
    }
  },
};
