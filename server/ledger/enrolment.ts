/**
 * Enrolment: the administrator makes a one-time code for a device (shown once, stored as a hash);
 * the device sends it with its Ed25519 public key and a proof that it holds the private key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { enrolmentProofString, GENESIS_HASH, type EnrolRequest, type EnrolResponse } from '../../core/sync/protocol.js';
import { sha256Hex, verifyText } from '../../common/protocol-crypto.js';
import { devices, enrolmentCodes, tenants } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { ProtocolFailure } from './errors.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U

/** 16 symbols = 80 bits, in groups of four: easy to read out over the phone. */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(16);
  const symbols = [...bytes].map((b) => ALPHABET[b % 32]).join('');
  return [0, 4, 8, 12].map((i) => symbols.slice(i, i + 4)).join('-');
}

export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export async function createEnrolmentCode(
  db: LedgerDb,
  tenantId: string,
  deviceName: string,
  validHours = 7 * 24,
  /** Re-enrolment: the existing device this code is for (it keeps its id, sequence and chain). */
  forDeviceId: string | null = null,
): Promise<{ code: string; expiresAt: string }> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(Date.now() + validHours * 3600_000).toISOString();
  await db
    .insert(enrolmentCodes)
    .values({ codeHash: sha256Hex(normaliseEnrolmentCode(code)), tenantId, deviceName, expiresAt, forDeviceId });
  return { code, expiresAt };
}

export async function enrolDevice(db: LedgerDb, req: EnrolRequest, now = new Date()): Promise<EnrolResponse> {
  if (!verifyText(req.publicKey, enrolmentProofString(req.code, req.publicKey), req.proof)) {
    throw new ProtocolFailure(401, 'BAD_SIGNATURE', 'The proof does not match the public key.');
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(enrolmentCodes)
      .where(
        and(
          eq(enrolmentCodes.codeHash, sha256Hex(normaliseEnrolmentCode(req.code))),
          isNull(enrolmentCodes.usedAt),
          gt(enrolmentCodes.expiresAt, now.toISOString()),
        ),
      )
      .for('update');
    if (!row) throw new ProtocolFailure(403, 'ENROLMENT_CODE_INVALID', 'The code is unknown, used or expired.');
    // A device that was enrolled before keeps its id, sequence and chain: only a code made for it will do.
    if ((row.forDeviceId ?? undefined) !== req.deviceId) {
      throw new ProtocolFailure(
        403,
        'ENROLMENT_CODE_INVALID',
        req.deviceId ? 'This code is not for re-enrolling this device.' : 'This code is for re-enrolling an existing device.',
      );
    }
    const [tenant] = await tx
      .select({ id: tenants.id, name: tenants.name, platformName: tenants.platformName, platformUrl: tenants.platformUrl })
      .from(tenants)
      .where(eq(tenants.id, row.tenantId));
    if (!tenant) throw new Error(`enrolment code of unknown tenant ${row.tenantId}`);
    if (row.forDeviceId) {
      const [updated] = await tx
        .update(devices)
        .set({ publicKey: req.publicKey, revokedAt: null, name: req.deviceName, servicePoint: req.servicePoint })
        .where(and(eq(devices.id, row.forDeviceId), eq(devices.tenantId, row.tenantId)))
        .returning({ id: devices.id });
      if (!updated) throw new ProtocolFailure(403, 'ENROLMENT_CODE_INVALID', 'The device of this code no longer exists.');
      await tx
        .update(enrolmentCodes)
        .set({ usedAt: now.toISOString(), deviceId: updated.id })
        .where(eq(enrolmentCodes.codeHash, row.codeHash));
      return { deviceId: updated.id, tenant, serverTime: now.toISOString() };
    }
    const deviceId = randomUUID();
    await tx.insert(devices).values({
      id: deviceId,
      tenantId: row.tenantId,
      name: req.deviceName,
      servicePoint: req.servicePoint,
      publicKey: req.publicKey,
      lastHash: GENESIS_HASH,
    });
    await tx.update(enrolmentCodes).set({ usedAt: now.toISOString(), deviceId }).where(eq(enrolmentCodes.codeHash, row.codeHash));
    return { deviceId, tenant, serverTime: now.toISOString() };
  });
}
