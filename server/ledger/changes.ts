/**
 * The pull feed: changes numbered per tenant. Numbers are taken from tenants.change_seq at the end of
 * the writing transaction; the row lock on the tenant holds until commit, so a change with a higher
 * number never becomes visible before one with a lower number and a device's cursor never skips one.
 */
import { and, asc, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { changes, tenants } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { bulkInsert } from './bulk.js';
import { type Change } from '../../core/sync/protocol.js';

export type NewChange = { deviceId?: string | null } & Pick<Change, 'kind' | 'data'>;

export async function emitChanges(tx: LedgerTx, tenantId: string, items: readonly NewChange[]): Promise<void> {
  if (items.length === 0) return;
  const [row] = await tx
    .update(tenants)
    .set({ changeSeq: sql`${tenants.changeSeq} + ${items.length}` })
    .where(eq(tenants.id, tenantId))
    .returning({ last: tenants.changeSeq });
  if (!row) throw new Error(`unknown tenant ${tenantId}`);
  const first = row.last - items.length + 1;
  const json = items.map((c) => JSON.stringify(c.data));
  await bulkInsert(tx, 'changes', [
    { name: 'tenant_id', type: 'text', values: items.map(() => tenantId) },
    { name: 'id', type: 'bigint', values: items.map((_, i) => first + i) },
    { name: 'device_id', type: 'uuid', values: items.map((c) => c.deviceId ?? null) },
    { name: 'kind', type: 'text', values: items.map((c) => c.kind) },
    // Already JSON text: cast on the way in, and its size kept for paging.
    { name: 'data', type: 'jsonb', values: json, serialized: true },
    { name: 'size', type: 'integer', values: json.map((j) => Buffer.byteLength(j)) },
  ]);
}

/** A page holds at most `limit` changes and stops after about `maxBytes` of data (at least one change). */
export async function readChanges(
  db: LedgerDb,
  tenantId: string,
  deviceId: string,
  after: number,
  limit: number,
  maxBytes = 2 * 1024 * 1024,
): Promise<{ changes: Change[]; cursor: number; more: boolean }> {
  const visible = and(eq(changes.tenantId, tenantId), gt(changes.id, after), or(isNull(changes.deviceId), eq(changes.deviceId, deviceId)));
  // First the sizes (cheap), then the data up to the size budget.
  const sizes = await db
    .select({ id: changes.id, size: changes.size })
    .from(changes)
    .where(visible)
    .orderBy(asc(changes.id))
    .limit(limit + 1);
  let total = 0;
  let last = after;
  let count = 0;
  for (const s of sizes.slice(0, limit)) {
    if (count > 0 && total + s.size > maxBytes) break;
    total += s.size;
    last = s.id;
    count += 1;
  }
  if (count === 0) return { changes: [], cursor: after, more: false };
  const rows = await db
    .select({ id: changes.id, kind: changes.kind, data: changes.data })
    .from(changes)
    .where(and(visible, lte(changes.id, last)))
    .orderBy(asc(changes.id));
  return { changes: rows as Change[], cursor: last, more: sizes.length > count };
}

export interface Feed {
  /** The feed's identity: another one than a device knew means the ledger was restored from a backup. */
  epoch: string;
  /** The last change number the restored feed holds: a device keeps at most this cursor across a new epoch. */
  base: number;
}

/**
 * The feed's epoch for a pull after `after`. A cursor beyond the last change number can only come from a ledger that
 * was restored without being told (a database restored by other means than scripts/ledger-restore.sh): the feed is
 * marked restored here, so every device learns it. Which numbers came after that restore is not known any more, so
 * the base is 0: every device pulls the whole feed again (changes are idempotent). The highest such cursor is kept
 * (`feedAhead`), so the next device that was as far is not taken for another restore (each would make every device
 * pull everything again). What a client sends never moves the numbering: a cursor near 2^53 must not push the
 * change numbers past what JavaScript counts exactly. Logged for the administrator.
 */
export async function feedFor(db: LedgerDb, tenantId: string, after: number, onRestoreFound: () => void): Promise<Feed> {
  const [row] = await db
    .select({ epoch: tenants.feedEpoch, base: tenants.feedBase, last: tenants.changeSeq, ahead: tenants.feedAhead })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!row) throw new Error(`unknown tenant ${tenantId}`);
  if (after <= row.last || after <= row.ahead) return { epoch: row.epoch, base: row.base };
  onRestoreFound();
  const [marked] = await db
    .update(tenants)
    .set({ feedEpoch: sql`gen_random_uuid()`, feedBase: 0, feedAhead: after })
    .where(and(eq(tenants.id, tenantId), lt(tenants.changeSeq, after), lt(tenants.feedAhead, after)))
    .returning({ epoch: tenants.feedEpoch, base: tenants.feedBase });
  if (marked) return marked;
  // Another request marked it meanwhile: its epoch.
  return feedFor(db, tenantId, 0, () => undefined);
}

/** Every municipality's feed marked restored as it is now: what scripts/ledger-restore.sh does after restoring. */
export async function markAllFeedsRestored(db: LedgerDb): Promise<number> {
  const rows = await db
    .update(tenants)
    .set({ feedEpoch: sql`gen_random_uuid()`, feedBase: sql`${tenants.changeSeq}` })
    .returning({ id: tenants.id });
  return rows.length;
}
