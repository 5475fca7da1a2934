/**
 * A receipt printer installed in the operating system, by name: here a real CUPS queue (raw, as a USB
 * receipt printer is set up) whose device is the fake ESC/POS printer on 127.0.0.1. The bytes must
 * arrive unchanged through the spooler: € in PC858, the cut, everything.
 * Needs CUPS (`cups` Debian package; .ci/run installs and starts it). The Windows spooler path
 * (winspool via PowerShell) cannot run on these machines; it is described in docs/receipts.md.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVoucherCode } from '../../core/voucher-code';
import { demoVoucherCodes } from '../../services/setup/demo';
import { isValidPrinterName, systemPrinterTransport } from '../../services/printing/system-printer';
import { counterFixture, unwrap } from '../helpers/app';
import { countCuts, decodeReceipt, startFakePrinter, type FakePrinter } from '../helpers/fake-printer';

function cupsRunning(): boolean {
  try {
    return execFileSync('lpstat', ['-r']).toString().includes('is running');
  } catch {
    return false;
  }
}
const haveCups = cupsRunning();
const codes = demoVoucherCodes(4).map(formatVoucherCode);
let printer: FakePrinter;
let queue = '';

beforeAll(async () => {
  if (!haveCups) return;
  printer = await startFakePrinter();
  queue = `bb-test-${printer.port}`;
  execFileSync('lpadmin', ['-p', queue, '-E', '-v', `socket://127.0.0.1:${printer.port}`, '-m', 'raw'], { stdio: 'ignore' });
});
afterAll(async () => {
  if (!haveCups) return;
  execFileSync('lpadmin', ['-x', queue], { stdio: 'ignore' });
  await printer.close();
});

async function until(check: () => boolean, ms = 15_000) {
  for (let waited = 0; !check() && waited < ms; waited += 50) await new Promise((r) => setTimeout(r, 50));
}

describe('printer names', () => {
  it('accepts names as the operating systems write them, and nothing a command line could misread', () => {
    for (const ok of ['EPSON_TM-T20III', 'Bonprinter balie 1', 'Star TSP100 (kopie 1)']) expect(isValidPrinterName(ok)).toBe(true);
    for (const bad of ['', '-o foo', 'a;rm -rf', 'x'.repeat(101), 'a/b', '$(id)']) expect(isValidPrinterName(bad)).toBe(false);
  });
});

// Skipped only where no CUPS scheduler runs (install and start `cups`, as .ci/run does); never on CI.
describe.skipIf(!haveCups)('a printer installed in the operating system (CUPS)', () => {
  it('prints a donation receipt through the spooler, bytes unchanged', async () => {
    const f = await counterFixture();
    unwrap(
      await f.admin.call('settings:update', { printer: { mode: 'system', profile: 'epson', address: '', systemName: queue, paper: 80 } }),
    );
    const target = f.initiatives[0]!;
    unwrap(await f.clerk.call('vouchers:redeem', { code: codes[0]!, parts: [{ initiativeId: target.id, amountCents: 750 }] }));
    await until(() => printer.jobs.length > 0);
    expect(printer.jobs).toHaveLength(1);
    const bytes = printer.jobs[0]!;
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0x1b, 0x74, 19])); // PC858 first, as sent
    expect(bytes.includes(Buffer.from([0xd5, 0x20, 0x37, 0x2c, 0x35, 0x30]))).toBe(true); // "€ 7,50"
    expect(decodeReceipt(bytes)).toContain(`${target.number} ${target.title}`);
    expect(countCuts(bytes)).toBe(1);
    const status = unwrap(await f.clerk.call('print:status', {}));
    expect(status).toMatchObject({ mode: 'system', queued: 0, failed: 0 });
    expect(status.lastOutput).toBe(`printer ${queue}`);
    f.t.app.close();
  });

  it('a printer name the system does not know: the job fails with a reason, the donation stands', async () => {
    const f = await counterFixture();
    unwrap(
      await f.admin.call('settings:update', {
        printer: { mode: 'system', profile: 'epson', address: '', systemName: 'bestaat-niet', paper: 80 },
      }),
    );
    const target = f.initiatives[0]!;
    const redemption = unwrap(
      await f.clerk.call('vouchers:redeem', { code: codes[1]!, parts: [{ initiativeId: target.id, amountCents: 750 }] }),
    );
    expect(redemption.id).toBeTruthy();
    await until(() => failedJobs(f).failed > 0);
    const status = unwrap(await f.clerk.call('print:status', {}));
    expect(status.failed).toBe(1);
    expect(status.lastError).toBe('unreachable');
    f.t.app.close();
  });

  it('the transport says why: unknown printer from lp, a name that is not allowed before anything runs', async () => {
    await expect(systemPrinterTransport('bestaat-niet').send(Buffer.from('x'))).rejects.toMatchObject({ reason: 'unreachable' });
    await expect(systemPrinterTransport('-o evil').send(Buffer.from('x'))).rejects.toMatchObject({ reason: 'not-configured' });
  });
});

// print:status is async through the API; the store is read directly for the polling loop above.
function failedJobs(f: Awaited<ReturnType<typeof counterFixture>>): { failed: number } {
  return f.t.app.store!.sqlite.prepare(`SELECT count(*) AS failed FROM print_jobs WHERE status = 'failed'`).get() as { failed: number };
}
