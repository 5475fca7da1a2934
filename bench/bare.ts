/**
 * The bare engines `bench/run.ts` compares the store with, all on raw better-sqlite3 with the store's file format and
 * durability (SQLCipher 4, WAL, synchronous = FULL): a single-row insert (the unit of issue #14's goals), the rows a
 * donation writes, and the whole work of a donation and of an intake scan (the data model's floor).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { CanonicalCode } from '../core/voucher-code.js';
import { registryHash } from '../services/counter/registry.js';

/** A new bare database file beside the store, with the store's cipher, journal and durability. */
function bareDatabase(dir: string, file: string, KEY: string): Database.Database {
  const db = new Database(path.join(dir, file));
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`hexkey = '${KEY}'`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** A bare database with some of the store's tables, their indexes copied from the store's own schema. */
function bareWithStoreTables(dir: string, file: string, KEY: string, store: Database.Database, tables: string[]): Database.Database {
  const db = bareDatabase(dir, file, KEY);
  const ddl = store
    .prepare(
      `SELECT sql FROM sqlite_master WHERE tbl_name IN (${tables.map(() => '?').join(',')}) AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC`,
    )
    .all(...tables) as { sql: string }[];
  // Foreign keys stay declared but unchecked: the bare engine has no staff or districts rows.
  db.pragma('foreign_keys = OFF');
  for (const { sql: statement } of ddl) db.exec(statement);
  return db;
}

/**
 * A donation's rows — its event, itself and its day's smallest id — as prepared statements; answers the donation's id.
 * Every value has the length the store writes (a staff member's and an intake's UUID, the event's whole payload), so
 * the floor writes as many bytes and pages as the store does; only their content is fixed.
 */
function donationWrites(db: Database.Database, initiativeId: string, markTheDay = true) {
  const outboxRow = db.prepare(
    'INSERT INTO outbox (seq, event_id, type, version, payload, staff_id, device_time, prev_hash, hash) VALUES (?, ?, ?, 2, ?, ?, ?, ?, ?)',
  );
  const redemption = db.prepare(
    `INSERT INTO redemptions (id, round_id, code_hash, masked_code, district_code, value_cents, staff_id, created_at, business_day, intake_id, intake_item_no, needs_confirmation, outbox_seq, parts)
     VALUES (?, ?, ?, 'XXXX-••••-••', 'WK014110', 750, ?, ?, '2026-12-03', ?, ?, 0, ?, ?)`,
  );
  const staffId = randomUUID();
  // The store's `donation.recorded` v2 payload, as canonical JSON: the same keys, values of the same length.
  const payload = (intakeId: string | null) =>
    JSON.stringify({
      buurtCode: null,
      businessDay: '2026-12-03',
      codeHash: 'f'.repeat(64),
      districtCode: 'WK014110',
      intakeId,
      needsConfirmation: false,
      parts: [{ amountCents: 750, initiativeId }],
      redemptionId: 'x'.repeat(36),
      roundId: '2026-B',
      valueCents: 750,
    });
  const payloads = new Map<string | null, string>();
  const parts = JSON.stringify([{ initiativeId, amountCents: 750 }]);
  const markDay = db.prepare(
    `INSERT INTO donation_days (business_day, first_id) VALUES ('2026-12-03', ?)
     ON CONFLICT (business_day) DO UPDATE SET first_id = excluded.first_id WHERE excluded.first_id < first_id`,
  );
  return {
    staffId,
    event: (seq: number, at: string, intakeId: string | null = null) => {
      let text = payloads.get(intakeId);
      if (text === undefined) payloads.set(intakeId, (text = payload(intakeId)));
      outboxRow.run(seq, randomUUID(), 'donation.recorded', text, staffId, at, 'a'.repeat(64), 'b'.repeat(64));
    },
    donation: (roundId: string, codeHash: string, at: string, seq: number, intake: { id: string; itemNo: number } | null = null) => {
      const id = uuidv7();
      redemption.run(id, roundId, codeHash, staffId, at, intake?.id ?? null, intake?.itemNo ?? null, seq, parts);
      if (markTheDay) markDay.run(id);
      return id;
    },
  };
}

/** Pages each commit wrote since the last checkpoint (frames in the write-ahead log), checkpointed now: call it when quiet. */
export function pagesLogged(db: Pick<Database.Database, 'pragma'>): number {
  return (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? 0;
}

/** The bare engine: the same file format and durability, one prepared INSERT per transaction. */
export function bareEngine(dir: string, KEY: string) {
  const db = bareDatabase(dir, 'bare.db', KEY);
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, round TEXT, hash TEXT, cents INTEGER, at TEXT)');
  db.exec('CREATE UNIQUE INDEX t_u ON t (round, hash)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
  let n = 0;
  const one = () => {
    n += 1;
    const id = `${n}-${Math.random()}`;
    db.transaction(() => insert.run(id, 'r', id, 750, new Date().toISOString()))();
  };
  const bulkLoad = (rows: number) => {
    const start = performance.now();
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`bulk-${i}`, 'b', `h-${i}`, 750, 'x');
    })();
    return performance.now() - start;
  };
  return { one, bulkLoad, close: () => db.close() };
}

/**
 * The bare engine writing what a donation writes: the same tables with the same indexes (copied from the store's own
 * schema), one prepared statement each, in one durable transaction — no checks, no hashing, no ORM. The floor our
 * data model sets; what is above it is our code.
 */
export function bareSameRows(dir: string, KEY: string, store: Database.Database, initiativeId: string) {
  const db = bareWithStoreTables(dir, 'bare-same.db', KEY, store, ['outbox', 'redemptions', 'donation_days', 'initiatives']);
  db.prepare(
    `INSERT INTO initiatives (id, number, title, summary, district_code, theme, status, target_cents, collected_cents, created_at, updated_at)
     VALUES (?, 1, 't', 's', 'WK014110', 'groen', 'spaarfase', 1, 0, 'x', 'x')`,
  ).run(initiativeId);
  const { event, donation } = donationWrites(db, initiativeId);
  const total = db.prepare('UPDATE initiatives SET collected_cents = collected_cents + 750, updated_at = ? WHERE id = ?');
  let seq = 0;
  const one = () => {
    seq += 1;
    const at = new Date().toISOString();
    db.transaction(() => {
      event(seq, at);
      donation('r', randomBytes(32).toString('hex'), at, seq);
      total.run(at, initiativeId);
    })();
  };
  return { one, close: () => db.close() };
}

/**
 * Parts of a donation's work that `bench/floor-parts.ts` leaves out of the floor, one at a time, to measure what each
 * costs: the initiative's total (its update, which carries an intake's record too), the read of the outbox's
 * last event (the chain's head; the next number and hash then come from the floor's own count), and the day's mark
 * (`donation_days`). Without them the floor no longer does what the store must; it prices what a change to the data
 * model could win.
 */
export const floorParts = ['initiative-total', 'outbox-head', 'day-mark'] as const;
export type FloorPart = (typeof floorParts)[number];

/**
 * The bare engine doing a donation's whole work: the same tables, indexes and rows as the store (registry included),
 * the same reads — the check at the scan, the check again inside the transaction, the initiative's total, the outbox
 * head — and the same writes, each one prepared statement, in one durable transaction. What stays out is our code:
 * parsing, the rules, the event's canonical JSON and hash chain, the ORM. Its ratio to the bare insert is what the data
 * model itself costs; the store's ratio to it is what our code costs on top.
 */
export function bareSameWork(dir: string, KEY: string, store: Database.Database, initiativeId: string, without: readonly FloorPart[] = []) {
  const db = bareWithStoreTables(dir, `bare-work${without.map((part) => `-${part}`).join('')}.db`, KEY, store, [
    'outbox',
    'redemptions',
    'donation_days',
    'initiatives',
    'rounds',
    'voucher_registry',
    'vouchers_used_elsewhere',
    'bulk_intakes',
    'bulk_intake_items',
  ]);
  // The same registry and the same donations already stored, so every index has the store's size and order.
  db.transaction(() => {
    for (const table of ['rounds', 'voucher_registry', 'initiatives', 'redemptions', 'donation_days', 'outbox']) {
      const rows = store.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][];
      if (rows.length === 0) continue;
      const insert = db.prepare(`INSERT INTO ${table} VALUES (${rows[0]!.map(() => '?').join(',')})`);
      for (const row of rows) insert.run(...row);
    }
  })();
  const salts = db.prepare('SELECT id, registry_salt AS salt FROM rounds');
  const check = db.prepare(
    `SELECT r.*, v.district_code, v.buurt_code,
       (SELECT d.id FROM redemptions d WHERE d.round_id = v.round_id AND d.code_hash = v.code_hash AND d.reversed_at IS NULL) AS used_here,
       e.used_at, e.channel, e.as_of
     FROM voucher_registry v JOIN rounds r ON r.id = v.round_id
     LEFT JOIN vouchers_used_elsewhere e ON e.round_id = v.round_id AND e.code_hash = v.code_hash
     WHERE v.round_id = ? AND v.code_hash = ?`,
  );
  const lookUp = (code: CanonicalCode) => {
    for (const { id, salt } of salts.all() as { id: string; salt: string }[]) {
      const hash = registryHash(salt, code);
      const found = check.get(id, hash) as { id: string; used_here: string | null } | undefined;
      if (found) return { roundId: id, hash, found };
    }
    throw new Error('bare: code not in the registry');
  };
  const total = db.prepare(
    `UPDATE initiatives SET collected_cents = collected_cents + 750, donations_here = donations_here + 1, updated_at = ?
     WHERE id = ? AND status = 'spaarfase' RETURNING number, title, collected_cents, target_cents`,
  );
  const headRead = db.prepare('SELECT max(seq) AS seq, (SELECT hash FROM outbox ORDER BY seq DESC LIMIT 1) AS hash FROM outbox');
  const leftOut = new Set(without);
  // Without the head's read, the floor counts its events itself (from the last one copied from the store).
  let counted = (headRead.get() as { seq: number | null }).seq ?? 0;
  const head = { get: () => (leftOut.has('outbox-head') ? { seq: counted } : (headRead.get() as { seq: number })) };
  const addToTotal = (at: string) => {
    if (!leftOut.has('initiative-total')) total.get(at, initiativeId);
  };
  const { event, donation: fullDonation, staffId } = donationWrites(db, initiativeId, !leftOut.has('day-mark'));
  const donation = (roundId: string, codeHash: string, at: string, seq: number, intake: { id: string; itemNo: number } | null = null) => {
    counted = seq;
    return fullDonation(roundId, codeHash, at, seq, intake);
  };
  const commit = db.transaction((code: CanonicalCode) => {
    const { roundId, hash } = lookUp(code);
    const at = new Date().toISOString();
    addToTotal(at);
    const last = head.get();
    event(last.seq + 1, at);
    donation(roundId, hash, at, last.seq + 1);
  });
  const one = (code: CanonicalCode) => {
    const { found } = lookUp(code);
    if (found.used_here) throw new Error('bare: code used');
    commit.immediate(code);
  };
  // A bulk intake's scan (migration 0018): one read of the intake with its initiative, whose row holds the intake's
  // record (scanIntake); the code checked inside the transaction, then the donation with its number in the intake, and
  // the initiative's total with the record moved on in the same update; the intake's row only for its first donation.
  const intakeId = randomUUID();
  db.prepare(`INSERT INTO bulk_intakes (id, initiative_id, staff_id, started_at, business_day) VALUES (?, ?, ?, ?, '2026-12-03')`).run(
    intakeId,
    initiativeId,
    staffId,
    new Date().toISOString(),
  );
  db.prepare('UPDATE initiatives SET intake_id = ?, intake_items = 0, intake_accepted = 0, intake_cents = 0 WHERE id = ?').run(
    intakeId,
    initiativeId,
  );
  const withRecord = db.prepare(
    `SELECT b.*, i.number, i.title, i.intake_id AS slot, i.intake_items AS n, i.intake_accepted AS accepted, i.intake_cents AS cents
     FROM bulk_intakes b JOIN initiatives i ON i.id = b.initiative_id WHERE b.id = ?`,
  );
  const totalInIntake = db.prepare(
    `UPDATE initiatives SET collected_cents = collected_cents + 750, donations_here = donations_here + 1, updated_at = ?,
       intake_items = intake_items + 1, intake_accepted = intake_accepted + 1, intake_cents = intake_cents + 750
     WHERE id = ? AND status = 'spaarfase' RETURNING number, title, collected_cents, target_cents`,
  );
  const firstId = db.prepare('UPDATE bulk_intakes SET first_redemption_id = ? WHERE id = ?');
  const scan = db.transaction((code: CanonicalCode) => {
    const last = withRecord.get(intakeId) as { n: number; accepted: number; first_redemption_id: string | null };
    const { roundId, hash, found } = lookUp(code);
    if (found.used_here) throw new Error('bare: code used');
    const at = new Date().toISOString();
    if (!leftOut.has('initiative-total')) totalInIntake.get(at, initiativeId);
    const head_ = head.get();
    event(head_.seq + 1, at, intakeId);
    const id = donation(roundId, hash, at, head_.seq + 1, { id: intakeId, itemNo: last.n + 1 });
    if (last.first_redemption_id === null || id < last.first_redemption_id) firstId.run(id, intakeId);
    return { ...last, accepted: last.accepted + 1 };
  });
  return {
    one,
    scan: (code: CanonicalCode) => scan.immediate(code),
    checkpoint: () => db.pragma('wal_checkpoint(RESTART)'),
    pagesLogged: () => pagesLogged(db),
    close: () => db.close(),
  };
}
