// A full disk at the counter, on a real small disk (tmpfs): mid-day the store answers DISK_FULL, the process
// lives on (the log file's own ENOSPC used to kill it), nothing confirmed is lost, and once there is room the
// counter simply goes on. At start a full disk is reported as a full disk, never as a damaged store.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatVoucherCode } from '../../core/voucher-code';
import { createFileLogger, LOG_RETRY_MS } from '../../services/platform/logging';
import { demoVoucherCodes } from '../../services/setup/demo';
import type { Logger } from '../../services/platform/deps';
import { capturingLogger, makeApp, setUpDevice, unwrap, type TestApp } from '../helpers/app';
import { mountSmallDisk, smallDiskUnavailable, type SmallDisk } from '../helpers/small-disk';

const disks: SmallDisk[] = [];
const apps: TestApp[] = [];
afterEach(() => {
  for (const t of apps.splice(0)) t.app.close();
  for (const d of disks.splice(0)) d.unmount();
});

/** The app's real file logger (as Electron and browser mode use it) and a copy of each line for the test. */
function teeLogger(dataDir: string, now: () => number) {
  const file = createFileLogger(dataDir, { now });
  const seen = capturingLogger();
  const log: Logger = {
    info: (f, m) => (file.info(f, m), seen.info(f, m)),
    warn: (f, m) => (file.warn(f, m), seen.warn(f, m)),
    error: (f, m) => (file.error(f, m), seen.error(f, m)),
  };
  return { log, file, seen };
}

async function clerkOn(t: TestApp) {
  await setUpDevice(t, true);
  const clerk = t.connect();
  const options = unwrap(await clerk.call('staff:login-options', {}));
  const clerkId = options.find((o) => o.name === 'Demo Baliemedewerker')!.id;
  unwrap(await clerk.call('session:login', { staffId: clerkId, pin: '24680' }));
  const [initiative] = unwrap(await clerk.call('initiatives:list', { status: 'spaarfase' }));
  return { clerk, initiativeId: initiative!.id };
}

describe.skipIf(smallDiskUnavailable !== null)(`a full disk (${smallDiskUnavailable ?? 'real tmpfs'})`, () => {
  it('mid-day: DISK_FULL to the clerk, the process lives, nothing confirmed lost, and the counter goes on once there is room', async () => {
    const disk = mountSmallDisk(48);
    disks.push(disk);
    const dataDir = path.join(disk.dir, 'data');
    let now = Date.parse('2026-11-22T09:00:00Z');
    const { log, file, seen } = teeLogger(dataDir, () => now);
    const t = makeApp({ dir: dataDir, appOptions: { log } });
    apps.push(t);
    const { clerk, initiativeId } = await clerkOn(t);
    const codes = demoVoucherCodes(400).map(formatVoucherCode);
    const confirmed: string[] = [];
    let next = 0;
    const redeem = () =>
      clerk.call('vouchers:redeem', { code: codes[next]!, parts: [{ initiativeId, amountCents: 750 }] }).then((r) => {
        if (r.ok) confirmed.push(codes[next]!);
        next += 1;
        return r;
      });
    unwrap(await redeem());

    disk.fill();
    let refused = null;
    while (next < codes.length && !refused) {
      const r = await redeem();
      if (!r.ok) refused = r.error;
    }
    expect(refused, 'the disk never filled up').not.toBeNull();
    expect(refused).toMatchObject({ code: 'DISK_FULL' });
    expect(refused!.message).toMatch(/schijf is vol/i);
    // The log file hit ENOSPC too: lines are counted as lost, and the process is still here to answer.
    for (let i = 0; i < 200; i++) log.info({ i, filler: 'x'.repeat(200) }, 'a line while the disk is full');
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.lines.some((l) => l.level === 'error' && l.message.includes('disk full'))).toBe(true);
    expect(unwrap(await clerk.call('app:status', {}))).toMatchObject({ store: { state: 'ok' } });

    disk.free();
    now += LOG_RETRY_MS;
    const after = await redeem();
    expect(after.ok).toBe(true);
    log.info({}, 'the disk has room again');
    // The file stream writes asynchronously: wait (up to 5 s) for the line to reach the file.
    const logFile = path.join(dataDir, 'logs', 'buurtbalie.log');
    for (let i = 0; i < 50 && !fs.readFileSync(logFile, 'utf8').includes('the disk has room again'); i++)
      await new Promise((r) => setTimeout(r, 100));
    const logText = fs.readFileSync(logFile, 'utf8');
    expect(logText).toContain('log lines lost while the log file could not be written');
    expect(logText).toContain('the disk has room again');
    expect(file.droppedLines()).toBe(0);

    // Every donation the clerk saw confirmed is there, once; the refused one is not.
    const list = unwrap(await clerk.call('redemptions:list', {}));
    expect(list).toHaveLength(confirmed.length);
    expect(new Set(list.map((r) => r.id)).size).toBe(confirmed.length);
  });

  it('at start: a full disk is reported as a full disk (not a damaged store), and after freeing room the store opens', async () => {
    const disk = mountSmallDisk(48);
    disks.push(disk);
    const dataDir = path.join(disk.dir, 'data');
    const first = makeApp({ dir: dataDir });
    await clerkOn(first);
    first.app.close();
    disk.fill();

    const second = makeApp({ dir: dataDir });
    apps.push(second);
    const status = unwrap(await second.connect().call('app:status', {}));
    if (status.store.state === 'error') {
      expect(status.store.reason).toBe('disk-full');
    } else {
      // SQLite opened without needing a byte: then the first write must say the disk is full.
      const { clerk, initiativeId } = await (async () => {
        const clerk = second.connect();
        const options = unwrap(await clerk.call('staff:login-options', {}));
        unwrap(await clerk.call('session:login', { staffId: options.find((o) => o.name === 'Demo Baliemedewerker')!.id, pin: '24680' }));
        return { clerk, initiativeId: unwrap(await clerk.call('initiatives:list', { status: 'spaarfase' }))[0]!.id };
      })();
      const codes = demoVoucherCodes(300).map(formatVoucherCode);
      let refused = null;
      for (const code of codes.slice(1)) {
        const r = await clerk.call('vouchers:redeem', { code, parts: [{ initiativeId, amountCents: 750 }] });
        if (!r.ok) {
          refused = r.error;
          break;
        }
      }
      expect(refused).toMatchObject({ code: 'DISK_FULL' });
    }
    expect(second.log.text()).not.toMatch(/"reason":"corrupt"/);
    second.app.close();
    apps.pop();

    disk.free();
    const third = makeApp({ dir: dataDir });
    apps.push(third);
    expect(unwrap(await third.connect().call('app:status', {}))).toMatchObject({ store: { state: 'ok' }, setupDone: true });
  });
});
