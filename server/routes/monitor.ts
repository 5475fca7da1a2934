/** The monitor's figures for an enrolled device (docs/sync-protocol.md §6): signed like a pull, computed on request. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LedgerDb } from '../db/connect.js';
import { authenticate } from '../http/auth.js';
import { sendJson } from '../http/send-json.js';
import { monitorSnapshot } from '../ledger/monitor.js';

export function monitorRoutes(app: FastifyInstance, db: LedgerDb): void {
  app.get('/v1/monitor', async (request, reply: FastifyReply) => {
    const device = await authenticate(db, request);
    return sendJson(request, reply, JSON.stringify(await monitorSnapshot(db, device.tenantId)));
  });
}
