/**
 * `npm run server`: the central ledger on 127.0.0.1:8787 (BB_LEDGER_HOST / BB_LEDGER_PORT), with an
 * embedded PostgreSQL in .data/ledger unless DATABASE_URL names a real one. The first start creates
 * the municipality (tenant) "almelo" with its districts. Logs are JSON lines on stdout.
 */
import pino from 'pino';
import { openLedger } from './db/connect.js';
import { buildLedgerServer } from './app.js';
import { createTenant } from './admin/ops.js';
import { defaultTenant, ledgerConfig, lockDataDir } from './config.js';

async function main() {
  const config = ledgerConfig();
  const logger = pino({ base: { service: 'ledger' } });
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const ledger = await openLedger({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (error) => logger.warn({ err: error.message }, 'database connection lost; it is opened again when needed'),
  });
  const first = defaultTenant();
  const made = await createTenant(ledger.db, config.defaultTenant, first.name, first.districtsCsv, first.profile);
  if (made.created) logger.info({ tenant: config.defaultTenant }, 'tenant created');
  const app = await buildLedgerServer({
    db: ledger.db,
    kind: ledger.kind,
    logger,
    enrolPerMinute: config.enrolPerMinute,
    partnerPerMinute: config.partnerPerMinute,
    edge: config.edge,
    metricsToken: config.metricsToken,
    updatesDir: config.updatesDir,
  });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app.close();
    await ledger.close();
    release();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      address,
      tls: Boolean(config.edge.tls),
      metrics: Boolean(config.metricsToken),
      database: ledger.kind,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
    },
    'ledger listening',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`The ledger could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
