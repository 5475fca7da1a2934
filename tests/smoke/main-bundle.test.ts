/**
 * Loads the *built* main and preload bundles in plain Node with a recording stub for `electron`
 * (tests/smoke/electron-stub.cjs): the Electron binary cannot run on these machines, so this is
 * the closest check that the shipped bundle boots, opens the store and wires every contract entry.
 * `npm test` builds first; run `npm run build` before running this file alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiNames, toMethodName } from '../../core/api/names';
import { root, tempDir } from '../helpers/app';

const stub = path.join(root, 'tests', 'smoke', 'electron-stub.cjs');

function runWithStub(bundle: string): Record<string, unknown> {
  const file = path.join(root, 'out', bundle);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  const userData = tempDir('bb-smoke-');
  const reportFile = path.join(userData, '..', `${path.basename(userData)}-report.json`);
  execFileSync(process.execPath, ['--require', stub, file], {
    env: { ...process.env, STUB_USERDATA: userData, STUB_APPPATH: root, STUB_REPORT: reportFile },
    stdio: 'pipe',
    timeout: 20_000,
  });
  return JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Record<string, unknown>;
}

describe('the built main bundle (Electron stubbed)', () => {
  const report = runWithStub('main/index.js') as {
    singleInstanceLock: boolean;
    schemes: { scheme: string; privileges: Record<string, boolean> }[];
    ipc: string[];
    windows: { webPreferences: Record<string, unknown>; url: string }[];
    menu: unknown;
    powerEvents?: string[];
    permissionRequest: boolean;
    permissionCheck: boolean;
    navigation: Record<string, unknown>;
    protocol: { index: { status: number; csp: string }; escape: number; otherHost: number };
    ipcCalls: Record<string, { ok: boolean; value?: { store: { state: string } }; error?: { code: string } }>;
    userDataFiles: string[];
    errors: string[];
  };

  it('boots without errors and takes the single-instance lock', () => {
    expect(report.errors).toEqual([]);
    expect(report.singleInstanceLock).toBe(true);
  });

  it('registers an IPC handler for every contract entry, and nothing else', () => {
    expect([...report.ipc].sort()).toEqual([...apiNames].sort());
  });

  it('opens an encrypted store with a key wrapped by safeStorage', () => {
    expect(report.userDataFiles).toEqual(expect.arrayContaining(['buurtbalie.db', 'store-key.bin', 'logs']));
    expect(report.ipcCalls.trusted).toMatchObject({ ok: true, value: { store: { state: 'ok' }, host: 'electron' } });
  });

  it('creates its window with the secure defaults and loads only app://', () => {
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(report.windows[0]!.webPreferences.preload)).toMatch(/out[/\\]preload[/\\]index\.js$/);
    expect(report.windows[0]!.url).toBe('app://buurtbalie/index.html');
    expect(report.schemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(report.menu).toBeNull();
    // A laptop waking up syncs (services/sync/service.ts does the rest).
    expect(report.powerEvents).toContain('resume');
  });

  it('denies permissions, navigation away, new windows and webviews', () => {
    expect(report.permissionRequest).toBe(false);
    expect(report.permissionCheck).toBe(false);
    expect(report.navigation).toEqual({
      externalPrevented: true,
      internalPrevented: false,
      windowOpen: { action: 'deny' },
      webviewPrevented: true,
    });
  });

  it('serves only the renderer folder over app://, with the CSP', () => {
    expect(report.protocol.index.status).toBe(200);
    expect(report.protocol.index.csp).toContain("script-src 'self'");
    expect(report.protocol.escape).toBe(404);
    expect(report.protocol.otherHost).toBe(404);
  });

  it('refuses IPC from other frames and windows, and validates input', () => {
    expect(report.ipcCalls.foreignFrame).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.ipcCalls.otherWindow).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.ipcCalls.badInput).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('the built preload (Electron stubbed)', () => {
  it('exposes exactly the contract as named functions on window.buurtbalie, frozen', () => {
    const report = runWithStub('preload/index.js') as { exposed: { key: string; methods: string[]; frozen: boolean } };
    expect(report.exposed.key).toBe('buurtbalie');
    expect(report.exposed.methods).toEqual(apiNames.map(toMethodName).sort());
    expect(report.exposed.frozen).toBe(true);
  });
});
