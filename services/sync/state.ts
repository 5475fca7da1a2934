import { eq } from 'drizzle-orm';
import { syncState } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';

/** Pick<Db,…> so a transaction handle works too. */
type Q = Pick<Db, 'select' | 'insert' | 'delete'>;

export type SyncKey =
  | 'serverUrl'
  | 'deviceId'
  | 'tenantId'
  | 'tenantName'
  /** How the municipality's platform is known (receipts, screens), from the ledger at enrolment. */
  | 'platformName'
  | 'privateKey'
  | 'publicKey'
  | 'cursor'
  /** The ledger's change feed the cursor belongs to (another one: the ledger was restored; docs/sync-protocol.md §4). */
  | 'feedEpoch'
  /** After a restored ledger's new epoch: the cursor this device had; the feed up to it is read again (apply.ts). */
  | 'feedReplayUntil'
  | 'lastSyncAt'
  | 'lastAttemptAt'
  | 'lastError'
  | 'lastErrorCode'
  | 'clockSkewMs'
  /** A backup was restored: learn from the ledger what this device sent after it before writing anything new. */
  | 'chainCatchUp'
  /** Every outbox event below this sequence is acknowledged (platform/outbox.ts `unsentEvent`). */
  | 'outboxUnsentFrom'
  /** The last audit entry the ledger holds. */
  | 'auditSentSeq'
  /** The line of the audit trail new entries go on (platform/audit.ts). */
  | 'auditChain'
  /** Updates (services/updates): the channel a beheerder pinned, and until when staff postponed a new version. */
  | 'updateChannel'
  | 'updatePostponedUntil';

export function getSyncValue(db: Q, key: SyncKey): string | null {
  return db.select().from(syncState).where(eq(syncState.key, key)).get()?.value ?? null;
}

export function setSyncValue(db: Q, key: SyncKey, value: string | null): void {
  if (value === null) db.delete(syncState).where(eq(syncState.key, key)).run();
  else db.insert(syncState).values({ key, value }).onConflictDoUpdate({ target: syncState.key, set: { value } }).run();
}

/**
 * The link with the central ledger as the status bar shows it: not set up, answering (the last attempt worked),
 * or not answering (the last attempt failed) — whether the network is up says nothing about the ledger. And the
 * PC's clock against the ledger's, when it is off by more than the protocol's limit.
 */
export function ledgerLink(db: Db): { ledger: 'none' | 'reachable' | 'unreachable'; clockSkewMs: number | null } {
  const skew = getSyncValue(db, 'clockSkewMs');
  if (getSyncValue(db, 'deviceId') === null) return { ledger: 'none', clockSkewMs: null };
  const failing = getSyncValue(db, 'lastError') !== null || getSyncValue(db, 'lastSyncAt') === null;
  return { ledger: failing ? 'unreachable' : 'reachable', clockSkewMs: skew === null ? null : Number(skew) };
}

/** ISO time of the last successful sync with the central ledger, or null if never. */
export function getLastSyncAt(db: Db): string | null {
  return getSyncValue(db, 'lastSyncAt');
}
