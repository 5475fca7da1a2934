/** A JSON answer, gzipped when the client accepts it and it is worth it (pull pages, the monitor's figures). */
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function sendJson(request: FastifyRequest, reply: FastifyReply, json: string): FastifyReply {
  reply.header('content-type', 'application/json; charset=utf-8');
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && json.length > 1024) {
    reply.header('content-encoding', 'gzip');
    return reply.send(gzipSync(json, { level: 6 }));
  }
  return reply.send(json);
}
