/**
 * The outbox: append-only, hash-chained, one sequence per device (DESIGN.md rule 3). Callers append
 * inside the transaction that changes the state, so state and event commit together or not at all.
 */
import { definePrepared } from '../../db/prepared.js';
import { randomUUID } from 'node:crypto';
import { asc, gte, sql, type SQL } from 'drizzle-orm';
import { outbox, syncState, type OutboxRow } from '../../db/schema.js';
import { AppError } from '../../core/api/errors.js';
import { GENESIS_HASH, canonicalJson } from '../../core/sync/protocol.js';
import { currentVersion, type EventPayload, type EventType } from '../../core/sync/events.js';
import { checkEventPayload } from './event-check.js';
import { chainHash, chainHashOfText } from '../../common/protocol-crypto.js';
import { repairJsonText } from '../../core/text.js';
import type { Db } from '../../db/open-store.js';

export { GENESIS_HASH, canonicalJson, chainHash };

/** Transaction handle: the same query API as Db. */
type Tx = Pick<Db, 'select' | 'insert'>;

/** An event as a domain hands it over: always the catalogue's current version of its type. */
export interface NewEvent<T extends EventType> {
  type: T;
  payload: EventPayload<T>;
  staffId: string | null;
  deviceTime: string;
}

export function eventHash(prevHash: string, event: Omit<OutboxRow, 'hash' | 'prevHash' | 'ackedAt'>): string {
  return chainHash(prevHash, { ...event, payload: JSON.parse(event.payload) as unknown });
}

/** Why nothing can be recorded on a device restored from a backup until it has reached the ledger once. */
export const CHAIN_HELD =
  'Er is een reservekopie teruggezet. Maak eerst verbinding met het centrale grootboek (Synchronisatie); daarna kunt u verder.';

/** Every donation appends: the statements compiled once per store (db/prepared.ts). */
const outboxStatements = definePrepared((tx: Tx) => ({
  /**
   * In one statement: the last event (its seq and hash), and whether the chain is held — set after a backup was
   * restored, until the ledger said what this device sent after it (backup.ts).
   */
  head: tx
    .select({
      held: sql<string | null>`(SELECT ${syncState.value} FROM ${syncState} WHERE ${syncState.key} = 'chainCatchUp')`,
      seq: sql<number | null>`(SELECT max(${outbox.seq}) FROM ${outbox})`,
      hash: sql<string | null>`(SELECT ${outbox.hash} FROM ${outbox} ORDER BY ${outbox.seq} DESC LIMIT 1)`,
    })
    .from(sql`(SELECT 1)`)
    .prepare(),
  insert: tx
    .insert(outbox)
    .values({
      seq: sql.placeholder('seq'),
      eventId: sql.placeholder('eventId'),
      type: sql.placeholder('type'),
      version: sql.placeholder('version'),
      payload: sql.placeholder('payload'),
      staffId: sql.placeholder('staffId'),
      deviceTime: sql.placeholder('deviceTime'),
      prevHash: sql.placeholder('prevHash'),
      hash: sql.placeholder('hash'),
      ackedAt: sql.placeholder('ackedAt'),
    })
    .prepare(),
}));

/**
 * Append an event in the caller's transaction. The payload is checked against the event catalogue
 * first: one that does not parse is a programming error, thrown before anything is written, so it can
 * never sit in the outbox and block the queue (the ledger would quarantine it and the money with it).
 */
export function appendEvent<T extends EventType>(tx: Tx, event: NewEvent<T>): OutboxRow {
  const version = currentVersion(event.type);
  // The dispatcher repaired every input already; this is the net under it for text from anywhere else
  // (a file, the ledger): nothing the ledger could not store ever enters the chain.
  const checked = checkEventPayload(event.type, version, repairJsonText(event.payload, '\uFFFD', '').value);
  if (!checked.ok) throw new Error(`refusing to append an event the ledger would quarantine: ${checked.reason}`);
  const statements = outboxStatements(tx);
  const head = statements.head.get();
  if (head?.held) throw new AppError('CONFLICT', CHAIN_HELD, { reason: 'restore-sync-first' });
  const base = {
    seq: (head?.seq ?? 0) + 1,
    eventId: randomUUID(),
    type: event.type,
    version,
    payload: canonicalJson(checked.payload),
    staffId: event.staffId,
    deviceTime: event.deviceTime,
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  // The payload was just written as canonical JSON: hashed as text, not parsed again (eventHash, for rows read back).
  const row: OutboxRow = { ...base, prevHash, hash: chainHashOfText(prevHash, base), ackedAt: null };
  statements.insert.run({ ...row, ackedAt: null });
  return row;
}

/**
 * The outbox keeps no index of its unsent events (it would cost every donation a page): every event below
 * `sync_state.outboxUnsentFrom` is acknowledged, so the unsent ones are found by a short range of the table's
 * own key from there. Sync moves the mark forward in the transaction that acknowledges (`advanceUnsentFrom`);
 * events are never un-acknowledged, so a mark that lags only makes the range longer, never hides an event.
 * `alias` is the name the outbox has in the query (raw SQL may call it `o`).
 */
export function unsentEvent(alias = 'outbox'): SQL {
  return sql.raw(
    `"${alias}"."seq" >= (SELECT coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'outboxUnsentFrom'), 0)) AND "${alias}"."acked_at" IS NULL`,
  );
}

/** After acknowledging: move the mark to the first event still unsent (or past the last one). */
export function advanceUnsentFrom(tx: Pick<Db, 'run'>): void {
  tx.run(sql`INSERT INTO sync_state (key, value)
    VALUES ('outboxUnsentFrom', CAST((SELECT coalesce(min(seq), (SELECT coalesce(max(seq), 0) + 1 FROM outbox)) FROM outbox WHERE ${unsentEvent()}) AS TEXT))
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

export function countUnsent(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .where(unsentEvent())
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
