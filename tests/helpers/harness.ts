/**
 * The browser-mode Buurtbalie as a child process (`main/browser/cli.ts`, the real harness) with a fresh data
 * folder: the e2e tests (tests/e2e/fixtures.ts) and the UI benchmark (bench/counter-ui.ts) start it alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

export interface Harness {
  url: string;
  token: string;
  dataDir: string;
  call(name: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  stop(): Promise<void>;
}

export async function startHarness(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bb-e2e-'));
  const child: ChildProcess = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'main', 'browser', 'cli.ts')], {
    cwd: root,
    env: { ...process.env, BUURTBALIE_DATA_DIR: dataDir, BUURTBALIE_PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: stop() ends the wrapper and the server under it together.
    detached: true,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`harness did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open:\s+(\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`harness exited with ${code}: ${out}`)));
  });
  const token = new URL(url).searchParams.get('token') ?? '';
  const origin = new URL(url).origin;
  return {
    url,
    token,
    dataDir,
    call: async (name, input = {}) => {
      const response = await fetch(`${origin}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // Never -0: that would signal our own process group.
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      }),
  };
}
