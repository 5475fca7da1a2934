/**
 * `npm run start:browser`: browser mode (development and test harness). Prints the URL with the
 * per-run token; open it in Chromium. Data lives in BUURTBALIE_DATA_DIR (default .data/browser).
 */
import path from 'node:path';
import { startApp } from '../../services/app.js';
import { createFileLogger } from '../../services/platform/logging.js';
import { plainKeyWrapper } from '../../services/platform/store-key.js';
import { startBrowserServer } from './server.js';
import { ledgerFetchFromEnv } from '../../services/sync/transport.js';

const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.BUURTBALIE_DATA_DIR ?? path.join(root, '.data', 'browser'));
  const log = createFileLogger(dataDir);
  const transport = ledgerFetchFromEnv(process.env);
  log.info({ via: transport.via }, 'ledger connection');
  const version = (require(path.join(root, 'package.json')) as { version: string }).version;
  const app = startApp({
    dataDir,
    resourcesDir: path.join(root, 'resources'),
    migrationsFolder: path.join(root, 'db', 'migrations'),
    host: { kind: 'browser', version },
    log,
    keyWrapper: plainKeyWrapper,
    envKey: process.env.BUURTBALIE_STORE_KEY,
    checkOutputs: true,
    ledgerFetch: transport.fetch,
  });
  const server = await startBrowserServer({
    app,
    rendererDir: path.join(root, 'out', 'renderer'),
    port: process.env.BUURTBALIE_PORT ? Number(process.env.BUURTBALIE_PORT) : 0,
  });
  process.stdout.write(
    `Buurtbalie (browser mode, a development harness) is running.\n` + `  Open:  ${server.url}\n  Data:  ${dataDir}\n  Stop:  Ctrl+C\n`,
  );
  if (app.storeState.state === 'error')
    process.stdout.write(`  Store: cannot be opened (${app.storeState.reason}); the app shows what to do.\n`);
  const stop = (): void => {
    void server.close().then(() => {
      app.close();
      log.flush();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Buurtbalie could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
