/**
 * What an IT department expects of a server it runs: TLS directly (certificate and key files) or behind its own
 * proxy, security headers, a rate limit per source address, slow clients cut off (headers, body, idle), and the
 * HTTP server's own refusals (a request line or headers too large, a timeout, bytes that are not HTTP) in the
 * protocol's error format. Settings from the environment (server/config.ts, docs/operations.md).
 */
import fs from 'node:fs';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import type pino from 'pino';
import type { ProtocolError } from '../../core/sync/protocol.js';

export interface EdgeOptions {
  /** Requests per source address per minute, every route that has no limit of its own (BB_LEDGER_PER_MINUTE). */
  perMinute: number;
  /** The request's headers must have arrived within this (BB_LEDGER_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** The whole request, body included, within this (BB_LEDGER_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** A connection that sends nothing for this long is closed (BB_LEDGER_IDLE_TIMEOUT_MS). */
  idleTimeoutMs: number;
  /** TLS: PEM files (BB_LEDGER_TLS_CERT, BB_LEDGER_TLS_KEY). Without them: plain HTTP, for 127.0.0.1 or behind a proxy. */
  tls?: { certFile: string; keyFile: string };
  /** Behind a proxy: which proxy's X-Forwarded-For to believe (BB_LEDGER_TRUST_PROXY: an address, a CIDR, or a hop count). */
  trustProxy?: string | number;
}

export const defaultEdge: EdgeOptions = {
  perMinute: 3000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 15_000,
};

const refusalBytes = (status: number, reason: string, body: ProtocolError) => {
  const json = JSON.stringify(body);
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`;
};

/**
 * The Node HTTP server's own refusals, before Fastify sees a request: answered in the protocol's format (Fastify's
 * default is its own JSON) and logged with the reason, never the bytes.
 */
export function clientErrorHandler(logger: pino.Logger) {
  return (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, reason, body]: [number, string, ProtocolError] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', { code: 'MALFORMED', message: 'The request line or headers are too large.' }]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', { code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time.' }]
          : [400, 'Bad Request', { code: 'MALFORMED', message: 'This is not a well-formed HTTP request.' }];
    logger.warn({ code: error.code ?? 'unknown', status, source: socket.remoteAddress }, 'connection refused by the HTTP server');
    if (socket.writable) socket.end(refusalBytes(status, reason, body));
    socket.destroySoon();
  };
}

/** Fastify's server options for the edge: TLS, timeouts, proxy trust, the server's own refusals. */
export function serverOptions(edge: EdgeOptions, logger: pino.Logger): Partial<FastifyServerOptions> {
  // Node checks header and request deadlines on an interval (30 s by default): often enough to keep its promise.
  const node = {
    headersTimeout: Math.min(edge.headersTimeoutMs, edge.requestTimeoutMs),
    requestTimeout: edge.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(edge.headersTimeoutMs / 4))),
  };
  const tls = edge.tls ? { cert: fs.readFileSync(edge.tls.certFile), key: fs.readFileSync(edge.tls.keyFile) } : undefined;
  return {
    ...(tls ? { https: { ...tls, ...node } } : { http: node }),
    requestTimeout: edge.requestTimeoutMs,
    connectionTimeout: edge.idleTimeoutMs,
    keepAliveTimeout: Math.min(5_000, edge.idleTimeoutMs),
    trustProxy: edge.trustProxy ?? false,
    clientErrorHandler: clientErrorHandler(logger),
  } as Partial<FastifyServerOptions>;
}

/** Security headers for an API that serves JSON and photos to devices and a website's server, never a browser page. */
export async function installHeaders(app: FastifyInstance, edge: EdgeOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // Only when this process speaks TLS itself; behind a proxy the proxy sets it.
    hsts: edge.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
