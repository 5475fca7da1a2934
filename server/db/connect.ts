/**
 * Open the ledger database: a real PostgreSQL when DATABASE_URL is set, otherwise an embedded
 * PostgreSQL (PGlite) in a data folder so the server runs on a fresh machine with no setup.
 * Migrations (drizzle-kit, server/db/migrations) are applied at every start.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type LedgerDb = PgDatabase<PgQueryResultHKT, typeof schema>;
export type LedgerTx = Parameters<Parameters<LedgerDb['transaction']>[0]>[0];

export interface OpenedLedger {
  db: LedgerDb;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** The advisory lock key that one migrating process holds (any fixed number; "BB" + 1). */
const MIGRATION_LOCK = 0x4242_0001;

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function openLedger(options: {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  onIdleError?: (error: Error) => void;
}): Promise<OpenedLedger> {
  if (options.databaseUrl) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection that PostgreSQL closes (restart, admin) is dropped from the pool, not a crash.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = drizzle(pool, { schema });
    // Several ledger processes may start at once on one database: one migrates, the others wait for it
    // (a session lock on one connection, released with it).
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
    return { db: db as unknown as LedgerDb, kind: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite(options.dataDir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as LedgerDb, kind: 'pglite', close: () => client.close() };
}
