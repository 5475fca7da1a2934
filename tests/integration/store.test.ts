import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, StoreOpenError, WAL_AUTOCHECKPOINT_PAGES, WAL_KEEP_BYTES, writeTransaction, type Store } from '../../db/open-store';
import { staff } from '../../db/schema';
import { countUnsent } from '../../services/platform/outbox';
import { makeApp, migrationsFolder, setUpDevice, tempDir, TEST_KEY, unwrap } from '../helpers/app';

const OTHER_KEY = 'b2'.repeat(32);
const opened: Store[] = [];
function open(file: string, keyHex = TEST_KEY, folder = migrationsFolder): Store {
  const store = openStore({ file, keyHex, migrationsFolder: folder });
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const s of opened.splice(0)) if (s.sqlite.open) s.close();
});

/** The migrations folder as an earlier release shipped it: its first `count` migrations, in a copy under `dir`. */
function migrationsAsShipped(dir: string, name: string, count: (tags: string[]) => number): string {
  const folder = path.join(dir, name);
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, count(journal.entries.map((e) => e.tag)));
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

function expectFailure(fn: () => unknown, reason: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).reason).toBe(reason);
    return;
  }
  throw new Error(`expected StoreOpenError(${reason})`);
}

describe('the local store', () => {
  it('is created from empty by the migrations, in WAL mode with full sync', () => {
    const store = open(path.join(tempDir(), 'buurtbalie.db'));
    const tables = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'devices',
        'staff',
        'settings',
        'districts',
        'rounds',
        'voucher_registry',
        'initiatives',
        'outbox',
        'sync_state',
      ]),
    );
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('is encrypted at rest: no SQLite header and no readable text in the file', async () => {
    const t = makeApp();
    await setUpDevice(t, false);
    t.app.close();
    const bytes = fs.readFileSync(path.join(t.dir, 'buurtbalie.db'));
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    expect(bytes.includes(Buffer.from('Anna Beheer'))).toBe(false);
    expect(bytes.includes(Buffer.from('Wijkcentrum De Schelf'))).toBe(false);
    // and a plain SQLite cannot read it
    const plain = new Database(path.join(t.dir, 'buurtbalie.db'));
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    plain.close();
  });

  it('cannot be opened with a wrong key, and is left untouched', () => {
    const file = path.join(tempDir(), 'buurtbalie.db');
    open(file).close();
    const before = fs.readFileSync(file);
    expectFailure(() => open(file, OTHER_KEY), 'wrong-key-or-not-a-store');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a damaged file instead of starting over', () => {
    const file = path.join(tempDir(), 'buurtbalie.db');
    const store = open(file);
    store.db.insert(staff).values({ id: 'x', name: 'Test', role: 'beheerder', pinHash: 'h', createdAt: 'now', updatedAt: 'now' }).run();
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 4096 + 100, 4096 + 400); // scribble over page 2
    fs.writeFileSync(file, bytes);
    let caught: unknown;
    try {
      open(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreOpenError);
    expect(['corrupt', 'wrong-key-or-not-a-store']).toContain((caught as StoreOpenError).reason);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('leaves the old file intact when a migration fails, and keeps a backup', () => {
    const dir = tempDir();
    const file = path.join(dir, 'buurtbalie.db');
    const store = open(file);
    store.db
      .insert(staff)
      .values({ id: 'keep-me', name: 'Bewaar', role: 'beheerder', pinHash: 'h', createdAt: 'now', updatedAt: 'now' })
      .run();
    store.close();

    // A migrations folder with one more migration that fails halfway.
    const broken = path.join(dir, 'migrations');
    fs.cpSync(migrationsFolder, broken, { recursive: true });
    fs.writeFileSync(
      path.join(broken, '0001_broken.sql'),
      'CREATE TABLE new_things (id text);\n--> statement-breakpoint\nINSERT INTO no_such_table VALUES (1);\n',
    );
    const journalFile = path.join(broken, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '0001_broken' });
    fs.writeFileSync(journalFile, JSON.stringify(journal));

    expectFailure(() => open(file, TEST_KEY, broken), 'migration-failed');
    const again = open(file);
    expect(again.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'new_things'`).get()).toBeUndefined();
    expect(again.sqlite.prepare(`SELECT id FROM staff`).pluck().all()).toEqual(['keep-me']);
    const backups = fs.readdirSync(dir).filter((f) => f.startsWith('buurtbalie.db.backup-'));
    expect(backups).toHaveLength(1);
    // The backup is a full, encrypted copy that opens with the same key.
    const copy = open(path.join(dir, backups[0]!));
    expect(copy.sqlite.prepare(`SELECT id FROM staff`).pluck().all()).toEqual(['keep-me']);
  });

  it('refuses a store written by a newer version', () => {
    const file = path.join(tempDir(), 'buurtbalie.db');
    const store = open(file);
    store.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 10);
    store.close();
    expectFailure(() => open(file), 'newer-version');
  });

  it('never starts with a new empty store when the key file is gone', async () => {
    const dir = tempDir();
    const first = makeApp({ dir, envKey: '' });
    await setUpDevice(first);
    first.app.close();
    const before = fs.readFileSync(path.join(dir, 'buurtbalie.db'));
    fs.rmSync(path.join(dir, 'store-key.bin'));

    const second = makeApp({ dir, envKey: '' });
    const status = unwrap(await second.connect().call('app:status', {}));
    expect(status).toMatchObject({
      store: { state: 'error', reason: 'key-missing', location: path.join(dir, 'buurtbalie.db') },
      setupDone: false,
    });
    expect(fs.existsSync(path.join(dir, 'store-key.bin'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'buurtbalie.db')).equals(before)).toBe(true);
    // Every other call says the store is unavailable.
    const login = await second.connect().call('staff:login-options', {});
    expect(login).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
    expect(second.log.lines.some((l) => l.message === 'store cannot be opened')).toBe(true);
  });

  it('keeps its data across restarts with a key file it made itself', async () => {
    const dir = tempDir();
    const first = makeApp({ dir, envKey: '' });
    await setUpDevice(first);
    first.app.close();
    const second = makeApp({ dir, envKey: '' });
    expect(unwrap(await second.connect().call('app:status', {}))).toMatchObject({ store: { state: 'ok' }, setupDone: true });
    second.app.close();
  });

  it('checkpoints the WAL when the store is quiet, not during a commit', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    const store = t.app.store!;
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    const wal = path.join(t.dir, 'buurtbalie.db-wal');
    store.idleCheckpoint();
    store.idleCheckpoint(); // whatever setup left is checkpointed now
    for (let i = 0; i < 40; i++)
      unwrap(await admin.call('staff:create', { name: `Medewerker ${i}`, role: 'baliemedewerker', pin: '24680' }));
    const grown = fs.statSync(wal).size;
    expect(grown).toBeGreaterThan(0);
    const framesInWal = () => (store.sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
    expect(framesInWal()).toBeGreaterThan(40);
    // A tick right after writes sees activity and leaves the WAL alone; the next quiet one empties it.
    expect(store.idleCheckpoint()).toBe(false);
    expect(fs.statSync(wal).size).toBe(grown);
    expect(store.idleCheckpoint()).toBe(true);
    expect(store.idleCheckpoint()).toBe(false); // nothing new to copy
    // Emptied, not shrunk: the next write starts the log over at the beginning of the file it already has, so a
    // commit never waits for the file to grow (RESTART and journal_size_limit, not TRUNCATE).
    unwrap(await admin.call('staff:create', { name: 'Medewerker 40', role: 'baliemedewerker', pin: '24680' }));
    expect(framesInWal()).toBeLessThan(20);
    expect(fs.statSync(wal).size).toBe(grown);
    expect(store.sqlite.pragma('journal_size_limit', { simple: true })).toBe(WAL_KEEP_BYTES);
    t.app.close();
    const again = makeApp({ dir: t.dir });
    const list = unwrap(await again.connect().call('staff:login-options', {}));
    expect(list).toHaveLength(42);
    again.app.close();
  });

  it("runs a hot path's write transaction as drizzle's would: immediate, all or nothing, nested as a savepoint", () => {
    const store = open(path.join(tempDir(), 'buurtbalie.db'));
    const { db, sqlite } = store;
    const row = (name: string) => ({
      id: `id-${name}`,
      name,
      role: 'baliemedewerker' as const,
      pinHash: 'x',
      createdAt: '2026-12-03T10:00:00.000Z',
      updatedAt: '2026-12-03T10:00:00.000Z',
    });
    const names = () =>
      db
        .select({ name: staff.name })
        .from(staff)
        .all()
        .map((r) => r.name)
        .sort();
    // What the function answers comes back; the write is there, and the transaction is over.
    const answer = writeTransaction(db, (tx) => {
      expect(sqlite.inTransaction).toBe(true);
      tx.insert(staff).values(row('Anna')).run();
      return 42;
    });
    expect(answer).toBe(42);
    expect(sqlite.inTransaction).toBe(false);
    expect(names()).toEqual(['Anna']);
    // A throw takes back every write of the transaction, also those through the store's own handle.
    expect(() =>
      writeTransaction(db, (tx) => {
        tx.insert(staff).values(row('Bram')).run();
        db.insert(staff).values(row('Cor')).run();
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(sqlite.inTransaction).toBe(false);
    expect(names()).toEqual(['Anna']);
    // A nested transaction is a savepoint: its own throw takes back only its own writes.
    writeTransaction(db, (tx) => {
      tx.insert(staff).values(row('Dirk')).run();
      expect(() =>
        tx.transaction((inner) => {
          inner.insert(staff).values(row('Eva')).run();
          throw new Error('inner refused');
        }),
      ).toThrow('inner refused');
    });
    expect(names()).toEqual(['Anna', 'Dirk']);
    // Immediate: the write lock is taken at the start, so a second connection cannot write meanwhile.
    const other = new Database(store.file);
    other.pragma(`cipher = 'sqlcipher'`);
    other.pragma('legacy = 4');
    other.pragma(`hexkey = '${TEST_KEY}'`);
    other.pragma('busy_timeout = 0');
    try {
      writeTransaction(db, () => {
        expect(() => other.exec("UPDATE staff SET name = name WHERE id = 'id-Anna'")).toThrow(/locked|busy/i);
      });
    } finally {
      other.close();
    }
  });

  it('answers DISK_FULL, and keeps what was there, when the disk fills up during a write', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    const store = t.app.store!;
    const pages = store.sqlite.pragma('page_count', { simple: true }) as number;
    store.sqlite.pragma(`max_page_count = ${pages}`);
    let result;
    for (let i = 0; i < 200; i++) {
      result = await admin.call('staff:create', { name: `Medewerker ${i} ${'x'.repeat(60)}`, role: 'baliemedewerker', pin: '24680' });
      if (!result.ok) break;
    }
    expect(result).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    store.sqlite.pragma('max_page_count = 1073741823');
    const list = unwrap(await admin.call('staff:list', {}));
    expect(list.some((s: { name: string }) => s.name === 'Anna Beheer')).toBe(true);
    expect(t.log.lines.some((l) => l.level === 'error' && l.message.includes('disk full'))).toBe(true);
  });
});

describe('migrations', () => {
  it('are in order: each newer than the one before, each with its SQL file', () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      if (i > 0) expect(entry.when).toBeGreaterThan(journal.entries[i - 1]!.when);
      expect(fs.existsSync(path.join(migrationsFolder, `${entry.tag}.sql`)), entry.tag).toBe(true);
    });
  });

  it('upgrade a store of the release before a donation became one row: splits, reversals, intake items, unsent events kept', () => {
    const dir = tempDir();
    const file = path.join(dir, 'buurtbalie.db');
    const before = migrationsAsShipped(dir, 'migrations-0012', (tags) => tags.findIndex((t) => t.startsWith('0013_')));
    const old = open(file, TEST_KEY, before);
    // Raw SQL in the old tables (no initiatives or staff rows needed: those keys are not checked by what moves).
    old.sqlite.pragma('foreign_keys = OFF');
    const redemption = old.sqlite.prepare(
      `INSERT INTO redemptions (id, round_id, code_hash, masked_code, district_code, value_cents, staff_id, created_at, business_day,
         intake_id, needs_confirmation, reversed_at, outbox_seq, ledger_state) VALUES (?, 'r1', ?, 'M', 'WK014110', 750, 's', 't', '2026-12-01', ?, 0, ?, ?, ?)`,
    );
    redemption.run('d-split', 'h1', null, null, 1, 'counted');
    redemption.run('d-reversed', 'h2', 'intake-1', '2026-12-01T10:00:00Z', 2, null);
    redemption.run('d-plain', 'h3', 'intake-1', null, 3, null);
    const initiative = old.sqlite.prepare(
      `INSERT INTO initiatives (id, number, title, summary, district_code, theme, status, target_cents, collected_cents, created_at, updated_at)
       VALUES (?, ?, 't', 's', 'WK014110', 'groen', 'spaarfase', 100000, 0, 't', 't')`,
    );
    initiative.run('i-a', 1001);
    initiative.run('i-b', 1002);
    const part = old.sqlite.prepare('INSERT INTO donation_parts (redemption_id, part_no, initiative_id, amount_cents) VALUES (?, ?, ?, ?)');
    part.run('d-split', 2, 'i-b', 250);
    part.run('d-split', 1, 'i-a', 500);
    part.run('d-reversed', 1, 'i-a', 750);
    part.run('d-plain', 1, 'i-b', 750);
    old.sqlite
      .prepare(
        `INSERT INTO reversals (id, redemption_id, reason, staff_id, approved_by, created_at, business_day, outbox_seq) VALUES ('v1', 'd-reversed', 'x', 's', 'w', 't', '2026-12-01', 4)`,
      )
      .run();
    old.sqlite
      .prepare(
        `INSERT INTO bulk_intakes (id, initiative_id, staff_id, started_at, business_day) VALUES ('intake-1', 'i-a', 's', 't', '2026-12-01')`,
      )
      .run();
    const item = old.sqlite.prepare(
      `INSERT INTO bulk_intake_items (intake_id, item_no, masked_code, outcome, redemption_id, scanned_at) VALUES ('intake-1', ?, 'M', ?, ?, 't')`,
    );
    item.run(1, 'accepted', 'd-reversed');
    item.run(2, 'invalid:check-failed', null);
    item.run(3, 'accepted', 'd-plain');
    const event = old.sqlite.prepare(
      `INSERT INTO outbox (seq, event_id, type, version, payload, device_time, prev_hash, hash, acked_at) VALUES (?, ?, 'x', 1, '{}', 't', 'p', 'h', ?)`,
    );
    [1, 2, 3, 4, 5].forEach((seq) => event.run(seq, `e${seq}`, seq === 1 || seq === 2 || seq === 4 ? 'then' : null));
    old.close();

    const upgraded = open(file);
    const db = upgraded.sqlite;
    expect(db.prepare('SELECT id, parts FROM redemptions ORDER BY id').all()).toEqual([
      { id: 'd-plain', parts: '[{"initiativeId":"i-b","amountCents":750}]' },
      { id: 'd-reversed', parts: '[{"initiativeId":"i-a","amountCents":750}]' },
      { id: 'd-split', parts: '[{"initiativeId":"i-a","amountCents":500},{"initiativeId":"i-b","amountCents":250}]' },
    ]);
    // The view answers the old table's rows, in part order.
    expect(db.prepare(`SELECT * FROM donation_parts WHERE redemption_id = 'd-split' ORDER BY part_no`).all()).toEqual([
      { redemption_id: 'd-split', part_no: 1, initiative_id: 'i-a', amount_cents: 500 },
      { redemption_id: 'd-split', part_no: 2, initiative_id: 'i-b', amount_cents: 250 },
    ]);
    expect(
      db.prepare('SELECT redemption_id, reversed_at, ledger_state FROM reversals JOIN redemptions r ON r.id = redemption_id').all(),
    ).toEqual([{ redemption_id: 'd-reversed', reversed_at: '2026-12-01T10:00:00Z', ledger_state: null }]);
    // Each item carries the intake's running totals (0017), from the items before it: accepted, refused, accepted.
    expect(
      db.prepare('SELECT item_no, outcome, accepted_so_far, rejected_so_far, cents_so_far FROM bulk_intake_items ORDER BY item_no').all(),
    ).toEqual([
      { item_no: 1, outcome: 'accepted', accepted_so_far: 1, rejected_so_far: 0, cents_so_far: 750 },
      { item_no: 2, outcome: 'invalid:check-failed', accepted_so_far: 1, rejected_so_far: 1, cents_so_far: 750 },
      { item_no: 3, outcome: 'accepted', accepted_so_far: 2, rejected_so_far: 1, cents_so_far: 1500 },
    ]);
    // Its record moves from its last item onto its own row (0018); no initiative holds a slot until the intake scans again.
    expect(db.prepare(`SELECT item_count, accepted_count, total_cents, first_redemption_id FROM bulk_intakes`).get()).toEqual({
      item_count: 3,
      accepted_count: 2,
      total_cents: 1500,
      first_redemption_id: null,
    });
    expect(db.prepare('SELECT count(*) FROM initiatives WHERE intake_id IS NOT NULL').pluck().get()).toBe(0);
    // Each initiative's live donations here, counted once from the old parts (the reversed one not).
    expect(db.prepare('SELECT id, donations_here FROM initiatives ORDER BY id').all()).toEqual([
      { id: 'i-a', donations_here: 1 },
      { id: 'i-b', donations_here: 2 },
    ]);
    // Fewer pages per donation: no rowid tables with a separate key index, no donation_parts table, no unsent index.
    const schema = db.prepare(`SELECT name, type, sql FROM sqlite_master`).all() as { name: string; type: string; sql: string | null }[];
    expect(schema.find((t) => t.name === 'redemptions')?.sql).toMatch(/WITHOUT ROWID\s*$/);
    expect(schema.find((t) => t.name === 'bulk_intake_items')?.sql).toMatch(/WITHOUT ROWID\s*$/);
    expect(schema.find((t) => t.name === 'donation_parts')?.type).toBe('view');
    expect(schema.map((t) => t.name)).not.toContain('outbox_unsent');
    // No index on the day (0016): each day's smallest id, from what was stored, finds its donations.
    expect(schema.map((t) => t.name)).not.toContain('redemptions_day_staff');
    expect(schema.find((t) => t.name === 'donation_days')?.sql).toMatch(/WITHOUT ROWID\s*$/);
    expect(db.prepare('SELECT business_day, first_id FROM donation_days').all()).toEqual([
      { business_day: '2026-12-01', first_id: 'd-plain' },
    ]);
    expect(schema.find((t) => t.name === 'reversals')?.sql).toContain('REFERENCES "redemptions"');
    for (const table of ['reversals', 'bulk_intake_items']) expect(db.pragma(`foreign_key_check(${table})`)).toEqual([]);
    // The unsent events start at the first one not acknowledged (3), and 4 (acknowledged) stays sent.
    expect(db.prepare(`SELECT value FROM sync_state WHERE key = 'outboxUnsentFrom'`).pluck().get()).toBe('3');
    expect(countUnsent(upgraded.db)).toBe(2);
  });

  it('upgrade a store made by an earlier version, keeping its data and a backup', () => {
    const dir = tempDir();
    const file = path.join(dir, 'buurtbalie.db');
    // A migrations folder as the first release shipped it: only 0000.
    const first = migrationsAsShipped(dir, 'migrations-v1', () => 1);
    const old = open(file, TEST_KEY, first);
    expect(old.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'redemptions'`).get()).toBeUndefined();
    // Raw SQL: the schema in db/schema.ts is today's, with columns the first release did not have.
    old.sqlite
      .prepare(
        `INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('old', 'Oud', 'beheerder', 'h', 'then', 'then')`,
      )
      .run();
    old.close();

    const upgraded = open(file);
    expect(upgraded.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'redemptions'`).get()).toBeDefined();
    expect(upgraded.sqlite.prepare('SELECT id FROM staff').pluck().all()).toEqual(['old']);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('buurtbalie.db.backup-'))).toHaveLength(1);
  });
});
