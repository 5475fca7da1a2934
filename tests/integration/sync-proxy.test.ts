/**
 * Syncing through the municipality's proxy (issue 17). A real HTTP proxy (CONNECT tunnels, as corporate proxies
 * do) on a real port between the device and a real ledger: the device enrols, pushes and pulls only through it when
 * told to (browser mode's BB_PROXY, or HTTPS_PROXY/HTTP_PROXY with NO_PROXY). Electron's own path, net.fetch with
 * the system's proxy settings, needs the Electron binary, which cannot run here (TOOLCHAIN.md); the smoke test's
 * stand-in records that the host hands it to the app.
 */
import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { createEnrolmentCodeFor } from '../../server/admin/ops';
import { donations, initiatives, vouchers } from '../../server/db/schema';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';
import { ledgerFetchFromEnv, proxiedFetch } from '../../services/sync/transport';
import { listeningLedger } from '../helpers/devices';
import { makeApp, setUpDevice, unwrap, type TestApp } from '../helpers/app';
import type { TestLedger } from '../helpers/ledger';

const apps: TestApp[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const t of apps) t.app.close();
  for (const c of closers) await c();
});

/** A forwarding proxy that only tunnels (CONNECT), and remembers where to. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; bytes: () => number }> {
  const tunnels: string[] = [];
  let bytes = 0;
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      client.on('data', (d: Buffer) => (bytes += d.length));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, tunnels, bytes: () => bytes };
}

describe('syncing through a proxy', () => {
  let ledger: TestLedger;
  let url: string;
  let codes: string[];

  it('enrols, pushes and pulls through the proxy it is given, and only through it', async () => {
    ({ ledger, url, codes } = await listeningLedger(5));
    closers.push(() => ledger.drop());
    const proxy = await startProxy();
    const t = makeApp({ appOptions: { ledgerFetch: proxiedFetch(proxy.url) } });
    apps.push(t);
    const { admin } = await setUpDevice(t, false);
    const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'Achter de proxy');
    expect(unwrap(await admin.call('sync:enrol', { serverUrl: url, code })).enrolled).toBe(true);
    await t.app.sync!.run();
    const ledgerHost = new URL(url).host;
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([ledgerHost]));

    const clerkRow = unwrap(await admin.call('staff:create', { name: 'Balie Proxy', role: 'baliemedewerker', pin: '24680' }));
    const clerk = t.connect();
    unwrap(await clerk.call('session:login', { staffId: clerkRow.id, pin: '24680' }));
    const [initiative] = await ledger.db.select().from(initiatives);
    unwrap(await clerk.call('vouchers:redeem', { code: codes[0]!, parts: [{ initiativeId: initiative!.id, amountCents: 750 }] }));
    const before = proxy.bytes();
    await t.app.sync!.run();
    // The push went through the tunnel (a kept-alive one: the count of tunnels may stay the same).
    expect(proxy.bytes()).toBeGreaterThan(before + 500);
    expect(new Set(proxy.tunnels)).toEqual(new Set([ledgerHost]));
    expect((await ledger.db.select().from(donations)).length).toBe(1);
    const [voucher] = await ledger.db.select().from(vouchers);
    expect(formatVoucherCode(voucher!.code as CanonicalCode)).toBeTruthy();
  });

  it('without a working proxy, says it cannot reach the ledger (in Dutch), as without a network', async () => {
    const t = makeApp({ appOptions: { ledgerFetch: proxiedFetch('http://127.0.0.1:9') } });
    apps.push(t);
    const { admin } = await setUpDevice(t, false);
    const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'Kapotte proxy');
    const answer = await admin.call('sync:enrol', { serverUrl: url, code });
    expect(answer).toMatchObject({ ok: false, error: { code: 'SYNC_FAILED', details: { reason: 'NETWORK' } } });
    expect(JSON.stringify(answer)).toMatch(/Geen verbinding met het centrale grootboek/);
  });

  it('browser mode chooses its way from the environment: BB_PROXY, else HTTPS_PROXY with NO_PROXY, else direct', async () => {
    const proxy = await startProxy();
    expect(ledgerFetchFromEnv({}).via).toBe('direct');
    const explicit = ledgerFetchFromEnv({ BB_PROXY: proxy.url.replace('http://', 'http://user:secret@') });
    expect(explicit.via).toBe(`proxy http://${new URL(proxy.url).host}`);
    expect(explicit.via).not.toContain('secret');
    expect((await explicit.fetch(`${url}/health`, {})).status).toBe(200);
    expect(proxy.tunnels).toHaveLength(1);

    const viaEnv = ledgerFetchFromEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '' });
    expect((await viaEnv.fetch(`${url}/health`, {})).status).toBe(200);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    const bypass = ledgerFetchFromEnv({ HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' });
    expect((await bypass.fetch(`${url}/health`, {})).status).toBe(200);
  });
});
