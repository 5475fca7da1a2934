/**
 * The device's audit trail (core/audit.ts): record an entry in the chain, read it back a page at a time for the
 * beheerder, verify it end to end. The table refuses UPDATE and DELETE itself (migration 0012).
 */
import { randomUUID } from 'node:crypto';
import { desc, eq, lt, asc, gt, sql } from 'drizzle-orm';
import { auditEntrySchema, type AuditEntry, type NewAuditEntry } from '../../core/audit.js';
import { chainAudit, verifyAuditChain } from '../../common/audit-chain.js';
import { repairJsonText } from '../../core/text.js';
import { auditTrail, syncState } from '../../db/schema.js';
import type { Db, ReadableDb } from '../../db/open-store.js';

type Row = typeof auditTrail.$inferSelect;

export function entryOf(row: Row): AuditEntry {
  return auditEntrySchema.parse({ ...row, detail: JSON.parse(row.detail) as unknown });
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The line of the trail new entries go on (made with the first entry; a new one after a restore). */
function chainOf(tx: Tx): string {
  const row = tx.select({ value: syncState.value }).from(syncState).where(eq(syncState.key, 'auditChain')).get();
  if (row) return row.value;
  const chain = randomUUID();
  tx.insert(syncState).values({ key: 'auditChain', value: chain }).run();
  return chain;
}

/**
 * After a backup was restored: the entries made after the backup are at the ledger (if they were sent) but no
 * longer here, so the trail goes on in a new line that forks from the backup's last entry; the ledger keeps both.
 */
export function startNewAuditChain(db: Db): string {
  const chain = randomUUID();
  db.insert(syncState)
    .values({ key: 'auditChain', value: chain })
    .onConflictDoUpdate({ target: syncState.key, set: { value: chain } })
    .run();
  return chain;
}

/**
 * Append one entry (its own transaction: the last entry is read and the next written together). Its text is made
 * storable first (U+FFFD for U+0000 or half a surrogate pair), before it is hashed: the ledger refuses such text
 * (docs/sync-protocol.md §0), and one refused entry would hold up every sync after it.
 */
export function recordAudit(db: Db, entry: NewAuditEntry): AuditEntry {
  const storable = repairJsonText(entry, '\uFFFD').value;
  return db.transaction(
    (tx) => {
      const last = tx.select({ seq: auditTrail.seq, hash: auditTrail.hash }).from(auditTrail).orderBy(desc(auditTrail.seq)).limit(1).get();
      const chained = chainAudit(last ?? null, storable, chainOf(tx));
      tx.insert(auditTrail)
        .values({ ...chained, detail: JSON.stringify(chained.detail) })
        .run();
      return chained;
    },
    { behavior: 'immediate' },
  );
}

/** Newest first, `limit` entries before `before` (a sequence), for the viewer. */
export function listAudit(db: ReadableDb, before: number | null, limit: number): AuditEntry[] {
  const q = db.select().from(auditTrail);
  const rows = (before ? q.where(lt(auditTrail.seq, before)) : q).orderBy(desc(auditTrail.seq)).limit(limit).all();
  return rows.map(entryOf);
}

/** The entries after `after`, oldest first (what goes to the ledger). */
export function auditAfter(db: ReadableDb, after: number, limit: number): AuditEntry[] {
  return db.select().from(auditTrail).where(gt(auditTrail.seq, after)).orderBy(asc(auditTrail.seq)).limit(limit).all().map(entryOf);
}

/** Verify the whole chain in pages; answers the number of entries and the first one that does not verify. */
export function verifyAudit(db: ReadableDb): { entries: number; brokenAt: number | null } {
  let last: AuditEntry | null = null;
  let entries = 0;
  for (;;) {
    const rows = db
      .select()
      .from(auditTrail)
      .where(gt(auditTrail.seq, last?.seq ?? 0))
      .orderBy(asc(auditTrail.seq))
      .limit(1000)
      .all();
    if (rows.length === 0) return { entries, brokenAt: null };
    let page: AuditEntry[];
    try {
      page = rows.map(entryOf);
    } catch {
      return { entries, brokenAt: rows[0]?.seq ?? null };
    }
    const broken = verifyAuditChain(page, last);
    if (broken !== null) return { entries, brokenAt: broken };
    entries += page.length;
    last = page[page.length - 1] ?? last;
  }
}

export const auditCount = (db: ReadableDb) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(auditTrail)
    .get()?.n ?? 0;
