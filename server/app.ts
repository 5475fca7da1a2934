/**
 * The central ledger's HTTP API (docs/sync-protocol.md): the edge (sizes, content types, depth, rate
 * limits, refusals), then one module of routes per concern. Stateless: every request is answered from
 * PostgreSQL, so more instances can stand side by side.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import { sql } from 'drizzle-orm';
import { MAX_BODY_BYTES } from '../core/sync/protocol.js';
import type { LedgerDb } from './db/connect.js';
import { ENROL_PER_MINUTE, installEdge } from './http/edge.js';
import { photoRoutes } from './routes/photos.js';
import { syncRoutes } from './routes/sync.js';
import { monitorRoutes } from './routes/monitor.js';

export interface LedgerServerOptions {
  db: LedgerDb;
  kind: string;
  logger: pino.Logger;
  /** Enrolment attempts per source address per minute (default ENROL_PER_MINUTE). */
  enrolPerMinute?: number;
}

export async function buildLedgerServer(options: LedgerServerOptions): Promise<FastifyInstance> {
  const { db, logger } = options;
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: MAX_BODY_BYTES });
  await installEdge(app, db);

  app.get('/health', async () => {
    await db.execute(sql`select 1`);
    return { ok: true, database: options.kind, time: new Date().toISOString() };
  });
  syncRoutes(app, db, { enrolPerMinute: options.enrolPerMinute ?? ENROL_PER_MINUTE });
  photoRoutes(app, db);
  monitorRoutes(app, db);
  return app;
}
