import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatVoucherCode } from '../../core/voucher-code';
import { demoVoucherCodes } from '../../services/setup/demo';
import { counterFixture, root, unwrap } from '../helpers/app';
import { closedPort, countCuts, decodeReceipt, startFakePrinter, type FakePrinter } from '../helpers/fake-printer';

const codes = demoVoucherCodes(12).map(formatVoucherCode);
const printers: FakePrinter[] = [];
afterEach(async () => {
  for (const p of printers.splice(0)) await p.close();
});

type Fixture = Awaited<ReturnType<typeof counterFixture>>;

async function printed(f: Fixture): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const status = unwrap(await f.clerk.call('print:status', {}));
    if (status.queued === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('print queue did not drain');
}

async function withPrinter(options: { profile?: 'epson' | 'star'; paper?: 80 | 58; address?: string } = {}) {
  const f = await counterFixture();
  const printer = await startFakePrinter();
  printers.push(printer);
  unwrap(
    await f.admin.call('settings:update', {
      printer: {
        mode: 'network',
        profile: options.profile ?? 'epson',
        address: options.address ?? printer.address,
        systemName: '',
        paper: options.paper ?? 80,
      },
    }),
  );
  // Accents on the receipt: the service point of this test device.
  f.t.app.store!.sqlite.prepare(`UPDATE devices SET service_point = 'Café De Ruïne, Ĳsselstraat'`).run();
  return { f, printer };
}

describe('thermal receipts over TCP (fake ESC/POS printer)', () => {
  it('prints a donation with €, Dutch letters, QR code and a cut, in code page PC858', async () => {
    const { f, printer } = await withPrinter();
    const target = f.initiatives[0]!;
    const redemption = unwrap(
      await f.clerk.call('vouchers:redeem', { code: codes[0]!, parts: [{ initiativeId: target.id, amountCents: 750 }] }),
    );
    expect(redemption.receiptNo).toBe(1);
    await printed(f);
    expect(printer.jobs).toHaveLength(1);
    const bytes = printer.jobs[0]!;
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0x1b, 0x74, 19])); // ESC t 19: PC858 selected first
    expect(bytes.includes(Buffer.from([0xd5, 0x20, 0x37, 0x2c, 0x35, 0x30]))).toBe(true); // "€ 7,50"
    const text = decodeReceipt(bytes);
    for (const expected of [
      'Almelo Buurt Samen',
      'Gemeente Almelo',
      'Café De Ruïne, IJsselstraat',
      'Donatie',
      'Bon 1',
      `${target.number} ${target.title}`,
      'Totaal',
      '€ 7,50',
      'DB',
      'Bewaar deze bon.',
      'centrale grootboek',
      'Volg dit initiatief',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Waardebon\s+[0-9A-Z]{4}-\*\*\*\*-\*\*[0-9A-Z]{2}-[0-9A-Z]/);
    expect(text).not.toContain(codes[0]!);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(true); // GS ( k: QR code
    expect(decodeReceipt(bytes)).toContain('/initiatief/' + target.number);
    expect(countCuts(bytes)).toBe(1);
  });

  it('prints every variant: split donation, intake summary, reversal, X and Z reports, and numbers them in sequence', async () => {
    const { f, printer } = await withPrinter();
    const [a, b] = f.initiatives as [Fixture['initiatives'][0], Fixture['initiatives'][0]];
    const split = unwrap(
      await f.clerk.call('vouchers:redeem', {
        code: codes[1]!,
        parts: [
          { initiativeId: a.id, amountCents: 500 },
          { initiativeId: b.id, amountCents: 250 },
        ],
      }),
    );
    const intake = unwrap(await f.clerk.call('intakes:start', { initiativeId: b.id }));
    unwrap(await f.clerk.call('intakes:scan', { intakeId: intake.id, codes: [codes[2]!, codes[2]!, 'oeps'] }));
    unwrap(await f.clerk.call('intakes:finish', { intakeId: intake.id }));
    unwrap(
      await f.clerk.call('redemptions:reverse', {
        redemptionId: split.id,
        reason: 'Bewoner wilde anders verdelen',
        approverId: f.directorId,
        approverPin: '97531',
      }),
    );
    unwrap(await f.clerk.call('day:print', {}));
    unwrap(await f.clerk.call('day:close', {}));
    await printed(f);
    const texts = printer.jobs.map(decodeReceipt);
    expect(texts).toHaveLength(5);
    expect(texts[0]).toContain('Donatie (verdeeld)');
    expect(texts[0]).toContain('€ 5,00');
    expect(texts[0]).toContain('€ 2,50');
    expect(texts[1]).toContain('Inname van bonnen');
    expect(texts[1]).toMatch(/Geteld\s+1 bonnen/);
    expect(texts[1]).toContain('dubbel');
    expect(texts[1]).toContain('code klopt niet');
    expect(texts[2]).toContain('Terugdraaiing');
    expect(texts[2]).toContain('Reden: Bewoner wilde anders verdelen');
    expect(texts[2]).toMatch(/Goedgekeurd door\s+DW/);
    expect(texts[3]).toContain('Tussenstand (X)');
    expect(texts[4]).toContain('Dagafsluiting Z 1');
    expect(texts[4]).toMatch(/Netto\s+€ 7,50/);
    expect(texts.map((t) => /Bon (\d+)/.exec(t)?.[1])).toEqual(['1', '2', '3', '4', '5']);
    for (const bytes of printer.jobs) expect(countCuts(bytes)).toBe(1);
  });

  it('prints a reprint as KOPIE 1, then KOPIE 2, with the same receipt number', async () => {
    const { f, printer } = await withPrinter();
    const r = unwrap(
      await f.clerk.call('vouchers:redeem', { code: codes[3]!, parts: [{ initiativeId: f.initiatives[0]!.id, amountCents: 750 }] }),
    );
    await printed(f);
    expect(unwrap(await f.clerk.call('receipts:reprint', { kind: 'donation', refId: r.id }))).toEqual({ receiptNo: r.receiptNo, copy: 1 });
    unwrap(await f.clerk.call('receipts:reprint', { kind: 'donation', refId: r.id }));
    await printed(f);
    const texts = printer.jobs.map(decodeReceipt);
    expect(texts[0]).not.toContain('KOPIE');
    expect(texts[1]).toContain('KOPIE 1');
    expect(texts[2]).toContain('KOPIE 2');
    for (const t of texts) expect(t).toContain(`Bon ${r.receiptNo}`);
  });

  it('lays out 58 mm paper in 32 columns, and speaks Star to a Star printer', async () => {
    const { f, printer } = await withPrinter({ profile: 'star', paper: 58 });
    unwrap(await f.clerk.call('vouchers:redeem', { code: codes[4]!, parts: [{ initiativeId: f.initiatives[0]!.id, amountCents: 750 }] }));
    await printed(f);
    const bytes = printer.jobs[0]!;
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x1b, 0x1d, 0x74, 4])); // Star: PC858 selected
    // Printer commands are control bytes (ESC and its parameter): strip them to count printed columns.
    const rows = decodeReceipt(bytes)
      .split('\n')
      // eslint-disable-next-line no-control-regex
      .map((row) => row.replace(/\x1b.|[\x00-\x1f]/g, ''));
    expect(Math.max(...rows.filter((r) => r.includes('Totaal')).map((r) => r.trimEnd().length))).toBeLessThanOrEqual(32);
    expect(decodeReceipt(bytes)).toContain('€ 7,50');
  });
});

describe('a printer that is off or fails mid-job', () => {
  it('never blocks or loses a donation: the job waits, and a retry prints it exactly once', async () => {
    const port = await closedPort();
    const { f } = await withPrinter({ address: `127.0.0.1:${port}` });
    const r = unwrap(
      await f.clerk.call('vouchers:redeem', { code: codes[5]!, parts: [{ initiativeId: f.initiatives[0]!.id, amountCents: 750 }] }),
    );
    await printed(f);
    expect(unwrap(await f.clerk.call('vouchers:check', { code: codes[5]! })).status).toBe('used-here');
    expect(unwrap(await f.clerk.call('print:status', {}))).toMatchObject({ failed: 1, lastError: 'unreachable' });
    expect(unwrap(await f.clerk.call('app:status', {}))).toMatchObject({ printFailed: 1 });

    const printer = await startFakePrinter(port);
    printers.push(printer);
    expect(unwrap(await f.clerk.call('print:retry', {}))).toMatchObject({ failed: 0, queued: 0 });
    expect(printer.jobs).toHaveLength(1);
    expect(decodeReceipt(printer.jobs[0]!)).toContain(`Bon ${r.receiptNo}`);
    expect(countCuts(printer.jobs[0]!)).toBe(1);
    unwrap(await f.clerk.call('print:retry', {}));
    expect(printer.jobs).toHaveLength(1);
  });

  it('treats a printer that drops the connection halfway as not printed, and prints it whole on retry', async () => {
    const { f, printer } = await withPrinter();
    printer.closeAfter = 60;
    unwrap(await f.clerk.call('vouchers:redeem', { code: codes[6]!, parts: [{ initiativeId: f.initiatives[0]!.id, amountCents: 750 }] }));
    await printed(f);
    expect(unwrap(await f.clerk.call('print:status', {}))).toMatchObject({ failed: 1 });
    printer.closeAfter = null;
    printer.jobs.length = 0;
    unwrap(await f.clerk.call('print:retry', {}));
    expect(printer.jobs).toHaveLength(1);
    expect(countCuts(printer.jobs[0]!)).toBe(1);
  });

  it('prints failed receipts as PDF on request', async () => {
    const port = await closedPort();
    const { f } = await withPrinter({ address: `127.0.0.1:${port}` });
    unwrap(await f.clerk.call('vouchers:redeem', { code: codes[7]!, parts: [{ initiativeId: f.initiatives[0]!.id, amountCents: 750 }] }));
    await printed(f);
    const { files } = unwrap(await f.clerk.call('print:failed-to-pdf', {}));
    expect(files).toHaveLength(1);
    expect(fs.existsSync(files[0]!)).toBe(true);
    expect(unwrap(await f.clerk.call('print:status', {})).failed).toBe(0);
  });
});

describe('PDF receipts (no thermal printer configured)', () => {
  it('saves the donation receipt as an 80 mm PDF with embedded fonts, and the day report as A4', async () => {
    const f = await counterFixture();
    f.t.app.store!.sqlite.prepare(`UPDATE devices SET service_point = 'Café De Ruïne'`).run();
    const r = unwrap(
      await f.clerk.call('vouchers:redeem', { code: codes[8]!, parts: [{ initiativeId: f.initiatives[0]!.id, amountCents: 750 }] }),
    );
    unwrap(await f.clerk.call('receipts:reprint', { kind: 'donation', refId: r.id }));
    unwrap(await f.clerk.call('day:close', {}));
    await printed(f);
    const dir = path.join(f.t.dir, 'bonnen', r.businessDay);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([`bon-${r.receiptNo}-kopie-1.pdf`, `bon-${r.receiptNo}.pdf`, `bon-${r.receiptNo! + 1}.pdf`].sort());
    const text = (file: string) => execFileSync('pdftotext', ['-layout', path.join(dir, file), '-'], { encoding: 'utf8' });
    const original = text(`bon-${r.receiptNo}.pdf`);
    for (const expected of ['Almelo Buurt Samen', 'Café De Ruïne', 'Donatie', `Bon ${r.receiptNo}`, '€ 7,50', 'Bewaar deze bon.', '••••'])
      expect(original).toContain(expected);
    expect(original).not.toContain('KOPIE');
    expect(text(`bon-${r.receiptNo}-kopie-1.pdf`)).toContain('KOPIE 1');
    const z = text(`bon-${r.receiptNo! + 1}.pdf`);
    expect(z).toContain('Dagafsluiting Z 1');
    const fonts = execFileSync('pdffonts', [path.join(dir, `bon-${r.receiptNo}.pdf`)], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans.*yes/);
    // A picture to look at: test-results/receipts/*.png
    const out = path.join(root, 'test-results', 'receipts');
    fs.mkdirSync(out, { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '150',
      '-singlefile',
      path.join(dir, `bon-${r.receiptNo}.pdf`),
      path.join(out, 'donation-80mm'),
    ]);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-singlefile',
      path.join(dir, `bon-${r.receiptNo! + 1}.pdf`),
      path.join(out, 'day-report-a4'),
    ]);
    expect(fs.statSync(path.join(out, 'donation-80mm.png')).size).toBeGreaterThan(5000);
  });
});
