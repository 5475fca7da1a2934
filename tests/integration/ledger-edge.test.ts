/**
 * The ledger as an IT department runs it (issue 17): security headers, the per-address rate limit, the HTTP
 * server's own refusals in the protocol's format, slow clients cut off, TLS from certificate files, and the
 * Prometheus metrics endpoint — over real sockets against a real ledger on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freshLedger, seedLedger, type TestLedger } from '../helpers/ledger';
import { enrolledDevice } from '../helpers/devices';
import { unwrap, type TestApp } from '../helpers/app';
import { protocolErrorSchema } from '../../core/sync/protocol';
import { initiatives, vouchers } from '../../server/db/schema';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';

const ledgers: TestLedger[] = [];
const apps: TestApp[] = [];
afterAll(async () => {
  for (const t of apps) t.app.close();
  for (const l of ledgers) await l.drop();
});

async function listening(options: Parameters<typeof freshLedger>[0] = {}) {
  const ledger = await freshLedger(options);
  ledgers.push(ledger);
  const url = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
  return { ledger, url, port: Number(new URL(url).port) };
}

/** Raw bytes to a port; resolves with everything the server sent and when the connection closed. */
function raw(port: number, chunks: readonly (string | Buffer)[], gapMs = 0): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
    let i = 0;
    const next = () => {
      if (socket.destroyed || i >= chunks.length) return;
      socket.write(chunks[i++]!);
      timer = setTimeout(next, gapMs);
    };
    socket.on('connect', next);
  });
}

const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as unknown;

describe('the ledger for an IT department', () => {
  let port: number;
  let url: string;
  beforeAll(async () => {
    ({ url, port } = await listening({
      edge: { perMinute: 1_000_000, headersTimeoutMs: 1000, requestTimeoutMs: 2000, idleTimeoutMs: 1500 },
    }));
  });

  it('sends security headers and says nothing about itself', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
    // Plain HTTP (127.0.0.1 or behind a proxy): HSTS is the TLS endpoint's to send.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('answers the HTTP server’s own refusals in the protocol’s format: headers too large (431), not HTTP (400)', async () => {
    const huge = await raw(port, [`GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(huge.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(protocolErrorSchema.parse(bodyOf(huge.text))).toMatchObject({ code: 'MALFORMED' });
    const garbage = await raw(port, ['\u0000\u0001 this is not http\r\n\r\n']);
    expect(garbage.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(protocolErrorSchema.parse(bodyOf(garbage.text))).toMatchObject({ code: 'MALFORMED' });
    const longPath = await fetch(`${url}/v1/${'x'.repeat(200)}`);
    expect([404, 414]).toContain(longPath.status);
    expect(protocolErrorSchema.safeParse(await longPath.json()).success).toBe(true);
  });

  it('cuts off 60 trickling connections (headers and body) within the configured timeouts, and keeps serving', async () => {
    const headerTricklers = Array.from({ length: 30 }, () =>
      raw(port, ['GET /health HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 40 }, (_, i) => `X-${i}: y\r\n`)], 300),
    );
    const bodyTricklers = Array.from({ length: 30 }, () =>
      raw(
        port,
        [
          'POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
          ...Array.from({ length: 60 }, () => '{'),
        ],
        300,
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const all = await Promise.all([...headerTricklers, ...bodyTricklers]);
    // Headers within 1 s, the request within 2 s; Node checks on an interval of a quarter of the header timeout.
    for (const c of all) expect(c.closedAfterMs).toBeLessThan(4000);
    const timedOut = all.filter((c) => /^HTTP\/1\.1 408 /.test(c.text));
    for (const c of timedOut) expect(protocolErrorSchema.parse(bodyOf(c.text))).toMatchObject({ code: 'REQUEST_TIMEOUT' });
    expect(timedOut.length).toBeGreaterThan(0);
  }, 20_000);
});

describe('the rate limit per source address', () => {
  it('refuses the request over the limit with RATE_LIMITED and Retry-After; other routes keep their own limits', async () => {
    const { url } = await listening({ edge: { perMinute: 5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${url}/health`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await fetch(`${url}/health`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(protocolErrorSchema.parse(await refused.json())).toMatchObject({ code: 'RATE_LIMITED' });
  });
});

describe('TLS from certificate files', () => {
  it('serves HTTPS with the municipality’s certificate, and HSTS', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const { url } = await listening({ edge: { tls: { certFile: cert, keyFile: key } } });
    expect(url.startsWith('https://')).toBe(true);
    const answer = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
      https
        .get(`${url}/health`, { ca: fs.readFileSync(cert) }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'], body }));
        })
        .on('error', reject);
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true });
    expect(answer.hsts).toContain('max-age=31536000');
    // Without the certificate a client refuses the connection: the server is not reachable by accident over an untrusted channel.
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('metrics for monitoring', () => {
  it('serves Prometheus text to its token only: requests, events by outcome, refusals, open conflicts, each device’s lag', async () => {
    const { ledger, url } = await listening({ metricsToken: 'scrape-me' });
    const seeded = await seedLedger(ledger, 5);
    expect(seeded.initiatives.length).toBeGreaterThan(0);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    const device = await enrolledDevice(ledger, url, 'Metriek', apps);
    const [initiative] = await ledger.db.select().from(initiatives);
    const [voucher] = await ledger.db.select().from(vouchers);
    unwrap(
      await device.clerk.call('vouchers:redeem', {
        code: formatVoucherCode(voucher!.code as CanonicalCode),
        parts: [{ initiativeId: initiative!.id, amountCents: 750 }],
      }),
    );
    await device.t.app.sync!.run();
    await fetch(`${url}/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

    const response = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/buurtbalie_ledger_requests_total\{method="POST",route="\/v1\/push",status="200"\} [1-9]/);
    expect(text).toMatch(/buurtbalie_ledger_events_total\{outcome="accepted"\} [1-9]/);
    expect(text).toMatch(/buurtbalie_ledger_refusals_total\{code="BAD_SIGNATURE"\} 1/);
    expect(text).toMatch(/buurtbalie_ledger_device_lag_seconds\{tenant="almelo",device="[0-9a-f-]{36}"\} \d+/);
    expect(text).toContain('buurtbalie_ledger_quarantined_requests');
    expect(text).toContain('buurtbalie_ledger_process_cpu_seconds_total');
    // Labels carry route patterns and ids, never an address as sent or a code.
    expect(text).not.toContain(voucher!.code);
  });

  it('has no metrics endpoint without a token', async () => {
    const { url } = await listening();
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });
});
