// Everything the app writes is readable by its own user only (#14): store, -wal/-shm, key, logs, receipt PDFs
// and their folders — made so on a fresh install and narrowed on an install an older version left open.
// And the log file itself: rotation, redaction, and a folder that disappears under it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVoucherCode } from '../../core/voucher-code';
import { createFileLogger, LOG_RETRY_MS } from '../../services/platform/logging';
import { demoVoucherCodes } from '../../services/setup/demo';
import { makeApp, setUpDevice, tempDir, unwrap } from '../helpers/app';

const isWindows = process.platform === 'win32';

function modes(dir: string): { path: string; mode: string }[] {
  const out: { path: string; mode: string }[] = [];
  const walk = (d: string) => {
    out.push({ path: path.relative(dir, d) || '.', mode: (fs.statSync(d).mode & 0o777).toString(8) });
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push({ path: path.relative(dir, p), mode: (fs.statSync(p).mode & 0o777).toString(8) });
    }
  };
  walk(dir);
  return out;
}

async function dayWithReceipt(dataDir: string) {
  const log = createFileLogger(dataDir);
  const t = makeApp({ dir: dataDir, envKey: '', appOptions: { log } });
  await setUpDevice(t, true);
  const clerk = t.connect();
  const options = unwrap(await clerk.call('staff:login-options', {}));
  unwrap(await clerk.call('session:login', { staffId: options.find((o) => o.name === 'Demo Baliemedewerker')!.id, pin: '24680' }));
  const [initiative] = unwrap(await clerk.call('initiatives:list', { status: 'spaarfase' }));
  const [code] = demoVoucherCodes(1).map(formatVoucherCode);
  unwrap(await clerk.call('vouchers:redeem', { code: code!, parts: [{ initiativeId: initiative!.id, amountCents: 750 }] }));
  // No printer configured: the receipt becomes a PDF in the background.
  const receipts = path.join(dataDir, 'bonnen');
  for (let i = 0; i < 100 && !(fs.existsSync(receipts) && modes(receipts).some((m) => m.path.endsWith('.pdf'))); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  log.flush();
  return t;
}

describe.skipIf(isWindows)('files the app writes (POSIX modes; Windows relies on the profile ACL)', () => {
  it('are 0600 in 0700 folders on a fresh install: store, -wal, -shm, key, log, receipt PDF', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const t = await dayWithReceipt(dataDir);
    const seen = modes(dataDir);
    expect(seen.map((m) => m.path)).toEqual(
      expect.arrayContaining([
        'buurtbalie.db',
        'buurtbalie.db-wal',
        'buurtbalie.db-shm',
        'store-key.bin',
        path.join('logs', 'buurtbalie.log'),
      ]),
    );
    expect(seen.some((m) => m.path.endsWith('.pdf'))).toBe(true);
    for (const m of seen) {
      const isDir = fs.statSync(path.join(dataDir, m.path)).isDirectory();
      expect(m.mode, m.path).toBe(isDir ? '700' : '600');
    }
    t.app.close();
  });

  it('narrows an install an older version left readable for everyone', async () => {
    const dataDir = path.join(tempDir(), 'data');
    (await dayWithReceipt(dataDir)).app.close();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'buurtbalie.db'), 0o644);
    fs.chmodSync(path.join(dataDir, 'logs'), 0o755);
    fs.chmodSync(path.join(dataDir, 'logs', 'buurtbalie.log'), 0o644);
    const t = makeApp({ dir: dataDir, envKey: '', appOptions: { log: createFileLogger(dataDir) } });
    unwrap(await t.connect().call('app:status', {}));
    t.connect(); // a call that writes a log line reopens the log
    const byPath = new Map(modes(dataDir).map((m) => [m.path, m.mode]));
    expect(byPath.get('.')).toBe('700');
    expect(byPath.get('buurtbalie.db')).toBe('600');
    expect(byPath.get('logs')).toBe('700');
    expect(byPath.get(path.join('logs', 'buurtbalie.log'))).toBe('600');
    t.app.close();
  });
});

describe('the log file', () => {
  it('rotates at its size, keeps the newest files, and hides secrets', () => {
    const dataDir = tempDir();
    const log = createFileLogger(dataDir, { fileBytes: 2_000, filesKept: 3 });
    for (let i = 0; i < 200; i++) log.info({ i, pin: '24680', code: 'HH4R-TRBR-B67K-J' }, 'a line');
    const logs = path.join(dataDir, 'logs');
    expect(fs.readdirSync(logs).sort()).toEqual(['buurtbalie.log', 'buurtbalie.log.1', 'buurtbalie.log.2', 'buurtbalie.log.3']);
    for (const f of fs.readdirSync(logs)) expect(fs.statSync(path.join(logs, f)).size).toBeLessThanOrEqual(2_000);
    const newest = fs.readFileSync(path.join(logs, 'buurtbalie.log'), 'utf8');
    const older = fs.readFileSync(path.join(logs, 'buurtbalie.log.1'), 'utf8');
    const lastI = (text: string) => Number(/"i":(\d+)(?!.*"i":)/s.exec(text)?.[1]);
    expect(lastI(newest)).toBe(199);
    expect(lastI(older)).toBeLessThan(lastI(newest));
    const all = fs
      .readdirSync(logs)
      .map((f) => fs.readFileSync(path.join(logs, f), 'utf8'))
      .join('');
    expect(all).not.toContain('24680');
    expect(all).not.toContain('HH4R');
    expect(all).toContain('[verborgen]');
  });

  it('never throws when the log cannot be written: lines are counted as lost, and it writes again after the pause', () => {
    const dataDir = tempDir();
    let now = 0;
    const log = createFileLogger(dataDir, { now: () => now });
    const logs = path.join(dataDir, 'logs');
    fs.writeFileSync(logs, 'a file where the log folder should be'); // ENOTDIR/EEXIST on every open
    expect(() => log.info({}, 'lost 1')).not.toThrow();
    now += 1; // too soon to try again: dropped without touching the disk
    expect(() => log.info({}, 'lost 2')).not.toThrow();
    expect(log.droppedLines()).toBe(2);
    fs.rmSync(logs);
    now += LOG_RETRY_MS;
    log.info({}, 'back again');
    const text = fs.readFileSync(path.join(logs, 'buurtbalie.log'), 'utf8');
    expect(text).toMatch(/"dropped":2,"msg":"log lines lost while the log file could not be written"/);
    expect(text).toContain('back again');
    expect(log.droppedLines()).toBe(0);
  });
});
