/**
 * Two ledger processes on one PostgreSQL (issue 17): started at the same moment (migrations and the first tenant
 * once), devices reaching either process, offline counters that took the same vouchers syncing at the same time
 * through different processes — every voucher counted exactly once, every other use contested, totals the sum of
 * what counts, and both processes answering the same. Real processes (`server/main.ts` under tsx), real sockets.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { and, eq, sql } from 'drizzle-orm';
import { openLedger, type OpenedLedger } from '../../server/db/connect';
import { donations, initiatives, vouchers } from '../../server/db/schema';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';
import { setSyncValue } from '../../services/sync/state';
import { PG_ADMIN_URL, seedLedger, type TestLedger } from '../helpers/ledger';
import { enrolledDevice, type Device } from '../helpers/devices';
import { root, unwrap, type TestApp } from '../helpers/app';

const children: ChildProcess[] = [];
const apps: TestApp[] = [];
let opened: OpenedLedger | undefined;
let dbName = '';
afterAll(async () => {
  for (const t of apps) t.app.close();
  for (const c of children) c.kill('SIGTERM');
  await opened?.close();
  if (dbName) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
});

/** Start `npm run server`'s entry point on a free port; resolves with its address once it listens. */
function startLedger(databaseUrl: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, BB_LEDGER_PORT: '0', BB_LEDGER_ENROL_PER_MINUTE: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('ledger listening')) continue;
        const { address } = JSON.parse(line) as { address: string };
        resolve(address);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`ledger process exited with ${code}: ${err}${out}`)));
  });
}

describe('two ledger processes behind one PostgreSQL', () => {
  it('start together, and count every voucher once while crossing devices sync through both at the same time', async () => {
    dbName = `bb_two_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const databaseUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);

    // Both at once on an empty database: one migrates and creates the municipality, the other waits and finds it.
    const [first, second] = await Promise.all([startLedger(databaseUrl), startLedger(databaseUrl)]);
    expect(first).not.toBe(second);
    opened = await openLedger({ databaseUrl, poolSize: 4 });
    const ledger = { ...opened, url: databaseUrl, tenantId: 'almelo' } as unknown as TestLedger;
    expect(((await opened.db.execute(sql`select count(*)::int as n from tenants`)) as unknown as { rows: unknown[] }).rows).toEqual([
      { n: 1 },
    ]);
    await seedLedger(ledger, 40, [10_000_000]);

    const [initiative] = await opened.db.select().from(initiatives);
    const codes = (await opened.db.select().from(vouchers)).map((v) => formatVoucherCode(v.code as CanonicalCode));
    const counters: Device[] = [];
    for (const [i, name] of ['Twee A', 'Twee B', 'Twee C'].entries()) {
      counters.push(await enrolledDevice(ledger, i % 2 === 0 ? first : second, name, apps));
    }
    const give = async (d: Device, i: number) =>
      unwrap(await d.clerk.call('vouchers:redeem', { code: codes[i]!, parts: [{ initiativeId: initiative!.id, amountCents: 750 }] }));

    // Offline, all three take vouchers 0–11 (the same papers), and each a few of its own.
    for (const [k, d] of counters.entries()) {
      for (let i = 0; i < 12; i++) await give(d, i);
      for (let i = 12 + k * 8; i < 20 + k * 8; i++) await give(d, i);
    }
    // Then all sync at once, A and C through the first process, B through the second; then each through the other.
    await Promise.all(counters.map((d) => d.t.app.sync!.run()));
    for (const [i, d] of counters.entries()) setSyncValue(d.t.app.store!.db, 'serverUrl', i % 2 === 0 ? second : first);
    for (const [k, d] of counters.entries()) await give(d, 36 + k);
    await Promise.all(counters.map((d) => d.t.app.sync!.run()));
    await Promise.all(counters.map((d) => d.t.app.sync!.run()));

    const rows = await opened.db.select().from(donations);
    expect(rows.length).toBe(3 * 12 + 3 * 8 + 3);
    const counted = rows.filter((r) => r.state === 'counted');
    // Exactly one counted per voucher; the other uses of the shared papers contested.
    expect(counted.length).toBe(12 + 24 + 3);
    expect(new Set(counted.map((r) => r.codeHash)).size).toBe(counted.length);
    expect(rows.filter((r) => r.state === 'contested').length).toBe(2 * 12);
    const [total] = await opened.db.select().from(initiatives).where(eq(initiatives.id, initiative!.id));
    expect(total!.collectedCents).toBe(counted.length * 750);
    expect(total!.donations).toBe(counted.length);
    // Each device's events all stored once, in sequence.
    const perDevice = await opened.db
      .select({ device: donations.deviceId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(donations)
      .where(and(sql`${donations.deviceId} is not null`))
      .groupBy(donations.deviceId);
    expect(perDevice.map((p) => p.n).sort()).toEqual([21, 21, 21]);
    // Both processes tell the same.
    const health = await Promise.all([first, second].map(async (u) => (await fetch(`${u}/health`)).status));
    expect(health).toEqual([200, 200]);
  }, 120_000);
});
