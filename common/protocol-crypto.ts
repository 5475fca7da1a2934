/**
 * The sync protocol's node:crypto parts, in the one place both the device (services/) and the central
 * ledger (server/) import: Ed25519 keys and signatures, the outbox's chain hash, and the registry's code
 * hash. Both sides must agree byte for byte, so neither keeps a copy of its own (DESIGN.md rule 1).
 */
import { eventHashBody, eventHashBodyOfText } from '../core/sync/protocol.js';
import type { CanonicalCode } from '../core/voucher-code.js';
import { createHash, createPrivateKey, hash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export interface DeviceKeys {
  /** PKCS#8 DER, base64: stays in the device's encrypted store. */
  privateKey: string;
  /** SPKI DER, base64: sent to the server at enrolment. */
  publicKey: string;
}

export function generateDeviceKeys(): DeviceKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

const privateCache = new Map<string, KeyObject>();
function privateKeyObject(b64: string): KeyObject {
  let key = privateCache.get(b64);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
    privateCache.set(b64, key);
  }
  return key;
}

export function signText(privateKeyB64: string, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), privateKeyObject(privateKeyB64)).toString('base64');
}

/** False for a wrong signature and for any key or signature that is not well-formed. */
export function verifyText(publicKeyB64: string, text: string, signatureB64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

/** sha256(prevHash ‖ "\n" ‖ canonical event), hex: the outbox's hash chain (docs/sync-protocol.md §3). */
export function chainHash(prevHash: string, event: Parameters<typeof eventHashBody>[0]): string {
  return hash('sha256', `${prevHash}\n${eventHashBody(event)}`, 'hex');
}

/** `chainHash` of an event whose payload is canonical JSON text already (the outbox's append). */
export function chainHashOfText(prevHash: string, event: Parameters<typeof eventHashBodyOfText>[0]): string {
  return hash('sha256', `${prevHash}\n${eventHashBodyOfText(event)}`, 'hex');
}

/** A voucher code as devices hold it: hex SHA-256 of the round's salt bytes followed by the canonical code. */
export function registryHash(saltHex: string, code: CanonicalCode): string {
  return createHash('sha256').update(saltHex, 'hex').update(code).digest('hex');
}
