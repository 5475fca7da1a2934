/**
 * GET /metrics in Prometheus's text format (prom-client), for the IT department's monitoring: requests by route and
 * status, events taken in by outcome, refusals by code, and — read from PostgreSQL when scraped, so every ledger
 * process behind one database tells the same — open conflicts, pending donations, quarantined requests, and each
 * device's lag (seconds since it last synced). Ids and counts only, never personal data. Off unless
 * BB_LEDGER_METRICS_TOKEN is set; then it asks for that token as a bearer (constant-time comparison).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { LedgerDb } from '../db/connect.js';
import { ProtocolFailure } from '../ledger/errors.js';

export class LedgerMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'buurtbalie_ledger_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'buurtbalie_ledger_events_total',
    help: 'Events devices pushed, by outcome (accepted, contested, quarantined, overruled, duplicate …).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'buurtbalie_ledger_refusals_total',
    help: 'Requests refused, by protocol error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(db: LedgerDb) {
    collectDefaultMetrics({ register: this.registry, prefix: 'buurtbalie_ledger_' });
    new Gauge({
      name: 'buurtbalie_ledger_donations_open',
      help: 'Donations a person must decide, by municipality and state (contested, pending).',
      labelNames: ['tenant', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = (await db.execute(sql`
          select tenant_id, state, count(*)::int as n from donations
           where state in ('contested', 'pending') and settled_at is null group by tenant_id, state`)) as unknown as {
          rows: { tenant_id: string; state: string; n: number }[];
        };
        for (const r of rows.rows) this.set({ tenant: r.tenant_id, state: r.state }, r.n);
      },
    });
    new Gauge({
      name: 'buurtbalie_ledger_quarantined_requests',
      help: 'Refused requests of known devices kept for inspection (server:admin -- quarantine).',
      registers: [this.registry],
      async collect() {
        const rows = (await db.execute(sql`select count(*)::int as n from quarantine`)) as unknown as { rows: { n: number }[] };
        this.set(rows.rows[0]?.n ?? 0);
      },
    });
    new Gauge({
      name: 'buurtbalie_ledger_device_lag_seconds',
      help: 'Seconds since each enrolled, not revoked device last synced (never synced: since enrolment).',
      labelNames: ['tenant', 'device'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = (await db.execute(sql`
          select tenant_id, id, extract(epoch from now() - coalesce(last_seen_at, enrolled_at))::float8 as lag
            from devices where revoked_at is null`)) as unknown as { rows: { tenant_id: string; id: string; lag: number }[] };
        for (const r of rows.rows) this.set({ tenant: r.tenant_id, device: r.id }, Math.max(0, Math.round(r.lag)));
      },
    });
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: LedgerMetrics;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Count and log every answer — by the route's pattern, never the address as sent (a voucher code or an id in a
 * path stays out of labels and logs) — and serve /metrics when a token is configured.
 */
export function installMetrics(app: FastifyInstance, metrics: LedgerMetrics): void {
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never the address as sent (no ids or codes in labels).
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'answered');
  });
}

/** GET /metrics, registered after the edge so its refusal has the protocol's error body. */
export function metricsRoute(app: FastifyInstance, metrics: LedgerMetrics, token: string | undefined): void {
  if (!token) return;
  const expected = digest(`Bearer ${token}`);
  app.get('/metrics', async (request, reply) => {
    const sent = request.headers.authorization;
    if (typeof sent !== 'string' || !timingSafeEqual(digest(sent), expected)) {
      throw new ProtocolFailure(401, 'UNAUTHENTICATED', 'Send the metrics token as a bearer.');
    }
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
