/**
 * The store's encryption key lives in a file next to the store, wrapped by the host: Electron wraps
 * it with safeStorage (the OS keychain / DPAPI / libsecret), browser mode and tests use an
 * environment variable or a plain file (a development harness only).
 */
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../db/private-files.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StoreOpenError } from '../../db/open-store.js';

export interface KeyWrapper {
  wrap(keyHex: string): Buffer;
  unwrap(data: Buffer): string;
}

export const plainKeyWrapper: KeyWrapper = {
  wrap: (keyHex) => Buffer.from(keyHex, 'utf8'),
  unwrap: (data) => data.toString('utf8').trim(),
};

/**
 * Load the key, or make one on first start. A store without its key is an error, never a reason
 * to start over: the old data would be lost to the user.
 */
export function loadOrCreateStoreKey(options: {
  storeFile: string;
  keyFile: string;
  wrapper: KeyWrapper;
  envKey?: string | undefined;
}): string {
  const { storeFile, keyFile, wrapper, envKey } = options;
  if (envKey) {
    if (!/^[0-9a-f]{64}$/.test(envKey)) throw new StoreOpenError('key-missing', storeFile);
    return envKey;
  }
  if (fs.existsSync(keyFile)) {
    try {
      const key = wrapper.unwrap(fs.readFileSync(keyFile));
      if (/^[0-9a-f]{64}$/.test(key)) return key;
    } catch (error) {
      throw new StoreOpenError('key-missing', storeFile, { cause: error });
    }
    throw new StoreOpenError('key-missing', storeFile);
  }
  if (fs.existsSync(storeFile)) throw new StoreOpenError('key-missing', storeFile);
  const key = randomBytes(32).toString('hex');
  makePrivateDir(path.dirname(keyFile));
  fs.writeFileSync(keyFile, wrapper.wrap(key), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return key;
}
