/**
 * Child process for tests/integration/sync-faults.test.ts: opens the device's store like the app does
 * and runs one sync. With BB_FAULT=kill-after-answer it kills itself (SIGKILL) the moment the ledger's
 * answer to the first push has arrived, before the outbox is marked: the "app killed between upload
 * and acknowledgement" case.
 */
import path from 'node:path';
import { startApp } from '../../services/app';
import { silentLogger } from '../../services/platform/deps';
import { plainKeyWrapper } from '../../services/platform/store-key';

const [dir = ''] = process.argv.slice(2);
const root = path.resolve(__dirname, '..', '..');

const app = startApp({
  dataDir: dir,
  resourcesDir: path.join(root, 'resources'),
  migrationsFolder: path.join(root, 'db', 'migrations'),
  host: { kind: 'browser', version: 'fault-test' },
  log: silentLogger,
  keyWrapper: plainKeyWrapper,
  envKey: process.env.BUURTBALIE_STORE_KEY,
  backgroundSync: false,
  syncHooks: process.env.BB_FAULT === 'kill-after-answer' ? { afterPushAnswer: () => process.kill(process.pid, 'SIGKILL') } : {},
});
app.sync!.run().then(
  () => {
    app.close();
    process.stdout.write('SYNCED\n');
  },
  (error: unknown) => {
    process.stdout.write(`FAILED ${String(error)}\n`);
    process.exitCode = 1;
  },
);
