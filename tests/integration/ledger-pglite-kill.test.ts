/**
 * The embedded ledger (PGlite, what `npm run server` runs without DATABASE_URL) killed with SIGKILL while a device
 * pushes, and started again at once, over and over: every event the ledger answered 200 for is there after the
 * restart, the device continues its chain from what the ledger says it expects, and the restart is never refused
 * (a killed ledger is a zombie for a moment; the folder lock must not take it for a live holder). Real processes:
 * `tsx server/main.ts` in its own process group, a device written from docs/sync-protocol.md alone.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/app';
import { DocClient } from '../helpers/doc-client';

const CYCLES = 3;
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-pglite-kill-'));
const env: NodeJS.ProcessEnv = { ...process.env, BB_LEDGER_DATA: data, BB_LEDGER_PORT: '0' };
delete env.DATABASE_URL;
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let running: ChildProcess | null = null;

function start(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(root, 'server', 'main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running = child;
    let out = '';
    const read = (d: Buffer) => {
      out += d.toString();
      const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`the ledger exited (${code}): ${out.slice(-1500)}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('close', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}

afterAll(async () => {
  if (running && running.exitCode === null && running.signalCode === null) await kill(running);
  fs.rmSync(data, { recursive: true, force: true });
});

describe('the embedded ledger under kill -9', () => {
  it(`keeps every answered event through ${CYCLES} kills mid-push and restarts at once`, async () => {
    const made = execFileSync(tsx, [path.join(root, 'server', 'admin', 'cli.ts'), 'enrol-code', '--name', 'Kill'], {
      env,
      encoding: 'utf8',
    });
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(made)![1]!;
    let ledger = await start();
    const device = new DocClient(ledger.url);
    expect((await device.enrol(code, 'Kill', 'Probe')).status).toBe(200);
    const day = new Date().toISOString().slice(0, 10);
    let answered = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // Push one event a request until the ledger is killed at a random moment.
      let killed = false;
      const timer = setTimeout(
        () => {
          killed = true;
          void kill(ledger.child);
        },
        200 + Math.random() * 800,
      );
      try {
        while (!killed) {
          const event = device.event('feedback.given', 1, { feedbackId: crypto.randomUUID(), score: 4, businessDay: day }, null);
          const answer = await device.push([event]);
          expect(answer.status).toBe(200);
          answered = event.seq;
        }
      } catch (error) {
        // The connection refused or reset by the kill: that event's answer never came.
        if (!killed) throw error;
      }
      clearTimeout(timer);
      ledger = await start(); // at once: the killed one may still be a zombie
      (device as { base: string }).base = ledger.url;
      const where = await device.push([]);
      const expected = where.body.expectedSeq as number;
      // Nothing answered is lost; at most the one in flight was stored without its answer reaching us.
      expect(expected).toBeGreaterThanOrEqual(answered + 1);
      expect(expected).toBeLessThanOrEqual(answered + 2);
      // Continue the chain from the ledger's own last event (§4c), as a device does after a lost answer.
      const own = await device.send('GET', `/v1/events?after=${expected - 2}&limit=1`);
      const last = (own.body.events as { seq: number; hash: string }[])[0]!;
      expect(last.seq).toBe(expected - 1);
      device.seq = last.seq;
      device.prevHash = last.hash;
      answered = last.seq;
    }
    expect(answered).toBeGreaterThan(CYCLES);
    await kill(ledger.child);
  }, 180_000);
});
