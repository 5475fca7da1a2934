/**
 * The audit trail to the ledger after the events (core/audit.ts, POST /v1/audit, docs/sync-protocol.md §4d): the
 * entries the ledger does not have yet, in batches, each continuing the device's line; the ledger says how far it
 * holds them. Never personal data: ids only.
 */
import { MAX_AUDIT_BATCH, auditPushAnswerSchema } from '../../core/audit.js';
import { syncErrorMessage } from '../../core/sync/sync-errors.js';
import type { Db } from '../../db/open-store.js';
import { auditAfter } from '../platform/index.js';
import type { LedgerRequest } from './photos.js';
import { getSyncValue, setSyncValue } from './state.js';
import { refusal, SyncError } from './sync-error.js';

export async function pushAudit(db: Db, request: LedgerRequest, deviceId: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const after = Number(getSyncValue(db, 'auditSentSeq') ?? '0');
    const entries = auditAfter(db, after, MAX_AUDIT_BATCH);
    if (entries.length === 0) return sent;
    const { status, json } = await request('POST', '/v1/audit', JSON.stringify({ deviceId, entries }));
    if (status !== 200) throw refusal(status, json);
    const parsed = auditPushAnswerSchema.safeParse(json);
    if (!parsed.success) throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'audit answer does not parse');
    if (parsed.data.storedThrough <= after) throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'audit entries not taken');
    setSyncValue(db, 'auditSentSeq', String(parsed.data.storedThrough));
    sent += parsed.data.storedThrough - after;
  }
}
