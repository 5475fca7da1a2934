/**
 * The central ledger's HTTP API (docs/sync-protocol.md): the edge (sizes, content types, depth, rate
 * limits, refusals), then one module of routes per concern. Stateless: every request is answered from
 * PostgreSQL, so more instances can stand side by side.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type pino from 'pino';
import { sql } from 'drizzle-orm';
import { MAX_BODY_BYTES, type ProtocolError } from '../core/sync/protocol.js';
import type { LedgerDb } from './db/connect.js';
import { ENROL_PER_MINUTE, installEdge } from './http/edge.js';
import { defaultEdge, installHeaders, serverOptions, type EdgeOptions } from './http/hardening.js';
import { LedgerMetrics, installMetrics, metricsRoute } from './http/metrics.js';
import { photoRoutes } from './routes/photos.js';
import { syncRoutes } from './routes/sync.js';
import { monitorRoutes } from './routes/monitor.js';
import { PARTNER_PER_MINUTE, partnerRoutes } from './routes/partner.js';
import { updateRoutes } from './routes/updates.js';

export interface LedgerServerOptions {
  db: LedgerDb;
  kind: string;
  logger: pino.Logger;
  /** Enrolment attempts per source address per minute (default ENROL_PER_MINUTE). */
  enrolPerMinute?: number;
  /** Partner API requests per credential per minute (default PARTNER_PER_MINUTE). */
  partnerPerMinute?: number;
  /** TLS, timeouts, the per-address rate limit, proxy trust (server/http/hardening.ts); defaults for the rest. */
  edge?: Partial<EdgeOptions>;
  /** Serve GET /metrics to this bearer token; without it there is no metrics endpoint. */
  metricsToken?: string;
  /** The update feed's folder (one subfolder per channel); without it there is no feed. */
  updatesDir?: string;
}

export async function buildLedgerServer(options: LedgerServerOptions): Promise<FastifyInstance> {
  const { db, logger } = options;
  const edge: EdgeOptions = { ...defaultEdge, ...options.edge };
  const app = Fastify({
    ...serverOptions(edge, logger),
    loggerInstance: logger as FastifyBaseLogger,
    // One line per answer with the route's pattern (http/metrics.ts) instead of Fastify's, which logs the address as sent.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    // The router's own refusals (a path part over 100 characters, a malformed URL) in the protocol's error format,
    // without echoing the address back.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      request.log.warn({ code: error.code }, 'request refused by the router');
      const body: ProtocolError = {
        code: 'MALFORMED',
        message: tooLong ? 'A part of the address is too long.' : 'The address is not well-formed.',
      };
      void (reply as FastifyReply).code(tooLong ? 414 : 400).send(body);
    },
  });
  await installHeaders(app, edge);
  const metrics = new LedgerMetrics(db);
  installMetrics(app, metrics);
  await installEdge(app, db, { perMinute: edge.perMinute, metrics });
  metricsRoute(app, metrics, options.metricsToken);

  app.get('/health', async () => {
    await db.execute(sql`select 1`);
    return { ok: true, database: options.kind, time: new Date().toISOString() };
  });
  syncRoutes(app, db, { enrolPerMinute: options.enrolPerMinute ?? ENROL_PER_MINUTE });
  photoRoutes(app, db);
  monitorRoutes(app, db);
  partnerRoutes(app, db, { perMinute: options.partnerPerMinute ?? PARTNER_PER_MINUTE });
  await updateRoutes(app, options.updatesDir);
  return app;
}
