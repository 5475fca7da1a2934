/**
 * After a backup was restored (platform/backup.ts): take from the ledger (GET /v1/events, docs/sync-protocol.md §4c),
 * verbatim and acknowledged, the events this device sent after the backup, each checked to continue the chain (its
 * prevHash is the last one's hash, its hash verifies). Then new events go on from the ledger's last one, and nothing
 * is sent twice. Until this succeeded, appendEvent refuses to record anything (nothing may take a sequence the ledger
 * already holds).
 */
import { desc } from 'drizzle-orm';
import { GENESIS_HASH, MAX_BATCH_EVENTS, canonicalJson, ownEventsResponseSchema } from '../../core/sync/protocol.js';
import { syncErrorMessage } from '../../core/sync/sync-errors.js';
import { outbox } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import { eventHash, type Clock, type Logger } from '../platform/index.js';
import type { LedgerRequest } from './photos.js';
import { getSyncValue, setSyncValue } from './state.js';
import { refusal, SyncError } from './sync-error.js';

export async function catchUpChain(db: Db, log: Logger, clock: Clock, request: LedgerRequest): Promise<number> {
  if (!getSyncValue(db, 'chainCatchUp')) return 0;
  let taken = 0;
  for (;;) {
    const last = db.select({ seq: outbox.seq, hash: outbox.hash }).from(outbox).orderBy(desc(outbox.seq)).limit(1).get();
    const after = last?.seq ?? 0;
    const { status, json } = await request('GET', `/v1/events?after=${after}&limit=${MAX_BATCH_EVENTS}`);
    if (status !== 200) throw refusal(status, json);
    const parsed = ownEventsResponseSchema.safeParse(json);
    if (!parsed.success) throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'own events do not parse');
    // "More" with nothing in it would have this loop ask for ever.
    if (parsed.data.more && parsed.data.events.length === 0)
      throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'own events: more, but none');
    const now = clock().toISOString();
    let prev = last?.hash ?? GENESIS_HASH;
    const rows = parsed.data.events.map((e, i) => {
      const base = {
        seq: e.seq,
        eventId: e.eventId,
        type: e.type,
        version: e.version,
        payload: canonicalJson(e.payload),
        staffId: e.staffId,
        deviceTime: e.deviceTime,
      };
      if (e.seq !== after + 1 + i || e.prevHash !== prev || eventHash(e.prevHash, base) !== e.hash) {
        throw new SyncError('CHAIN_BROKEN', syncErrorMessage('CHAIN_BROKEN'), `own event ${e.seq} does not continue the chain`);
      }
      prev = e.hash;
      return { ...base, prevHash: e.prevHash, hash: e.hash, ackedAt: now };
    });
    db.transaction((tx) => {
      if (rows.length > 0) tx.insert(outbox).values(rows).run();
      if (!parsed.data.more) setSyncValue(tx, 'chainCatchUp', null);
    });
    taken += rows.length;
    if (!parsed.data.more) {
      log.info({ taken, nextSeq: parsed.data.nextSeq }, 'chain caught up with the ledger after a restore');
      return taken;
    }
  }
}
