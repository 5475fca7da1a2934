/**
 * Fault injection (LESSONS.md): the ledger process killed mid-batch, the connection cut mid-upload,
 * the answer lost after the ledger committed, and the app killed between upload and acknowledgement.
 * After recovery every event is in the ledger exactly once and every donation counted once.
 * Real ledger process (tsx server/main.ts) on the real PostgreSQL, a real TCP proxy for the cuts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { freshLedger, seedLedger, type TestLedger } from '../helpers/ledger';
import { makeApp, root, setUpDevice, testClock, TEST_KEY, unwrap, type TestApp } from '../helpers/app';
import type { Connection } from '../../services/app';
import { createEnrolmentCodeFor } from '../../server/admin/ops';
import { donations, events, vouchers } from '../../server/db/schema';
import { outbox, redemptions } from '../../db/schema';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';
import { getSyncValue, setSyncValue } from '../../services/sync/state';
import { countUnsent } from '../../services/platform/outbox';

let ledger: TestLedger;
let codes: string[];
let initiativeId: string;
let server: { child: ChildProcess; url: string } | null = null;
let t: TestApp;
let clerk: Connection;
let deviceId: string;
let next = 0;

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'server', 'main.ts')], {
      env: { ...process.env, DATABASE_URL: ledger.url, BB_LEDGER_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`ledger exited (${code}): ${out}`)));
  });
}

function killServer(): Promise<void> {
  const s = server;
  server = null;
  if (!s?.child.pid) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.on('close', () => resolve());
    process.kill(-s.child.pid!, 'SIGKILL');
  });
}

/** A TCP proxy in front of the ledger that can cut the request after n bytes or drop the whole answer. */
function proxy(target: string) {
  const { port } = new URL(target);
  let mode: { kind: 'pass' } | { kind: 'cut-request'; after: number } | { kind: 'drop-answer' } = { kind: 'pass' };
  const open = new Set<net.Socket>();
  const srv = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    const upstream = net.connect(Number(port), '127.0.0.1');
    let forwarded = 0;
    client.on('data', (chunk: Buffer) => {
      if (mode.kind === 'cut-request' && forwarded + chunk.length > mode.after) {
        upstream.write(chunk.subarray(0, Math.max(0, mode.after - forwarded)));
        upstream.destroy();
        client.destroy();
        return;
      }
      forwarded += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      // The ledger answers only after its commit: dropping the answer is "committed, answer lost".
      if (mode.kind === 'drop-answer') return void client.destroy();
      client.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return {
    listen: () =>
      new Promise<string>((resolve) =>
        srv.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(srv.address() as net.AddressInfo).port}`)),
      ),
    set: (m: typeof mode) => void (mode = m),
    close: () =>
      new Promise<void>((resolve) => {
        srv.close(() => resolve());
        for (const socket of open) socket.destroy(); // keep-alive connections would hold close() open
      }),
  };
}

async function redeemMore(n: number) {
  for (let i = 0; i < n; i++)
    unwrap(await clerk.call('vouchers:redeem', { code: codes[next++]!, parts: [{ initiativeId, amountCents: 750 }] }));
}

/** Exactly once: every local event and donation is in the ledger once, and nothing else of this device is. */
async function expectExactlyOnce() {
  const db = t.app.store!.db;
  const local = db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .get()!.n;
  const unsent = db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(sql`acked_at is null`)
    .get()!.n;
  const localDonations = db.select().from(redemptions).all();
  const [stored] = await ledger.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(events)
    .where(eq(events.deviceId, deviceId));
  const ledgerDonations = await ledger.db.select().from(donations).where(eq(donations.deviceId, deviceId));
  expect(unsent).toBe(0);
  // The unsent mark (no index: a range from sync_state) moved past every acknowledged event, and agrees with the table.
  expect(countUnsent(db)).toBe(unsent);
  expect(getSyncValue(db, 'outboxUnsentFrom')).toBe(String(local + 1));
  expect(stored!.n).toBe(local);
  expect(ledgerDonations).toHaveLength(localDonations.length);
  expect(new Set(ledgerDonations.map((d) => d.redemptionId))).toEqual(new Set(localDonations.map((d) => d.id)));
  expect(ledgerDonations.every((d) => d.state === 'counted')).toBe(true);
  expect(localDonations.every((d) => d.ledgerState === 'counted')).toBe(true);
}

beforeAll(async () => {
  ledger = await freshLedger();
  const seeded = await seedLedger(ledger, 1200, [100_000_000]);
  initiativeId = seeded.initiatives[0]!.id;
  codes = (await ledger.db.select({ code: vouchers.code }).from(vouchers)).map((v) => formatVoucherCode(v.code as CanonicalCode));
  server = await startServer();
  t = makeApp({ clock: testClock(new Date()) });
  const { admin } = await setUpDevice(t, false);
  const row = unwrap(await admin.call('staff:create', { name: 'Balie Fout', role: 'baliemedewerker', pin: '24680' }));
  const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'Fouten');
  unwrap(await admin.call('sync:enrol', { serverUrl: server.url, code }));
  await t.app.sync!.run();
  deviceId = t.app.sync!.status().deviceId!;
  clerk = t.connect();
  unwrap(await clerk.call('session:login', { staffId: row.id, pin: '24680' }));
}, 120_000);

afterAll(async () => {
  t?.app.close();
  await killServer();
  await ledger?.drop();
});

describe('faults during sync', () => {
  it('the ledger process killed mid-batch, at several moments: after a restart everything arrives exactly once', async () => {
    for (const [i, delay] of [5, 60, 250].entries()) {
      await redeemMore(i === 0 ? 520 : 120); // more than one batch of 500 the first time
      const attempt = t.app.sync!.run().then(
        () => 'done',
        (e: Error) => e.message,
      );
      await new Promise((r) => setTimeout(r, delay));
      await killServer();
      const outcome = await attempt;
      expect(outcome === 'done' || /Geen verbinding|onleesbaar/.test(outcome)).toBe(true);
      server = await startServer();
      setSyncValue(t.app.store!.db, 'serverUrl', server.url);
      await t.app.sync!.run();
      await expectExactlyOnce();
    }
  }, 180_000);

  it('the connection cut mid-upload, and the answer lost after the ledger committed: each retried until exactly once', async () => {
    const p = proxy(server!.url);
    const proxyUrl = await p.listen();
    setSyncValue(t.app.store!.db, 'serverUrl', proxyUrl);
    await redeemMore(40);
    p.set({ kind: 'cut-request', after: 3000 });
    await expect(t.app.sync!.run()).rejects.toThrow(/Geen verbinding/);
    expect(t.app.sync!.status().unsent).toBe(40);
    p.set({ kind: 'drop-answer' });
    await expect(t.app.sync!.run()).rejects.toThrow(/Geen verbinding|onleesbaar/);
    // The ledger has the events now, but the device does not know it: still unsent here.
    expect(t.app.sync!.status().unsent).toBe(40);
    p.set({ kind: 'pass' });
    await t.app.sync!.run();
    await expectExactlyOnce();
    await p.close();
    setSyncValue(t.app.store!.db, 'serverUrl', server!.url);
  }, 60_000);

  it('the app killed between upload and acknowledgement: after a restart the events are answered duplicate and acknowledged, counted once', async () => {
    await redeemMore(30);
    t.app.close();
    const run = (fault: string) =>
      new Promise<string>((resolve) => {
        const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'tests', 'crash', 'sync-once.ts'), t.dir], {
          env: { ...process.env, BUURTBALIE_STORE_KEY: TEST_KEY, BB_FAULT: fault },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code, signal) => resolve(`${signal ?? code} ${out.trim()}`));
      });
    // Killed by its own SIGKILL (tsx reports the child's death as exit status 137 = 128 + 9).
    expect(await run('kill-after-answer')).toMatch(/^(SIGKILL|137)/);
    // The ledger stored them; the device was killed before marking them.
    const [stored] = await ledger.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(events)
      .where(eq(events.deviceId, deviceId));
    expect(await run('none')).toMatch(/SYNCED/);
    const [after] = await ledger.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(events)
      .where(eq(events.deviceId, deviceId));
    expect(after!.n).toBe(stored!.n);
    t = makeApp({ dir: t.dir, clock: testClock(new Date()) });
    await expectExactlyOnce();
  }, 60_000);
});
