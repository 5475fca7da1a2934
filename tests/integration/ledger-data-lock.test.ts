/**
 * The embedded ledger's folder lock (server/config.ts): one process at a time, and a crash never keeps the ledger from
 * starting again. Found by a kill -9 loop: a ledger killed with SIGKILL is a zombie until init collects it (a second
 * here), `kill(pid, 0)` still succeeds for a zombie, and the restart was refused as "in use by process …". Real
 * processes throughout: a live holder, a zombie, a dead pid, and a lock written in another boot of the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir, processAlive } from '../../server/config';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function folderWithLock(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-lock-'));
  fs.writeFileSync(path.join(dir, 'ledger.pid'), content);
  return dir;
}

const bootId = fs.existsSync('/proc/sys/kernel/random/boot_id') ? fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : null;

describe('the embedded ledger folder lock', () => {
  it('refuses a folder a live process holds, and takes one whose holder is gone', () => {
    const live = spawn('sleep', ['30']);
    children.push(live);
    const held = folderWithLock(`${live.pid} ${bootId ?? ''}`.trim());
    expect(() => lockDataDir(held)).toThrow(new RegExp(`in use by process ${live.pid}`));

    // A pid that is no process at all (a finished one): stale.
    const done = spawnSync('true');
    const stale = folderWithLock(String(done.pid));
    const release = lockDataDir(stale);
    expect(fs.readFileSync(path.join(stale, 'ledger.pid'), 'utf8').split(' ')[0]).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(stale, 'ledger.pid'))).toBe(false);
  });

  it.runIf(process.platform === 'linux')('takes over from a holder killed with SIGKILL that is still a zombie', async () => {
    // The subshell exits after half a second; by then its parent has exec'd into sleep, which never collects it: a
    // zombie for 30 s. (A subshell that exited at once could be collected by the shell before its exec, under load.)
    const parent = spawn('sh', ['-c', '(sleep 0.5; exit 0) & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()))));
    await expect.poll(() => fs.readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]?.charAt(0), { timeout: 10_000 }).toBe('Z');
    // kill(pid, 0) alone calls it alive; the lock must not.
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(processAlive(zombie)).toBe(false);
    const dir = folderWithLock(`${zombie} ${bootId}`);
    const release = lockDataDir(dir);
    release();
  });

  it.runIf(bootId !== null)('takes over a lock written in another boot, even if its pid is alive now', () => {
    const live = spawn('sleep', ['30']);
    children.push(live);
    const dir = folderWithLock(`${live.pid} 00000000-0000-4000-8000-000000000000`);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'ledger.pid'), 'utf8')).toBe(`${process.pid} ${bootId}`);
    release();
  });

  it('is not fooled by its own pid or a lock file that is not a number', () => {
    const own = lockDataDir(folderWithLock(String(process.pid)));
    own();
    const odd = lockDataDir(folderWithLock('not a pid\n'));
    odd();
  });
});
