/** Photos of initiatives: PUT, GET, DELETE /v1/photos/:id (docs/sync-protocol.md §4a). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_PHOTO_BODY_BYTES, photoUploadSchema } from '../../core/sync/protocol.js';
import type { LedgerDb } from '../db/connect.js';
import { ProtocolFailure } from '../ledger/errors.js';
import { erasePhoto, readPhoto, storePhoto } from '../ledger/photos.js';
import { authenticate } from '../http/auth.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function photoId(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!UUID.test(id)) throw new ProtocolFailure(400, 'MALFORMED', 'Not a photo id.');
  return id;
}

export function photoRoutes(app: FastifyInstance, db: LedgerDb): void {
  const path = '/v1/photos/:id';
  app.put(path, { bodyLimit: MAX_PHOTO_BODY_BYTES }, async (request) => {
    const device = await authenticate(db, request);
    const id = photoId(request);
    const parsed = photoUploadSchema.safeParse(request.body);
    if (!parsed.success) throw new ProtocolFailure(400, 'MALFORMED', 'The photo upload is not well-formed.');
    const answer = await storePhoto(db, device.tenantId, device.id, id, parsed.data);
    request.log.info({ device: device.id, photo: id, ...answer }, 'photo taken in');
    return answer;
  });
  app.get(path, async (request, reply: FastifyReply) => {
    const device = await authenticate(db, request);
    const photo = await readPhoto(db, device.tenantId, photoId(request));
    return reply.header('content-type', photo.mime).send(photo.bytes);
  });
  app.delete(path, async (request) => {
    const device = await authenticate(db, request);
    const id = photoId(request);
    await erasePhoto(db, device.tenantId, id);
    request.log.info({ device: device.id, photo: id }, 'photo erased');
    return { erased: true };
  });
}
