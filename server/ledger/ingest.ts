/**
 * Taking in a device's events (push, or an offline batch file): check the chain, store every event
 * exactly once, and apply what it means to the ledger (effects.ts) — all in one transaction.
 *
 * Refused (nothing stored, the body quarantined with the reason): a gap in the sequence, a broken hash
 * chain, a replayed sequence whose content differs. Everything well-formed and signed is stored; a
 * business problem is a *state* of the stored event (contested, overruled, quarantined), never a refusal
 * (LESSONS.md: one bad record must not block the queue).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { CLOCK_SKEW_FLAG_MS, type EventOutcome, type PushResponse, type PushResult, type WireEvent } from '../../core/sync/protocol.js';
import { chainHash } from '../../common/protocol-crypto.js';
import { devices, events, type DeviceRow } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { repairJsonText } from '../../core/text.js';
import { emitChanges } from './changes.js';
import { anyOf, bulkInsert } from './bulk.js';
import { isRetryable, ProtocolFailure } from './errors.js';
import { initiativeSnapshots } from './snapshots.js';
import { applyEvents, BatchEffects } from './effects.js';
import { momentOf } from '../../core/business-day.js';

export interface IngestInput {
  tenantId: string;
  deviceId: string;
  events: readonly WireEvent[];
  via: 'push' | 'file';
  /** The device's clock at the time of the request (signed header), for skew; never a reason to refuse. */
  deviceClock?: string;
  /**
   * The raw JSON the events came in, when there is one. Valid JSON can carry U+0000 or a lone surrogate only
   * as a \\u escape, so a body without such escapes needs no repair walk (the push's hot path).
   */
  rawJson?: string;
}

export async function ingestBatch(
  db: LedgerDb,
  input: IngestInput,
  now = new Date(),
  /** Only for an offline file of a revoked device that the administrator confirmed (batch:import --accept-revoked). */
  options: { allowRevoked?: boolean } = {},
): Promise<PushResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(db, input, now, options.allowRevoked ?? false);
    } catch (error) {
      if (attempt >= 5 || !isRetryable(error)) throw error;
    }
  }
}

/** Why an event's text was changed before it was stored (its hash still covers what the device sent). */
export const TEXT_REPAIRED = 'text stored with U+FFFD for U+0000 or a lone surrogate';

async function ingestOnce(db: LedgerDb, input: IngestInput, now: Date, allowRevoked: boolean): Promise<PushResponse> {
  const batch = input.events;
  const firstSeq = batch[0]?.seq ?? 0;
  for (const [i, e] of batch.entries()) {
    if (e.seq !== firstSeq + i) throw new ProtocolFailure(400, 'MALFORMED', 'Events must be in consecutive sequence order.');
  }
  const skew = input.deviceClock ? momentOf(input.deviceClock) - now.getTime() : NaN;
  const clockSkewMs = Number.isFinite(skew) ? Math.round(skew) : 0;

  return db.transaction(async (tx) => {
    const [device] = await tx
      .select()
      .from(devices)
      .where(and(eq(devices.id, input.deviceId), eq(devices.tenantId, input.tenantId)))
      .for('update');
    if (!device) throw new ProtocolFailure(401, 'UNKNOWN_DEVICE', 'Unknown device.');
    if (device.revokedAt && !allowRevoked) throw new ProtocolFailure(403, 'DEVICE_REVOKED', 'This device has been revoked.');

    const { seen, storedOutcomes, fresh, lastHash: prev } = await checkChain(tx, device, batch);

    // PostgreSQL's text and jsonb cannot hold U+0000 or a lone surrogate: such characters are kept as
    // U+FFFD (the stored hash still covers what the device sent, so a resend is still a duplicate).
    // Without this, one pasted character would fail the device's every push (core/text.ts).
    const clean = input.rawJson !== undefined && !/\\u(0000|d[89a-f])/i.test(input.rawJson);
    const storable = clean
      ? fresh.map((event) => ({ event, replaced: false }))
      : fresh.map((e) => repairJsonText(e, '\uFFFD')).map((r) => ({ event: r.value, replaced: r.repaired }));
    // An eventId this municipality has stored before (or twice in this batch) is not a new event: stored
    // in the chain, quarantined. Only this tenant's ids are looked at, so nothing is learned of another's.
    const reusedIds = await reusedEventIds(
      tx,
      input.tenantId,
      storable.map((e) => e.event.eventId),
    );
    const effects = new BatchEffects();
    const applied = (
      await applyEvents(
        tx,
        { tenantId: input.tenantId, deviceId: device.id, clockSkewMs: Math.abs(clockSkewMs) > CLOCK_SKEW_FLAG_MS ? clockSkewMs : 0 },
        storable.map((s) => s.event),
        effects,
        reusedIds,
      )
    ).map((a, i) => (storable[i]?.replaced && !a.reason ? { ...a, reason: TEXT_REPAIRED } : a));

    const col = <T>(f: (a: (typeof applied)[number]) => T) => applied.map(f);
    await bulkInsert(tx, 'events', [
      { name: 'tenant_id', type: 'text', values: col(() => input.tenantId) },
      { name: 'device_id', type: 'uuid', values: col(() => device.id) },
      { name: 'seq', type: 'bigint', values: col((a) => a.event.seq) },
      { name: 'event_id', type: 'uuid', values: col((a) => a.event.eventId) },
      { name: 'type', type: 'text', values: col((a) => a.event.type) },
      { name: 'version', type: 'integer', values: col((a) => a.event.version) },
      { name: 'payload', type: 'jsonb', values: col((a) => a.event.payload) },
      { name: 'staff_id', type: 'text', values: col((a) => a.event.staffId) },
      { name: 'device_time', type: 'text', values: col((a) => a.event.deviceTime) },
      { name: 'prev_hash', type: 'text', values: col((a) => a.event.prevHash) },
      { name: 'hash', type: 'text', values: col((a) => a.event.hash) },
      { name: 'received_at', type: 'timestamptz', values: col(() => now.toISOString()) },
      { name: 'outcome', type: 'text', values: col((a) => a.outcome) },
      { name: 'reason', type: 'text', values: col((a) => a.reason ?? null) },
      { name: 'via', type: 'text', values: col(() => input.via) },
    ]);
    await tx
      .update(devices)
      .set({
        nextSeq: device.nextSeq + fresh.length,
        lastHash: prev,
        lastSeenAt: now.toISOString(),
        ...(input.deviceClock ? { clockSkewMs } : {}),
      })
      .where(eq(devices.id, device.id));

    effects.changes.push(...(await initiativeSnapshots(tx, input.tenantId, [...effects.touchedInitiatives])));
    await emitChanges(tx, input.tenantId, effects.changes);

    const results: PushResult[] = [
      ...seen.map((e) => ({
        seq: e.seq,
        eventId: e.eventId,
        outcome: 'duplicate' as const,
        stored: storedOutcomes.get(e.seq) as Exclude<EventOutcome, 'duplicate'> | undefined,
      })),
      ...applied.map(({ event: e, ...outcome }) => ({ seq: e.seq, eventId: e.eventId, ...outcome })),
    ];
    return {
      expectedSeq: device.nextSeq + fresh.length,
      results,
      serverTime: now.toISOString(),
      clockSkewMs: Math.abs(clockSkewMs) > CLOCK_SKEW_FLAG_MS ? clockSkewMs : 0,
    };
  });
}

async function reusedEventIds(tx: LedgerTx, tenantId: string, ids: readonly string[]): Promise<Set<number>> {
  const stored = new Set(
    ids.length === 0
      ? []
      : (
          await tx
            .select({ id: events.eventId })
            .from(events)
            .where(and(eq(events.tenantId, tenantId), anyOf(events.eventId, ids, 'uuid')))
        ).map((r) => r.id),
  );
  const reused = new Set<number>();
  for (const [index, id] of ids.entries()) {
    if (stored.has(id)) reused.add(index);
    stored.add(id);
  }
  return reused;
}

/**
 * The batch against the device's chain: events the ledger has must be byte for byte the ones it stored
 * (their first outcome is answered again); new events must start at the next sequence and chain on.
 */
async function checkChain(tx: LedgerTx, device: DeviceRow, batch: readonly WireEvent[]) {
  // Events the ledger has already: they must be byte-for-byte the ones it stored.
  const seen = batch.filter((e) => e.seq < device.nextSeq);
  const storedOutcomes = new Map<number, string>();
  if (seen.length > 0) {
    const stored = await tx
      .select({ seq: events.seq, hash: events.hash, outcome: events.outcome })
      .from(events)
      .where(
        and(
          eq(events.deviceId, device.id),
          inArray(
            events.seq,
            seen.map((e) => e.seq),
          ),
        ),
      );
    const byseq = new Map(stored.map((s) => [s.seq, s]));
    for (const s of stored) storedOutcomes.set(s.seq, s.outcome);
    for (const e of seen) {
      // Same hash as stored, and the content must still be what that hash covers.
      if (byseq.get(e.seq)?.hash !== e.hash || chainHash(e.prevHash, e) !== e.hash)
        throw new ProtocolFailure(409, 'CHAIN_BROKEN', `Event ${e.seq} differs from the one stored before.`, { seq: e.seq });
    }
  }
  const fresh = batch.filter((e) => e.seq >= device.nextSeq);
  if (fresh.length > 0 && fresh[0]?.seq !== device.nextSeq) {
    throw new ProtocolFailure(409, 'SEQUENCE_GAP', `Expected sequence ${device.nextSeq}.`, { expectedSeq: device.nextSeq });
  }
  let prev = device.lastHash;
  for (const e of fresh) {
    if (e.prevHash !== prev || chainHash(prev, e) !== e.hash) {
      throw new ProtocolFailure(422, 'CHAIN_BROKEN', `Event ${e.seq} does not fit the hash chain.`, { seq: e.seq });
    }
    prev = e.hash;
  }
  return { seen, storedOutcomes, fresh, lastHash: prev };
}
