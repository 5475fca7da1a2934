/**
 * What every benchmark starts from: a fresh encrypted store on BENCH_DIR (default: the OS temp
 * folder), set up through the same service as the app's first start. The caller removes `dir`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../db/open-store.js';
import { completeSetup } from '../services/setup/setup.js';

export const root = path.resolve(__dirname, '..');

/** What every result file says of the machine it was measured on (docs/benchmarks.md wants it with every figure). */
export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export interface BenchStore {
  dir: string;
  store: Store;
  keyHex: string;
  districtsCsv: string;
  clock: () => Date;
}

export async function benchStore(prefix: string, options: { demo: boolean }): Promise<BenchStore> {
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), prefix));
  const keyHex = randomBytes(32).toString('hex');
  const store = openStore({ file: path.join(dir, 'buurtbalie.db'), keyHex, migrationsFolder: path.join(root, 'db', 'migrations') });
  const clock = () => new Date();
  const districtsCsv = fs.readFileSync(path.join(root, 'resources', 'data', 'almelo-wijken.csv'), 'utf8');
  await completeSetup(
    store.db,
    clock,
    { deviceName: 'Bench', servicePoint: 'Bench', adminName: 'Bench Beheer', adminPin: '25814', demo: options.demo },
    districtsCsv,
  );
  return { dir, store, keyHex, districtsCsv, clock };
}
