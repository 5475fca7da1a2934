import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { apiNames, toMethodName } from '../../core/api/names';
import { startBrowserServer, type BrowserServer } from '../../main/browser/server';
import { makeApp, tempDir } from '../helpers/app';

/** The browser-mode host over a real socket: token, Host check, malformed bodies, headers, bridge. */
let server: BrowserServer;
let base: string;
const rendererDir = tempDir('bb-renderer-');

beforeAll(async () => {
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const t = makeApp();
  server = await startBrowserServer({ app: t.app, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

const post = (name: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...headers },
    body,
  });

describe('browser mode', () => {
  it('listens on 127.0.0.1 only and puts a fresh token in the URL', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers API calls with the right token', async () => {
    const response = await post('app:status', '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { host: 'browser', setupDone: false } });
  });

  it('refuses calls without or with a wrong token', async () => {
    expect((await post('app:status', '{}', { authorization: '' })).status).toBe(401);
    expect((await post('app:status', '{}', { authorization: `Bearer ${server.token.slice(1)}x` })).status).toBe(401);
  });

  it('refuses another Host header (DNS rebinding)', async () => {
    const response = await new Promise<number>((resolve, reject) => {
      // fetch does not let us set Host; use the http module.
      void import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { host: 'evil.example:80' } }, (res) =>
          resolve(res.statusCode ?? 0),
        );
        req.on('error', reject);
        req.end();
      });
    });
    expect(response).toBe(421);
  });

  it('answers a malformed body with a Dutch VALIDATION error, not a crash', async () => {
    const response = await post('setup:complete', '{"deviceName": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await post('app:status', '{}')).status).toBe(200);
  });

  it('serves pages with a strict Content-Security-Policy and no path escapes', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script src="./bridge.js"></script>');
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${base}/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });

  it('gives the page exactly the API object the preload exposes', async () => {
    const script = await (await fetch(`${base}/bridge.js`)).text();
    const sandbox: Record<string, unknown> = {
      location: { search: '?token=abc', pathname: '/', hash: '' },
      sessionStorage: new Map<string, string>(),
      history: { replaceState: () => undefined },
      URLSearchParams,
    };
    const storage = sandbox.sessionStorage as Map<string, string>;
    sandbox.sessionStorage = { setItem: (k: string, v: string) => storage.set(k, v), getItem: (k: string) => storage.get(k) ?? null };
    sandbox.window = sandbox;
    vm.runInNewContext(script, sandbox);
    const api = sandbox.buurtbalie as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(apiNames.map(toMethodName).sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(storage.get('buurtbalie-token')).toBe('abc');
  });
});
