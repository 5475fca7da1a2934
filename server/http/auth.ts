/**
 * Every request after enrolment is signed by the device's key (docs/sync-protocol.md §1). One check for
 * every route: headers present, device known, signature over method, path, time and body verifies,
 * device not revoked. A revoked device's signature is still checked first, so what it says can be
 * trusted enough to withhold (lost-devices.ts) — never to count.
 */
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { HEADER_DEVICE, HEADER_SIGNATURE, HEADER_TIME, signingString } from '../../core/sync/protocol.js';
import { sha256Hex, verifyText } from '../../common/protocol-crypto.js';
import { devices, type DeviceRow } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { ProtocolFailure } from '../ledger/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The verified device, revoked or not; refuses a request that is not signed by a known device. */
export async function verifiedDevice(db: LedgerDb, request: FastifyRequest): Promise<DeviceRow> {
  const deviceId = request.headers[HEADER_DEVICE];
  const time = request.headers[HEADER_TIME];
  const signature = request.headers[HEADER_SIGNATURE];
  if (typeof deviceId !== 'string' || typeof time !== 'string' || typeof signature !== 'string') {
    throw new ProtocolFailure(401, 'BAD_SIGNATURE', 'The request is not signed.');
  }
  const [device] = UUID.test(deviceId) ? await db.select().from(devices).where(eq(devices.id, deviceId)) : [];
  if (!device) throw new ProtocolFailure(401, 'UNKNOWN_DEVICE', 'Unknown device.');
  const text = signingString(request.method, request.url, time, sha256Hex(request.rawBody ?? Buffer.alloc(0)));
  if (!verifyText(device.publicKey, text, signature)) throw new ProtocolFailure(401, 'BAD_SIGNATURE', 'The signature does not verify.');
  request.device = device;
  return device;
}

/** A verified device that may use the ledger. */
export async function authenticate(db: LedgerDb, request: FastifyRequest): Promise<DeviceRow> {
  const device = await verifiedDevice(db, request);
  if (device.revokedAt) throw revoked();
  return device;
}

export function revoked(): ProtocolFailure {
  return new ProtocolFailure(403, 'DEVICE_REVOKED', 'This device has been revoked.');
}
