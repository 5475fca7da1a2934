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
  | 'privateKey'
  | 'publicKey'
  | 'cursor'
  | 'lastSyncAt'
  | 'lastAttemptAt'
  | 'lastError'
  | 'lastErrorCode'
  | 'clockSkewMs';

export function getSyncValue(db: Q, key: SyncKey): string | null {
  return db.select().from(syncState).where(eq(syncState.key, key)).get()?.value ?? null;
}

export function setSyncValue(db: Q, key: SyncKey, value: string | null): void {
  if (value === null) db.delete(syncState).where(eq(syncState.key, key)).run();
  else db.insert(syncState).values({ key, value }).onConflictDoUpdate({ target: syncState.key, set: { value } }).run();
}

/** ISO time of the last successful sync with the central ledger, or null if never. */
export function getLastSyncAt(db: Db): string | null {
  return getSyncValue(db, 'lastSyncAt');
}
