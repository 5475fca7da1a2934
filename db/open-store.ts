/**
 * Opening the local store: key first, then integrity, then durability settings, then migrations
 * (after a backup copy). Every way this can fail becomes a StoreOpenError with a reason the UI can
 * explain; a store that exists is never replaced by a new, empty one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from './schema.js';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from './private-files.js';

/** The query builder, and its raw connection for the few bulk paths that need prepared statements. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle: the same query API as Db, inside `db.transaction(...)`. The one Tx type of the app. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/**
 * A handle that can only read (Signal Desktop's ReadableDB): functions that only read take this, so a
 * read that writes does not compile. A Db or a Tx may be passed where a ReadableDb is asked.
 */
export type ReadableDb = Pick<Db, 'select'>;
export interface Store {
  readonly sqlite: Database.Database;
  readonly db: Db;
  readonly file: string;
  /**
   * One tick of the idle checkpoint (a timer calls it every IDLE_CHECKPOINT_MS): when nothing was written since
   * the last tick and something since the last checkpoint, the WAL is copied into the store and emptied.
   * Answers whether it checkpointed. Exposed for tests; the app never needs to call it.
   */
  idleCheckpoint(): boolean;
  close(): void;
}

/**
 * A write transaction (BEGIN IMMEDIATE) for the counter's hot paths: the same as `db.transaction(fn, { behavior:
 * 'immediate' })`, without the transaction object drizzle builds on every call (its query API for the whole
 * schema, about 15 µs a donation; docs/benchmarks.md). `fn` gets the store's own handle as its Tx: there is one
 * connection, so every query through it runs inside this transaction, and a throw rolls all of it back. Nested
 * transactions become savepoints, as with drizzle's. Nothing in a hot path calls `tx.rollback()`: throw instead.
 */
export function writeTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  return runnerOf(db.$client).immediate(() => fn(db as unknown as Tx)) as T;
}

const runners = new WeakMap<Database.Database, Database.Transaction<(run: () => unknown) => unknown>>();
function runnerOf(client: Database.Database) {
  let runner = runners.get(client);
  if (!runner) {
    runner = client.transaction((run: () => unknown) => run());
    runners.set(client, runner);
  }
  return runner;
}

/**
 * The WAL checkpoint is off the commit path: SQLite's own (at 1,000 pages, during whichever commit crosses it)
 * made every ~100th donation wait for a copy of the WAL and two extra disk syncs. Now a timer checkpoints when
 * the counter is quiet; SQLite's automatic one stays as a bound (WAL_AUTOCHECKPOINT_PAGES, about 40 MB) for a
 * device that is never quiet. Durability is unchanged: every commit still syncs the WAL (synchronous = FULL).
 */
export const IDLE_CHECKPOINT_MS = 2_000;
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/**
 * The quiet checkpoint empties the WAL without shrinking its file (RESTART, not TRUNCATE): the next donation is
 * written over blocks the file already has. A commit that makes the file longer also waits for the file system to
 * record the new length, about 0.1 ms more per donation here (docs/benchmarks.md). SQLite trims the file back to
 * this size whenever it starts the log over, so a long burst does not keep its space for ever. An erasure still
 * truncates (services/platform/erasure.ts), so no erased data stays behind in the WAL.
 */
export const WAL_KEEP_BYTES = 16 * 1024 * 1024;

export type StoreFailure =
  'wrong-key-or-not-a-store' | 'corrupt' | 'disk-full' | 'no-access' | 'key-missing' | 'migration-failed' | 'newer-version';

export class StoreOpenError extends Error {
  constructor(
    readonly reason: StoreFailure,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`store ${file} cannot be opened: ${reason}`, options);
    this.name = 'StoreOpenError';
  }
}

export interface OpenStoreOptions {
  file: string;
  /** 32-byte key as 64 hex characters. */
  keyHex: string;
  migrationsFolder: string;
  /** How many pre-migration backups to keep next to the store. */
  keepBackups?: number;
  /** Called with plain facts only (never the key). */
  onEvent?: (event: string, facts: Record<string, unknown>) => void;
}

const KEY_PATTERN = /^[0-9a-f]{64}$/;

export function classifyStoreError(error: unknown): StoreFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_NOTADB') return 'wrong-key-or-not-a-store';
  if (code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  // A full disk shows as SQLITE_FULL on a write, but as SQLITE_IOERR_SHMSIZE (the -shm file cannot grow) or a
  // plain ENOSPC when the store is opened: none of them means the store is damaged.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM') {
    return 'no-access';
  }
  return null;
}

export function openStore(options: OpenStoreOptions): Store {
  const { file, keyHex, migrationsFolder, keepBackups = 3, onEvent = () => undefined } = options;
  if (!KEY_PATTERN.test(keyHex)) throw new StoreOpenError('key-missing', file);
  const existed = fs.existsSync(file);
  let sqlite: Database.Database | undefined;
  try {
    makePrivateDir(path.dirname(file));
    // Made (or narrowed) 0600 before SQLite opens it: SQLite gives the -wal and -shm files the store's mode.
    if (!existed) fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
    makePrivateFile(file);
    for (const extra of ['-wal', '-shm']) makePrivateFile(file + extra);
    sqlite = new Database(file);
    // SQLCipher 4 format, so an administrator can inspect a copy with standard SQLCipher tools.
    sqlite.pragma(`cipher = 'sqlcipher'`);
    sqlite.pragma('legacy = 4');
    sqlite.pragma(`hexkey = '${keyHex}'`);
    // The first read decrypts page 1: a wrong key or a foreign file fails here with SQLITE_NOTADB.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    if (existed) {
      const check = sqlite.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StoreOpenError('corrupt', file);
    }
    sqlite.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL only syncs at checkpoints, so the last commits before a
    // power cut can vanish. A donation the counter confirmed to a resident must survive that, so every
    // commit waits for the WAL to reach the disk.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // Erased personal data must not linger in freed space of the (encrypted) file.
    sqlite.pragma('secure_delete = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    sqlite.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
    const db = drizzle(sqlite, { schema });
    runMigrations(sqlite, db, { file, existed, migrationsFolder, keepBackups, onEvent });
    const handle = sqlite;
    const idleCheckpoint = idleCheckpointer(handle, onEvent);
    const timer = setInterval(() => idleCheckpoint(), IDLE_CHECKPOINT_MS);
    timer.unref();
    return {
      sqlite: handle,
      db,
      file,
      idleCheckpoint,
      close: () => {
        clearInterval(timer);
        handle.close();
      },
    };
  } catch (error) {
    sqlite?.close();
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(classifyStoreError(error) ?? 'corrupt', file, { cause: error });
  }
}

function idleCheckpointer(sqlite: Database.Database, onEvent: NonNullable<OpenStoreOptions['onEvent']>): () => boolean {
  const changes = sqlite.prepare('SELECT total_changes()').pluck();
  let seen = -1;
  let checkpointed = 0;
  return () => {
    if (!sqlite.open) return false;
    const now = changes.get() as number;
    const quiet = now === seen;
    seen = now;
    if (!quiet || now === checkpointed) return false;
    try {
      sqlite.pragma('wal_checkpoint(RESTART)');
      checkpointed = now;
      return true;
    } catch (error) {
      // A full disk or a busy moment: the WAL simply stays until the next quiet tick; nothing is lost.
      onEvent('store.checkpoint-failed', { code: (error as { code?: string }).code ?? 'unknown' });
      return false;
    }
  };
}

function runMigrations(
  sqlite: Database.Database,
  db: Db,
  opts: {
    file: string;
    existed: boolean;
    migrationsFolder: string;
    keepBackups: number;
    onEvent: NonNullable<OpenStoreOptions['onEvent']>;
  },
): void {
  const known = readMigrationFiles({ migrationsFolder: opts.migrationsFolder });
  const newestKnown = Math.max(0, ...known.map((m) => m.folderMillis));
  const appliedAt = lastAppliedMigration(sqlite);
  if (appliedAt !== null && appliedAt > newestKnown) {
    // The store was written by a newer Buurtbalie; running old code on it could lose data.
    throw new StoreOpenError('newer-version', opts.file);
  }
  const pending = known.filter((m) => appliedAt === null || m.folderMillis > appliedAt);
  if (pending.length === 0) return;
  if (opts.existed) backupBeforeMigration(sqlite, opts.file, opts.keepBackups, opts.onEvent);
  try {
    // drizzle applies all pending migrations in one transaction: either all or none.
    migrate(db, { migrationsFolder: opts.migrationsFolder });
  } catch (error) {
    const reason = classifyStoreError(error);
    throw new StoreOpenError(reason === 'disk-full' ? 'disk-full' : 'migration-failed', opts.file, { cause: error });
  }
  opts.onEvent('store.migrated', { applied: pending.length });
}

function lastAppliedMigration(sqlite: Database.Database): number | null {
  const table = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`).get();
  if (!table) return null;
  const row = sqlite.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | null };
  return row.at === null ? null : Number(row.at);
}

/**
 * Copy the (encrypted) file before a migration touches it. A WAL checkpoint first, so the copy of
 * the main file holds every committed transaction.
 */
function backupBeforeMigration(
  sqlite: Database.Database,
  file: string,
  keep: number,
  onEvent: NonNullable<OpenStoreOptions['onEvent']>,
): void {
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.backup-${stamp}`;
  fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  makePrivateFile(target);
  onEvent('store.backup', { file: path.basename(target) });
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.backup-`;
  const backups = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort();
  for (const old of backups.slice(0, Math.max(0, backups.length - keep))) fs.rmSync(path.join(dir, old));
}
