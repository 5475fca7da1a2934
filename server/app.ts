/**
 * The central ledger's HTTP API (docs/sync-protocol.md): health, enrolment, signed push and pull.
 * Stateless: every request is answered from PostgreSQL, so more instances can stand side by side.
 */
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type pino from 'pino';
import { eq, sql } from 'drizzle-orm';
import {
  CLOCK_SKEW_FLAG_MS,
  enrolRequestSchema,
  HEADER_DEVICE,
  HEADER_SIGNATURE,
  HEADER_TIME,
  MAX_BATCH_EVENTS,
  MAX_BODY_BYTES,
  MAX_PHOTO_BODY_BYTES,
  MAX_PULL_LIMIT,
  photoUploadSchema,
  pushRequestSchema,
  signingString,
  type ProtocolError,
} from '../core/sync/protocol.js';
import { sha256Hex, verifyText } from '../services/sync/crypto.js';
import { devices, quarantine, type DeviceRow } from './db/schema.js';
import type { LedgerDb } from './db/connect.js';
import { readChanges } from './ledger/changes.js';
import { enrolDevice } from './ledger/enrolment.js';
import { ProtocolFailure } from './ledger/errors.js';
import { ingestBatch } from './ledger/ingest.js';
import { erasePhoto, readPhoto, storePhoto } from './ledger/photos.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    device?: DeviceRow;
  }
}

const QUARANTINE_MAX_BYTES = 64 * 1024;

export async function buildLedgerServer(options: { db: LedgerDb; kind: string; logger: pino.Logger }): Promise<FastifyInstance> {
  const { db, logger } = options;
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: MAX_BODY_BYTES });

  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    try {
      done(null, body.length === 0 ? {} : JSON.parse(body.toString('utf8')));
    } catch {
      done(new ProtocolFailure(400, 'MALFORMED', 'The body is not JSON.'), undefined);
    }
  });

  /** Refused input is kept with its reason (cut short), never silently dropped (LESSONS.md). */
  async function keepInQuarantine(request: FastifyRequest, reason: string) {
    const body = request.rawBody ? request.rawBody.subarray(0, QUARANTINE_MAX_BYTES).toString('utf8') : '';
    try {
      await db.insert(quarantine).values({
        tenantId: request.device?.tenantId ?? null,
        deviceId:
          request.device?.id ?? (typeof request.headers[HEADER_DEVICE] === 'string' ? request.headers[HEADER_DEVICE].slice(0, 64) : null),
        reason,
        body,
      });
    } catch (error) {
      request.log.error({ err: error }, 'could not write quarantine');
    }
  }

  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request, reply) => {
    let failure: ProtocolFailure;
    if (error instanceof ProtocolFailure) failure = error;
    else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      failure = new ProtocolFailure(413, 'BATCH_TOO_LARGE', 'The batch is too large.', {
        maxEvents: MAX_BATCH_EVENTS,
        maxBytes: MAX_BODY_BYTES,
      });
    else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      failure = new ProtocolFailure(400, 'MALFORMED', 'The request is not well-formed.');
    else {
      request.log.error({ err: error }, 'ledger request failed');
      failure = new ProtocolFailure(500, 'INTERNAL', 'The ledger could not handle this request; try again later.');
    }
    if (
      ['MALFORMED', 'CHAIN_BROKEN', 'BAD_SIGNATURE', 'DEVICE_REVOKED', 'UNKNOWN_DEVICE'].includes(failure.body.code) &&
      request.method === 'POST'
    ) {
      await keepInQuarantine(request, `${failure.body.code}: ${failure.message}`);
    }
    request.log.warn({ code: failure.body.code, status: failure.status, device: request.device?.id }, 'request refused');
    return reply.status(failure.status).send(failure.body satisfies ProtocolError);
  });

  /** Every request after enrolment is signed by the device's key; see signingString(). */
  async function authenticate(request: FastifyRequest): Promise<DeviceRow> {
    const deviceId = request.headers[HEADER_DEVICE];
    const time = request.headers[HEADER_TIME];
    const signature = request.headers[HEADER_SIGNATURE];
    if (typeof deviceId !== 'string' || typeof time !== 'string' || typeof signature !== 'string') {
      throw new ProtocolFailure(401, 'BAD_SIGNATURE', 'The request is not signed.');
    }
    const [device] = /^[0-9a-f-]{36}$/.test(deviceId) ? await db.select().from(devices).where(eq(devices.id, deviceId)) : [];
    if (!device) throw new ProtocolFailure(401, 'UNKNOWN_DEVICE', 'Unknown device.');
    const text = signingString(request.method, request.url, time, sha256Hex(request.rawBody ?? Buffer.alloc(0)));
    if (!verifyText(device.publicKey, text, signature)) throw new ProtocolFailure(401, 'BAD_SIGNATURE', 'The signature does not verify.');
    request.device = device;
    if (device.revokedAt) throw new ProtocolFailure(403, 'DEVICE_REVOKED', 'This device has been revoked.');
    return device;
  }

  app.get('/health', async () => {
    await db.execute(sql`select 1`);
    return { ok: true, database: options.kind, time: new Date().toISOString() };
  });

  app.post('/v1/enrol', async (request) => {
    const parsed = enrolRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new ProtocolFailure(400, 'MALFORMED', 'The enrolment request is not well-formed.');
    const answer = await enrolDevice(db, parsed.data);
    request.log.info({ device: answer.deviceId, tenant: answer.tenant.id }, 'device enrolled');
    return answer;
  });

  app.post('/v1/push', async (request) => {
    const device = await authenticate(request);
    const body = request.body as { protocol?: unknown };
    if (body && typeof body === 'object' && 'protocol' in body && body.protocol !== 1) {
      throw new ProtocolFailure(400, 'UNSUPPORTED_PROTOCOL', 'This protocol version is not supported.');
    }
    const parsed = pushRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const tooMany =
        Array.isArray((request.body as { events?: unknown[] }).events) &&
        (request.body as { events: unknown[] }).events.length > MAX_BATCH_EVENTS;
      if (tooMany)
        throw new ProtocolFailure(413, 'BATCH_TOO_LARGE', 'Too many events in one batch.', {
          maxEvents: MAX_BATCH_EVENTS,
          maxBytes: MAX_BODY_BYTES,
        });
      throw new ProtocolFailure(400, 'MALFORMED', 'The batch is not well-formed.');
    }
    if (parsed.data.deviceId !== device.id) throw new ProtocolFailure(400, 'MALFORMED', 'The batch names another device.');
    const time = request.headers[HEADER_TIME] as string;
    const answer = await ingestBatch(db, {
      tenantId: device.tenantId,
      deviceId: device.id,
      events: parsed.data.events,
      via: 'push',
      deviceClock: time,
    });
    const counts: Record<string, number> = {};
    for (const r of answer.results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    request.log.info(
      { device: device.id, tenant: device.tenantId, events: answer.results.length, ...counts, expectedSeq: answer.expectedSeq },
      'batch taken in',
    );
    if (answer.clockSkewMs !== 0)
      request.log.warn({ device: device.id, skewMs: answer.clockSkewMs, flagMs: CLOCK_SKEW_FLAG_MS }, 'device clock is off');
    return answer;
  });

  const photoPath = '/v1/photos/:id';
  const photoId = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
      throw new ProtocolFailure(400, 'MALFORMED', 'Not a photo id.');
    return id;
  };
  app.put(photoPath, { bodyLimit: MAX_PHOTO_BODY_BYTES }, async (request) => {
    const device = await authenticate(request);
    const id = photoId(request);
    const parsed = photoUploadSchema.safeParse(request.body);
    if (!parsed.success) throw new ProtocolFailure(400, 'MALFORMED', 'The photo upload is not well-formed.');
    const answer = await storePhoto(db, device.tenantId, device.id, id, parsed.data);
    request.log.info({ device: device.id, photo: id, ...answer }, 'photo taken in');
    return answer;
  });
  app.get(photoPath, async (request, reply: FastifyReply) => {
    const device = await authenticate(request);
    const photo = await readPhoto(db, device.tenantId, photoId(request));
    return reply.header('content-type', photo.mime).send(photo.bytes);
  });
  app.delete(photoPath, async (request) => {
    const device = await authenticate(request);
    const id = photoId(request);
    await erasePhoto(db, device.tenantId, id);
    request.log.info({ device: device.id, photo: id }, 'photo erased');
    return { erased: true };
  });

  app.get('/v1/pull', async (request, reply: FastifyReply) => {
    const device = await authenticate(request);
    const query = request.query as { after?: string; limit?: string };
    const after = Number(query.after ?? 0);
    const limit = Math.min(Number(query.limit ?? MAX_PULL_LIMIT), MAX_PULL_LIMIT);
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1) {
      throw new ProtocolFailure(400, 'MALFORMED', 'after and limit must be whole numbers.');
    }
    const page = await readChanges(db, device.tenantId, device.id, after, limit);
    await db.update(devices).set({ lastSeenAt: new Date().toISOString() }).where(eq(devices.id, device.id));
    const json = JSON.stringify({ ...page, serverTime: new Date().toISOString() });
    reply.header('content-type', 'application/json; charset=utf-8');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && json.length > 1024) {
      reply.header('content-encoding', 'gzip');
      return reply.send(gzipSync(json, { level: 6 }));
    }
    return reply.send(json);
  });

  return app;
}
