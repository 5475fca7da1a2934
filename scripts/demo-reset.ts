/**
 * `npm run demo:reset`: wipe the browser-mode demo store and make a fresh demo device with demo
 * data, ready to log in. Refuses a store that is not a demo device: real counter data is never wiped.
 * Data folder: BUURTBALIE_DATA_DIR (default .data/browser), the same as `npm run start:browser`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startApp, storePaths } from '../services/app.js';
import { silentLogger } from '../services/platform/deps.js';
import { demoCodesForDisplay, demoStaff } from '../services/setup/demo.js';
import { plainKeyWrapper } from '../services/platform/store-key.js';

const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(process.env.BUURTBALIE_DATA_DIR ?? path.join(root, '.data', 'browser'));
const options = {
  dataDir,
  resourcesDir: path.join(root, 'resources'),
  migrationsFolder: path.join(root, 'db', 'migrations'),
  host: { kind: 'browser' as const, version: 'demo-reset' },
  log: silentLogger,
  keyWrapper: plainKeyWrapper,
  envKey: process.env.BUURTBALIE_STORE_KEY,
};
const ADMIN = { name: 'Demo Beheerder', pin: '36925' };

async function main(): Promise<void> {
  const { storeFile, keyFile } = storePaths(dataDir);
  if (fs.existsSync(storeFile)) {
    const existing = startApp(options);
    const status = await existing.connect().call('app:status', {});
    existing.close();
    const value = status.ok ? (status.value as { setupDone: boolean; device: { isDemo: boolean } | null }) : null;
    if (!value || (value.setupDone && !value.device?.isDemo)) {
      process.stderr.write(`Refusing to reset ${storeFile}: it is not a demo device (or cannot be opened). Nothing was changed.\n`);
      process.exit(1);
    }
    for (const file of fs.readdirSync(dataDir)) {
      if (file.startsWith('buurtbalie.db')) fs.rmSync(path.join(dataDir, file));
    }
    if (!process.env.BUURTBALIE_STORE_KEY) fs.rmSync(keyFile, { force: true });
  }
  const app = startApp(options);
  const result = await app.connect().call('setup:complete', {
    deviceName: 'Demo-balie',
    servicePoint: 'Wijkcentrum (demo)',
    adminName: ADMIN.name,
    adminPin: ADMIN.pin,
    demo: true,
  });
  app.close();
  if (!result.ok) throw new Error(result.error.message);
  process.stdout.write(`Fresh demo device in ${dataDir}.\nDemo accounts (name — PIN):\n`);
  for (const person of [{ ...ADMIN, role: 'beheerder' }, ...demoStaff])
    process.stdout.write(`  ${person.name} (${person.role}) — ${person.pin}\n`);
  process.stdout.write(`Some demo voucher codes: ${demoCodesForDisplay(3).join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo:reset failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
