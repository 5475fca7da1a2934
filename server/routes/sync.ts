/** Routes of the device protocol: enrol, push, pull (docs/sync-protocol.md §2–4). */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  CLOCK_SKEW_FLAG_MS,
  HEADER_TIME,
  MAX_BATCH_EVENTS,
  MAX_BODY_BYTES,
  MAX_PULL_LIMIT,
  PROTOCOL_VERSION,
  enrolRequestSchema,
  pushRequestSchema,
  type OwnEventsResponse,
  type WireEvent,
} from '../../core/sync/protocol.js';
import { devices, events } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { feedFor, readChanges } from '../ledger/changes.js';
import { enrolDevice } from '../ledger/enrolment.js';
import { ProtocolFailure } from '../ledger/errors.js';
import { ingestBatch } from '../ledger/ingest.js';
import { storeDeviceAudit } from '../ledger/audit.js';
import { auditPushSchema } from '../../core/audit.js';
import { announceDevice, releaseDelivered, withholdEvents } from '../ledger/lost-devices.js';
import { authenticate, revoked, verifiedDevice } from '../http/auth.js';
import { enrolRateLimit } from '../http/edge.js';
import { sendJson } from '../http/send-json.js';

const ENROL_BODY_BYTES = 16 * 1024;

/** `?after=<n>&limit=<n>` of a paged read (pull, own events): whole numbers, limit at most MAX_PULL_LIMIT. */
function pageOf(query: unknown): { after: number; limit: number } {
  const q = query as { after?: string; limit?: string };
  const after = Number(q.after ?? 0);
  const limit = Math.min(Number(q.limit ?? MAX_PULL_LIMIT), MAX_PULL_LIMIT);
  if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1) {
    throw new ProtocolFailure(400, 'MALFORMED', 'after and limit must be whole numbers.');
  }
  return { after, limit };
}

export function syncRoutes(app: FastifyInstance, db: LedgerDb, limits: { enrolPerMinute: number }): void {
  app.post('/v1/enrol', { bodyLimit: ENROL_BODY_BYTES, config: enrolRateLimit(limits.enrolPerMinute) }, async (request) => {
    const parsed = enrolRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new ProtocolFailure(400, 'MALFORMED', 'The enrolment request is not well-formed.');
    const answer = await enrolDevice(db, parsed.data);
    if (parsed.data.deviceId) await announceDevice(db, answer.tenant.id, answer.deviceId);
    request.log.info({ device: answer.deviceId, tenant: answer.tenant.id, again: Boolean(parsed.data.deviceId) }, 'device enrolled');
    return answer;
  });

  app.post('/v1/push', { bodyLimit: MAX_BODY_BYTES }, async (request) => {
    const device = await verifiedDevice(db, request);
    const body: unknown = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new ProtocolFailure(400, 'MALFORMED', 'The body is not an object.');
    if ('protocol' in body && body.protocol !== PROTOCOL_VERSION) {
      throw new ProtocolFailure(400, 'UNSUPPORTED_PROTOCOL', 'This protocol version is not supported.');
    }
    const parsed = pushRequestSchema.safeParse(body);
    if (!parsed.success) {
      const events = (body as { events?: unknown }).events;
      if (Array.isArray(events) && events.length > MAX_BATCH_EVENTS)
        throw new ProtocolFailure(413, 'BATCH_TOO_LARGE', 'Too many events in one batch.', {
          maxEvents: MAX_BATCH_EVENTS,
          maxBytes: MAX_BODY_BYTES,
        });
      const issue = parsed.error.issues[0];
      throw new ProtocolFailure(
        400,
        'MALFORMED',
        `The batch is not well-formed (${issue?.path.join('.') || 'body'}: ${issue?.code ?? 'invalid'}).`,
      );
    }
    if (parsed.data.deviceId !== device.id) throw new ProtocolFailure(400, 'MALFORMED', 'The batch names another device.');
    if (device.revokedAt) {
      // Signed by the device, so worth keeping aside for the lost-device report; never counted.
      const held = await withholdEvents(db, device, parsed.data.events);
      request.log.warn({ device: device.id, withheld: held }, 'revoked device pushed; events withheld');
      throw revoked();
    }
    const answer = await ingestBatch(db, {
      tenantId: device.tenantId,
      deviceId: device.id,
      events: parsed.data.events,
      via: 'push',
      deviceClock: request.headers[HEADER_TIME] as string,
      rawJson: request.rawBody?.toString('utf8'),
    });
    // Events this device pushed while it was revoked are delivered now: they leave its report.
    if ((await releaseDelivered(db, device.tenantId, device.id)) > 0) request.log.info({ device: device.id }, 'withheld events delivered');
    const counts: Record<string, number> = {};
    for (const r of answer.results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    for (const [outcome, n] of Object.entries(counts)) app.metrics.events.inc({ outcome }, n);
    request.log.info(
      { device: device.id, tenant: device.tenantId, events: answer.results.length, ...counts, expectedSeq: answer.expectedSeq },
      'batch taken in',
    );
    if (answer.clockSkewMs !== 0)
      request.log.warn({ device: device.id, skewMs: answer.clockSkewMs, flagMs: CLOCK_SKEW_FLAG_MS }, 'device clock is off');
    return answer;
  });

  app.get('/v1/pull', async (request, reply: FastifyReply) => {
    const device = await authenticate(db, request);
    const { after, limit } = pageOf(request.query);
    const feed = await feedFor(db, device.tenantId, after, () =>
      request.log.warn({ device: device.id, after }, 'a device is ahead of the change feed: the ledger was restored; new feed epoch'),
    );
    const page = await readChanges(db, device.tenantId, device.id, after, limit);
    await db.update(devices).set({ lastSeenAt: new Date().toISOString() }).where(eq(devices.id, device.id));
    return sendJson(
      request,
      reply,
      JSON.stringify({ ...page, feedEpoch: feed.epoch, feedBase: feed.base, serverTime: new Date().toISOString() }),
    );
  });

  app.get('/v1/events', async (request, reply: FastifyReply) => {
    const device = await authenticate(db, request);
    const { after, limit } = pageOf(request.query);
    const rows = await db
      .select()
      .from(events)
      .where(and(eq(events.deviceId, device.id), gt(events.seq, after)))
      .orderBy(asc(events.seq))
      .limit(limit + 1);
    const page: WireEvent[] = rows.slice(0, limit).map((e) => ({
      seq: e.seq,
      eventId: e.eventId,
      type: e.type,
      version: e.version,
      payload: e.payload as Record<string, unknown>,
      staffId: e.staffId,
      deviceTime: e.deviceTime,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
    request.log.info({ device: device.id, after, events: page.length }, 'own events read (restore)');
    const answer: OwnEventsResponse = { events: page, nextSeq: device.nextSeq, more: rows.length > limit };
    return sendJson(request, reply, JSON.stringify(answer));
  });

  app.post('/v1/audit', async (request) => {
    const device = await authenticate(db, request);
    const parsed = auditPushSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProtocolFailure(
        400,
        'MALFORMED',
        `The audit entries are not well-formed (${issue?.path.join('.') || 'body'}: ${issue?.code ?? 'invalid'}).`,
      );
    }
    if (parsed.data.deviceId !== device.id) throw new ProtocolFailure(400, 'MALFORMED', 'The entries name another device.');
    const storedThrough = await storeDeviceAudit(db, device.tenantId, device.id, parsed.data.entries);
    request.log.info({ device: device.id, entries: parsed.data.entries.length, storedThrough }, 'audit entries taken in');
    return { storedThrough };
  });
}
