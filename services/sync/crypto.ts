/**
 * Ed25519 keys and signatures for the sync protocol (node:crypto; no extra dependency). Used by the
 * device (signing) and by the central ledger (verifying): both sides must agree byte for byte.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

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
  return createHash('sha256').update(data).digest('hex');
}
