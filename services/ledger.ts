/**
 * The outbox: append-only, hash-chained, one sequence per device (DESIGN.md rule 3). Callers append
 * inside the transaction that changes the state, so state and event commit together or not at all.
 */
import { createHash, randomUUID } from 'node:crypto';
import { asc, desc, gte, isNull, sql } from 'drizzle-orm';
import { outbox, type OutboxRow } from '../db/schema.js';
import { GENESIS_HASH, canonicalJson, eventHashBody } from '../core/sync/protocol.js';
import type { Db } from '../db/open-store.js';

export { GENESIS_HASH, canonicalJson };

/** Transaction handle: the same query API as Db. */
type Tx = Pick<Db, 'select' | 'insert'>;

export interface NewEvent {
  type: string;
  version: number;
  payload: Record<string, unknown>;
  staffId: string | null;
  deviceTime: string;
}

/** sha256(prevHash ‖ "\n" ‖ canonical event), hex. The server recomputes it the same way (core/sync/protocol.ts). */
export function chainHash(prevHash: string, event: Parameters<typeof eventHashBody>[0]): string {
  return createHash('sha256').update(prevHash).update('\n').update(eventHashBody(event)).digest('hex');
}

export function eventHash(prevHash: string, event: Omit<OutboxRow, 'hash' | 'prevHash' | 'ackedAt'>): string {
  return chainHash(prevHash, { ...event, payload: JSON.parse(event.payload) as unknown });
}

export function appendEvent(tx: Tx, event: NewEvent): OutboxRow {
  const last = tx.select({ seq: outbox.seq, hash: outbox.hash }).from(outbox).orderBy(desc(outbox.seq)).limit(1).get();
  const base = {
    seq: (last?.seq ?? 0) + 1,
    eventId: randomUUID(),
    type: event.type,
    version: event.version,
    payload: canonicalJson(event.payload),
    staffId: event.staffId,
    deviceTime: event.deviceTime,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: OutboxRow = { ...base, prevHash, hash: eventHash(prevHash, base), ackedAt: null };
  tx.insert(outbox).values(row).run();
  return row;
}

export function countUnsent(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .where(isNull(outbox.ackedAt))
      .get()?.n ?? 0
  );
}

/** Walk the whole chain; returns the first sequence that does not verify, or null. */
export function verifyChain(db: Db): number | null {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    // In pages, so a long-lived device's outbox is never loaded whole.
    const page = db.select().from(outbox).where(gte(outbox.seq, expectedSeq)).orderBy(asc(outbox.seq)).limit(1000).all();
    if (page.length === 0) return null;
    for (const row of page) {
      if (row.seq !== expectedSeq || row.prevHash !== prev || eventHash(prev, row) !== row.hash) return row.seq;
      prev = row.hash;
      expectedSeq += 1;
    }
  }
}
