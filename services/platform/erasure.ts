/**
 * Erasure of personal data on request (AVG), written once for every wing that holds people: the wing's
 * `erase` blanks the fields and appends its event (ids only) in one transaction; then the WAL is folded
 * into the file, because it still holds the old page images (secure_delete zeroes the freed pages).
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open-store.js';
import type { Clock } from './deps.js';

/** What an erased name (and other free text) reads as afterwards. */
export const ERASED = '[gewist]';

export function eraseOnRequest(db: Db, clock: Clock, erase: (tx: Tx, now: string) => void): void {
  db.transaction((tx) => erase(tx, clock().toISOString()), { behavior: 'immediate' });
  db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
}
