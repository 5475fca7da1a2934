import { eq } from 'drizzle-orm';
import { syncState } from '../db/schema.js';
import type { Db } from '../db/open-store.js';

/** ISO time of the last successful sync with the central ledger, or null if never. */
export function getLastSyncAt(db: Db): string | null {
  return db.select().from(syncState).where(eq(syncState.key, 'lastSyncAt')).get()?.value ?? null;
}
