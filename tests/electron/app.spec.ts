/**
 * Launches the real Electron app with Playwright's _electron. On machines without an Electron
 * binary (these build machines cannot download it; TOOLCHAIN.md) the test skips and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(__dirname, '..', '..');

function electronBinary(): string | null {
  try {
    const file = require('electron') as unknown;
    return typeof file === 'string' && fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

test('the real Electron app starts with a sandboxed, isolated renderer and shows first-run setup', async () => {
  const binary = electronBinary();
  test.skip(
    binary === null,
    'No Electron binary on this machine (its download is not reachable here); the built bundle is covered by tests/smoke instead.',
  );
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-electron-'));
  const app = await electron.launch({ executablePath: binary!, args: [root, `--user-data-dir=${userData}`], cwd: root });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'Dit apparaat inrichten' })).toBeVisible();
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((window as unknown as { buurtbalie: object }).buurtbalie).length)).toBeGreaterThan(10);
    expect(window.url()).toBe('app://buurtbalie/index.html');
  } finally {
    await app.close();
  }
});
