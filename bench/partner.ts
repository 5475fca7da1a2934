/**
 * The website's redemptions against the ledger (issue 16): 200 web redemptions a second, sustained, over real HTTP
 * (POST /partner/v1/redemptions, bearer token, idempotency key), while two devices push their donations at the same
 * time through the app's own sync client; PostgreSQL on 127.0.0.1. Recorded: the rate reached, and the latency
 * p50/p99 of a web redemption, next to the bare engine in the same run (one single-row INSERT per request into
 * PostgreSQL, same concurrency). Every redemption must count (checked at the end).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { openLedger } from '../server/db/connect.js';
import { buildLedgerServer } from '../server/app.js';
import { addInitiative, createTenant, generateCodes, importAddresses, upsertRound } from '../server/admin/ops.js';
import { createPartner } from '../server/ledger/partners.js';
import { root } from './setup.js';
import { benchDevice, fillOutbox } from './devices.js';

const PG = process.env.BB_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RATE = Number(process.env.BENCH_WEB_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_WEB_SECONDS ?? 10);
const DEVICE_EVENTS = Number(process.env.BENCH_DEVICE_EVENTS ?? 2000);

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Send `total` requests at `rate` per second (each started on its own schedule); answers their latencies. */
async function paced(total: number, rate: number, send: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      (async () => {
        const t = performance.now();
        await send(i);
        latencies.push(performance.now() - t);
      })(),
    );
  }
  await Promise.all(inflight);
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  const name = `bb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const databaseUrl = PG.replace(/\/[^/]*$/, `/${name}`);
  const ledger = await openLedger({ databaseUrl, poolSize: 10 });
  const dirs: string[] = [];
  const total = RATE * SECONDS;
  try {
    await createTenant(
      ledger.db,
      'almelo',
      'Gemeente Almelo',
      fs.readFileSync(path.join(root, 'resources', 'data', 'almelo-wijken.csv'), 'utf8'),
    );
    await upsertRound(ledger.db, 'almelo', {
      id: '2026-2',
      valueCents: 750,
      activeFrom: '2026-07-01T00:00:00Z',
      activeUntil: '2027-06-30T00:00:00Z',
      status: 'open',
    });
    const codesNeeded = total + 2 * DEVICE_EVENTS;
    const lines = ['postcode,house_number,addition,street,buurt_code,district_code'];
    for (let i = 0; i < codesNeeded; i++)
      lines.push(`76${String(i % 100).padStart(2, '0')}WB,${Math.floor(i / 100) + 1},,Webstraat,,WK0141${10 + (i % 12)}`);
    await importAddresses(ledger.db, 'almelo', lines.join('\n'));
    await generateCodes(ledger.db, 'almelo', '2026-2');
    const target = await addInitiative(ledger.db, 'almelo', {
      title: 'Bench',
      summary: 'Bench',
      districtCode: 'WK014113',
      theme: 'groen',
      status: 'spaarfase',
      targetCents: 2_000_000_000,
      deadline: null,
    });
    const rows = new pg.Client({ connectionString: databaseUrl });
    await rows.connect();
    const all = (await rows.query<{ code: string; code_hash: string }>('select code, code_hash from vouchers order by code')).rows;
    const server = await buildLedgerServer({ db: ledger.db, kind: ledger.kind, logger: pino({ level: 'silent' }) });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const { token } = await createPartner(ledger.db, 'almelo', 'Website', ['vouchers:redeem']);

    // Two devices with their donations waiting, pushed while the website redeems.
    const devices = [];
    for (const [k, label] of ['A', 'B'].entries()) {
      const { b, client } = await benchDevice(url, ledger.db, label);
      dirs.push(b.dir);
      fillOutbox(
        b,
        target.id,
        all.slice(total + k * DEVICE_EVENTS, total + (k + 1) * DEVICE_EVENTS).map((v) => v.code_hash),
      );
      devices.push(client);
    }

    process.stdout.write(`Web: ${total} redemptions at ${RATE}/s while two devices push ${DEVICE_EVENTS} events each…\n`);
    const pushing = Promise.all(devices.map((d) => d.push()));
    const failures: string[] = [];
    const web = await paced(total, RATE, async (i) => {
      const response = await fetch(`${url}/partner/v1/redemptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `bench-${i}` },
        body: JSON.stringify({ code: all[i]!.code, parts: [{ initiativeNumber: target.number, amountCents: 750 }] }),
      });
      if (response.status !== 201) failures.push(`${response.status} ${await response.text()}`);
      else await response.arrayBuffer();
    });
    await pushing;
    if (failures.length > 0) throw new Error(`${failures.length} web redemptions failed, e.g. ${failures[0]}`);
    const counted = await rows.query<{ web: string; counter: string }>(
      `select count(*) filter (where channel = 'website') as web, count(*) filter (where channel = 'counter') as counter from donations where state = 'counted'`,
    );
    if (Number(counted.rows[0]?.web) !== total || Number(counted.rows[0]?.counter) !== 2 * DEVICE_EVENTS) {
      throw new Error(`counted ${JSON.stringify(counted.rows[0])}`);
    }

    // The bare engine: one single-row INSERT per request, the same rate, over a pool of the same size.
    await rows.query('create table bare_web (id uuid primary key, code text unique, cents integer, at timestamptz default now())');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    const bare = await paced(total, RATE, async (i) => {
      await pool.query('insert into bare_web (id, code, cents) values ($1, $2, 750)', [randomUUID(), `c${i}`]);
    });
    await pool.end();
    await rows.end();
    await server.close();

    const results = {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version },
      setup: {
        webRedemptions: total,
        targetRatePerSecond: RATE,
        devicesPushing: 2,
        eventsPerDevice: DEVICE_EVENTS,
        database: 'PostgreSQL 127.0.0.1',
      },
      web: {
        ratePerSecond: round2(total / web.seconds),
        p50ms: round2(percentile(web.latencies, 50)),
        p99ms: round2(percentile(web.latencies, 99)),
      },
      bare: {
        ratePerSecond: round2(total / bare.seconds),
        p50ms: round2(percentile(bare.latencies, 50)),
        p99ms: round2(percentile(bare.latencies, 99)),
      },
    };
    fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench', 'results', 'partner.json'), JSON.stringify(results, null, 2));
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await ledger.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
