/**
 * Sync speed, end to end: a device's encrypted store → SyncClient over HTTP → the ledger (Fastify) →
 * PostgreSQL, and back. Targets (sync issue): push 10,000 events < 5 s; pull a 100,000-code registry
 * < 3 s; three devices pushing at once without errors. Each next to the bare engine doing the same rows
 * in the same run (multi-row INSERT into PostgreSQL; SELECT from PostgreSQL + raw SQLite insert).
 * Needs the PostgreSQL on 127.0.0.1:5432 (BB_TEST_PG to point elsewhere); makes and drops its own database.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { openLedger } from '../server/db/connect.js';
import { buildLedgerServer } from '../server/app.js';
import { addInitiative, createTenant, generateCodes, importAddresses, upsertRound } from '../server/admin/ops.js';
import { benchStore } from './setup.js';
import { benchDevice, fillOutbox } from './devices.js';

const PG = process.env.BB_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PUSH_EVENTS = Number(process.env.BENCH_PUSH_EVENTS ?? 10_000);
const REGISTRY = Number(process.env.BENCH_REGISTRY ?? 100_000);

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const name = `bb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const databaseUrl = PG.replace(/\/[^/]*$/, `/${name}`);
  const ledger = await openLedger({ databaseUrl, poolSize: 10 });
  const dirs: string[] = [];
  try {
    await createTenant(ledger.db, 'almelo', 'Gemeente Almelo', fs.readFileSync('resources/data/almelo-wijken.csv', 'utf8'));
    await upsertRound(ledger.db, 'almelo', {
      id: '2026-2',
      valueCents: 750,
      activeFrom: '2026-07-01T00:00:00Z',
      activeUntil: '2027-06-30T00:00:00Z',
      status: 'open',
    });
    const target = await addInitiative(ledger.db, 'almelo', {
      title: 'Bench',
      summary: 'Bench',
      districtCode: 'WK014113',
      theme: 'groen',
      status: 'spaarfase',
      targetCents: 2_000_000_000,
      deadline: null,
    });
    const server = await buildLedgerServer({ db: ledger.db, kind: ledger.kind, logger: pino({ level: 'silent' }) });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });

    let t: bigint;
    // 1. Pull a 100,000-code registry into a new device (a new laptop on the first day of a round).
    const bare = new pg.Client({ connectionString: databaseUrl });
    await bare.connect();
    const lines = ['postcode,house_number,addition,street,buurt_code,district_code'];
    for (let i = 0; i < REGISTRY; i++)
      lines.push(`76${String(i % 100).padStart(2, '0')}BN,${Math.floor(i / 100) + 1},,Benchstraat,,WK0141${10 + (i % 12)}`);
    await importAddresses(ledger.db, 'almelo', lines.join('\n'));
    await generateCodes(ledger.db, 'almelo', '2026-2');
    const codeHashes = (await bare.query<{ code_hash: string }>('select code_hash from vouchers order by code_hash')).rows.map(
      (r) => r.code_hash,
    );
    const fresh = await benchDevice(url, ledger.db, 'pull');
    dirs.push(fresh.b.dir);
    t = process.hrtime.bigint();
    const pulled = await fresh.client.pull();
    const pullMs = ms(t);
    const local = fresh.b.store.sqlite.prepare('select count(*) as n from voucher_registry').get() as { n: number };
    if (local.n !== REGISTRY) throw new Error(`registry has ${local.n} of ${REGISTRY}`);

    // Bare engine: the same rows read from PostgreSQL and written to SQLite in one transaction.
    const rawStore = await benchStore('bb-bench-sync-raw-', { demo: false });
    dirs.push(rawStore.dir);
    rawStore.store.sqlite.exec(
      'create table bare_registry (round_id text, code_hash text, district_code text, primary key (round_id, code_hash))',
    );
    t = process.hrtime.bigint();
    const read = await bare.query('select round_id, code_hash, district_code from vouchers');
    const insert = rawStore.store.sqlite.prepare('insert into bare_registry values (?, ?, ?)');
    rawStore.store.sqlite.transaction(() => {
      for (const r of read.rows as { round_id: string; code_hash: string; district_code: string }[])
        insert.run(r.round_id, r.code_hash, r.district_code);
    })();
    const barePullMs = ms(t);

    // 2. Push 10,000 events from one device.
    const one = await benchDevice(url, ledger.db, 'push');
    dirs.push(one.b.dir);
    fillOutbox(one.b, target.id, codeHashes.slice(0, PUSH_EVENTS));
    t = process.hrtime.bigint();
    const pushed = await one.client.push();
    const pushMs = ms(t);
    if (pushed.sent !== PUSH_EVENTS) throw new Error(`sent ${pushed.sent} of ${PUSH_EVENTS}`);
    // Decided and counted, every one (not held as pending: that would be another path).
    const counted = await bare.query<{ n: string }>(`select count(*) as n from donations where state = 'counted'`);
    if (Number(counted.rows[0]?.n) !== PUSH_EVENTS) throw new Error(`counted ${counted.rows[0]?.n} of ${PUSH_EVENTS}`);

    // Bare engine: the same number of rows into a table shaped like the ledger's events, multi-row INSERT, one transaction.
    await bare.query(
      'create table bare_events (device_id uuid, seq bigint, event_id uuid, type text, payload jsonb, hash text, primary key (device_id, seq))',
    );
    const rows = Array.from({ length: PUSH_EVENTS }, (_, i) => [
      randomUUID(),
      i + 1,
      randomUUID(),
      'donation.recorded',
      JSON.stringify({ i }),
      randomBytes(32).toString('hex'),
    ]);
    const dev = randomUUID();
    t = process.hrtime.bigint();
    await bare.query('begin');
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const values = chunk
        .map((_, j) => `($${j * 6 + 1}, $${j * 6 + 2}, $${j * 6 + 3}, $${j * 6 + 4}, $${j * 6 + 5}, $${j * 6 + 6})`)
        .join(',');
      await bare.query(
        `insert into bare_events values ${values}`,
        chunk.flatMap((r) => [dev, r[1], r[2], r[3], r[4], r[5]]),
      );
    }
    await bare.query('commit');
    const barePushMs = ms(t);

    await bare.end();

    // 3. Three devices pushing at once.
    const trio = [
      await benchDevice(url, ledger.db, 'c1'),
      await benchDevice(url, ledger.db, 'c2'),
      await benchDevice(url, ledger.db, 'c3'),
    ];
    for (const [i, d] of trio.entries()) {
      dirs.push(d.b.dir);
      const from = PUSH_EVENTS + i * (PUSH_EVENTS / 2);
      fillOutbox(d.b, target.id, codeHashes.slice(from, from + PUSH_EVENTS / 2));
    }
    t = process.hrtime.bigint();
    const results = await Promise.allSettled(trio.map((d) => d.client.push()));
    const concurrentMs = ms(t);
    const errors = results.filter((r) => r.status === 'rejected').length;

    await server.close();
    process.stdout.write(
      `${JSON.stringify(
        {
          machine: `${process.platform} ${process.arch}, node ${process.version}`,
          date: new Date().toISOString().slice(0, 10),
          push: {
            events: PUSH_EVENTS,
            ms: Math.round(pushMs),
            eventsPerSecond: Math.round(PUSH_EVENTS / (pushMs / 1000)),
            bareInsertMs: Math.round(barePushMs),
            ratio: +(pushMs / barePushMs).toFixed(1),
            target: '< 5000 ms',
          },
          pull: {
            registry: REGISTRY,
            changes: pulled.pulled,
            ms: Math.round(pullMs),
            bareSelectAndInsertMs: Math.round(barePullMs),
            ratio: +(pullMs / barePullMs).toFixed(1),
            target: '< 3000 ms',
          },
          concurrent: {
            devices: 3,
            eventsEach: PUSH_EVENTS / 2,
            ms: Math.round(concurrentMs),
            eventsPerSecond: Math.round((1.5 * PUSH_EVENTS) / (concurrentMs / 1000)),
            errors,
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await ledger.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
