/**
 * The ledger's HTTP edge, before any route: body size (413 that a plain client actually receives),
 * content type (415), JSON depth, the protocol's error format for every refusal (never a stack trace,
 * never a 500 for bad input), rate limits, and refused input kept within bounds (refusals.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { HEADER_DEVICE, MAX_BATCH_EVENTS, MAX_BODY_BYTES, type ProtocolError } from '../../core/sync/protocol.js';
import { MAX_JSON_DEPTH, jsonDepth, unsafeTextPath } from '../../core/text.js';
import type { DeviceRow } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { ProtocolFailure } from '../ledger/errors.js';
import { recordRefusal } from '../ledger/refusals.js';
import type { LedgerMetrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    device?: DeviceRow;
  }
}

/** An oversized body is read and thrown away up to this many bytes, so the client is still listening for the 413. */
export const DISCARD_MAX_BYTES = 64 * 1024 * 1024;
/**
 * Enrolment: at most this many attempts per source address per minute by default (BB_LEDGER_ENROL_PER_MINUTE).
 * A code is 80 bits, so guessing is hopeless anyway; the limit keeps a flood out of the log and the database.
 */
export const ENROL_PER_MINUTE = 20;

const tooLarge = (limit: number) =>
  new ProtocolFailure(413, 'BATCH_TOO_LARGE', `The body is larger than ${limit} bytes.`, { maxEvents: MAX_BATCH_EVENTS, maxBytes: limit });

export async function installEdge(
  app: FastifyInstance,
  db: LedgerDb,
  limits: { perMinute: number; metrics: LedgerMetrics },
): Promise<void> {
  // Every route: at most perMinute requests per source address (behind a proxy: the address it forwards, when
  // trusted). Enrolment and the partner API have their own, stricter or per-credential limits.
  await app.register(rateLimit, {
    global: true,
    max: limits.perMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new ProtocolFailure(429, 'RATE_LIMITED', 'Too many requests; wait and try again.', {
        retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });

  // A declared length over the route's limit: read and discard the body (bounded), then answer 413, so
  // a plain client that writes the whole body before reading gets the answer instead of a reset.
  app.addHook('onRequest', async (request, reply) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    const limit = request.routeOptions.bodyLimit ?? MAX_BODY_BYTES;
    if (!Number.isFinite(declared) || declared <= limit) return;
    await discardBody(request, DISCARD_MAX_BYTES);
    request.log.warn({ bytes: declared, limit }, 'request refused: body too large');
    await reply
      .code(413)
      .header('connection', 'close')
      .send(tooLarge(limit).body satisfies ProtocolError);
    return reply;
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    let value: unknown;
    try {
      value = body.length === 0 ? null : JSON.parse(body.toString('utf8'));
    } catch {
      done(new ProtocolFailure(400, 'MALFORMED', 'The body is not JSON.'), undefined);
      return;
    }
    // Nothing recursive (canonical JSON, zod) may ever see more depth than a payload can have.
    if (jsonDepth(value) > MAX_JSON_DEPTH) {
      done(
        new ProtocolFailure(400, 'MALFORMED', `The body is nested deeper than ${MAX_JSON_DEPTH} levels.`, { maxDepth: MAX_JSON_DEPTH }),
        undefined,
      );
      return;
    }
    // Text PostgreSQL cannot store (U+0000, half a surrogate pair) is refused, saying where, so the client can send it
    // as typed. A push is the exception: its events are repaired one by one and kept with the reason (ingest.ts),
    // since a device cannot send an event of its chain again differently.
    const unsafeAt = request.routeOptions.url === '/v1/push' ? null : unsafeTextPath(value);
    if (unsafeAt !== null) {
      done(
        new ProtocolFailure(
          400,
          'MALFORMED',
          `The body holds U+0000 or half a surrogate pair${unsafeAt ? ` at ${unsafeAt}` : ''}; send the text as typed.`,
        ),
        undefined,
      );
      return;
    }
    done(null, value);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    done(new ProtocolFailure(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'), undefined);
  });
  // A body without any content type is not read by Fastify at all: refuse it the same way.
  app.addHook('preValidation', async (request) => {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && request.headers['content-type'] === undefined) {
      throw new ProtocolFailure(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    }
  });

  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request, reply) => {
    const failure = asFailure(error, request);
    limits.metrics.refusals.inc({ code: failure.body.code });
    if (failure.status >= 400 && failure.status < 500 && request.method !== 'GET') {
      await recordRefusal(
        db,
        request,
        {
          deviceId: request.device?.id ?? null,
          tenantId: request.device?.tenantId ?? null,
          source: request.ip,
          body: request.rawBody,
        },
        failure.body.code,
        `${failure.body.code}: ${failure.message}`,
      );
    }
    request.log.warn(
      { code: failure.body.code, status: failure.status, device: request.device?.id, claimed: claimedDevice(request) },
      'request refused',
    );
    if (failure.body.retryAfterSeconds) reply.header('retry-after', String(failure.body.retryAfterSeconds));
    return reply.status(failure.status).send(failure.body satisfies ProtocolError);
  });

  app.setNotFoundHandler(async (_request, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: 'No such endpoint.' }));
}

function asFailure(error: Error & { code?: string; statusCode?: number }, request: FastifyRequest): ProtocolFailure {
  if (error instanceof ProtocolFailure) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge(request.routeOptions.bodyLimit ?? MAX_BODY_BYTES);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new ProtocolFailure(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  if (error.statusCode === 429) return new ProtocolFailure(429, 'RATE_LIMITED', 'Too many requests; wait and try again.');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new ProtocolFailure(400, 'MALFORMED', 'The request is not well-formed.');
  request.log.error({ err: error }, 'ledger request failed');
  return new ProtocolFailure(500, 'INTERNAL', 'The ledger could not handle this request; try again later.');
}

function claimedDevice(request: FastifyRequest): string | undefined {
  const claimed = request.headers[HEADER_DEVICE];
  return typeof claimed === 'string' ? claimed.slice(0, 64) : undefined;
}

function discardBody(request: FastifyRequest, max: number): Promise<void> {
  const raw = request.raw;
  return new Promise((resolve) => {
    let seen = 0;
    const finish = () => {
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('error', finish);
      raw.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      // Past the bound the client is not worth waiting for: answer now (it may see a reset).
      if (seen > max) finish();
    };
    raw.on('data', onData);
    raw.on('end', finish);
    raw.on('error', finish);
    raw.on('close', finish);
  });
}

/** Route options for enrolment: a rate limit per source address. */
export function enrolRateLimit(perMinute: number) {
  return { rateLimit: { max: perMinute, timeWindow: 60_000 } };
}
