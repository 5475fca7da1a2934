/**
 * The administrator's CLI as an administrator runs it (`tsx server/admin/cli.ts …`, a real process)
 * against a fresh database on the real PostgreSQL: the address list with a bad line, codes, the
 * letters' print file (CSV and PDF, checked with pdftotext), enrolment codes, devices and revocation,
 * status, and clear messages for mistakes.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshLedger, type TestLedger } from '../helpers/ledger';
import { root, tempDir } from '../helpers/app';
import { parseVoucherCode } from '../../core/voucher-code';
import { tenants } from '../../server/db/schema';

let ledger: TestLedger;
let dir: string;

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'server', 'admin', 'cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: ledger.url },
  });
  return { code: r.status ?? -1, out: r.stdout.toString(), err: r.stderr.toString() };
}

/** The same, not waiting: several mistakes run at once. */
function cliAsync(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'server', 'admin', 'cli.ts'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: ledger.url },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

beforeAll(async () => {
  ledger = await freshLedger();
  dir = tempDir('bb-cli-');
}, 60_000);
afterAll(async () => ledger?.drop());

describe('server:admin', () => {
  it('imports addresses (reporting bad lines), makes a round and its codes, and exports the letters as CSV and PDF', () => {
    const csv = path.join(dir, 'adressen.csv');
    fs.writeFileSync(
      csv,
      [
        'postcode,house_number,addition,street,buurt_code,district_code',
        '7601 AB,12,,Grotestraat,BU01410000,WK014110',
        '7601AB,14,a,Grotestraat,,WK014110',
        '7611XY,3,,Aadorpweg,,WK014120',
        'nonsense,1,,X,,WK014110',
        '7602CD,5,,Onbekendweg,,WK999999',
      ].join('\n'),
    );
    const imported = cli('addresses:import', csv);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('3 addresses added, 0 already known, 2 lines with problems.');
    expect(imported.out).toContain('postcode "nonsense"');
    expect(imported.out).toContain('unknown district WK999999');
    expect(cli('addresses:import', csv).out).toContain('0 addresses added, 3 already known');

    expect(
      cli('round:create', '--id', '2027-1', '--value', '7,50', '--from', '2027-01-01', '--until', '2027-06-30', '--status', 'open').code,
    ).toBe(0);
    expect(cli('codes:generate', '--round', '2027-1').out).toContain('3 codes generated.');
    expect(cli('codes:generate', '--round', '2027-1').out).toContain('0 codes generated.'); // once per address per round

    const out = path.join(dir, 'brieven.csv');
    const pdf = path.join(dir, 'brieven.pdf');
    const exported = cli('print:export', '--round', '2027-1', '--csv', out, '--pdf', pdf);
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('3 letters written');
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('postcode,house_number,addition,street,district_code,code,qr');
    expect(lines).toHaveLength(4);
    const first = lines[1]!.split(',');
    expect(first.slice(0, 5)).toEqual(['7601AB', '12', '', 'Grotestraat', 'WK014110']);
    expect(parseVoucherCode(first[5]!).ok).toBe(true); // a valid code with its check symbol
    expect(first[6]).toBe(`https://www.almelobuurtsamen.nl/bon/${first[5]!.replace(/-/g, '')}`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600); // valid codes: not readable by others
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('Uw waardebon van € 7,50');
    expect(text).toContain('Grotestraat 14 A');
    expect(text).toContain('7611 XY');
    expect(text).toContain(first[5]!);
    expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Pages:\s+3/);
  }, 120_000);

  it('makes one-time enrolment codes, lists and revokes devices, and reports the totals', () => {
    const made = JSON.parse(cli('enrol-code', '--name', 'Balie Het Anker', '--json').out) as { code: string; expiresAt: string };
    expect(made.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(JSON.parse(cli('devices').out)).toEqual([]);
    expect(cli('revoke', '00000000-0000-4000-8000-000000000000').err).toContain('No device');
    expect(JSON.parse(cli('status').out)).toMatchObject({ counted: 0, contested: 0 });
    expect(JSON.parse(cli('contested').out)).toEqual([]);
  }, 60_000);

  it('marks the change feed restored (feed:restored): a new epoch based on the feed as it is', async () => {
    const epoch = async () => (await ledger.db.select().from(tenants))[0]!;
    const before = await epoch();
    const run = cli('feed:restored');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('Marked the change feed of 1 municipality(ies) as restored');
    const after = await epoch();
    expect(after.feedEpoch).not.toBe(before.feedEpoch);
    expect(after.feedBase).toBe(after.changeSeq);
  }, 60_000);

  it('keeps the budget account: reservations, a transfer with its reason, refusals in words, the account and its lines', () => {
    const year = '2027';
    expect(
      cli('budget:reserve', '--district', 'WK014110', '--amount', '1000,00', '--reason', 'Raadsbesluit 2027', '--year', year).out,
    ).toContain('Reservation saved');
    expect(
      cli('budget:reserve', '--district', 'WK014120', '--amount', '200,00', '--reason', 'Raadsbesluit 2027', '--year', year).code,
    ).toBe(0);
    const moved = cli(
      'budget:transfer',
      '--from',
      'WK014110',
      '--to',
      'WK014120',
      '--amount',
      '150,00',
      '--reason',
      'Aadorp heeft meer initiatieven',
      '--year',
      year,
    );
    expect(moved.out).toContain('Transferred € 150,00 from WK014110 to WK014120 (2027).');
    const tooMuch = cli(
      'budget:transfer',
      '--from',
      'WK014110',
      '--to',
      'WK014120',
      '--amount',
      '900,00',
      '--reason',
      'Te veel gevraagd',
      '--year',
      year,
    );
    expect(tooMuch.code).not.toBe(0);
    expect(tooMuch.err).toContain('Zoveel ruimte heeft de wijk niet meer. (no-room)');
    expect(cli('budget:transfer', '--from', 'WK014110', '--to', 'WK014120', '--amount', '1,00', '--year', year).err).toContain(
      'Missing --reason',
    );
    expect(cli('budget:payout', '--initiative', '4242', '--amount', '1,00', '--reference', 'B-1').err).toContain('(unknown-initiative)');

    const shown = JSON.parse(cli('budget:show', '--year', year, '--json').out) as { districtCode: string; roomCents: number }[];
    expect(shown.find((a) => a.districtCode === 'WK014110')?.roomCents).toBe(85_000);
    expect(shown.find((a) => a.districtCode === 'WK014120')?.roomCents).toBe(35_000);
    const lines = JSON.parse(cli('budget:history', '--year', year).out) as { kind: string; reason: string; actor: string }[];
    expect(lines.map((l) => l.kind)).toEqual(['reservation', 'reservation', 'transfer']);
    expect(lines[2]).toMatchObject({ reason: 'Aadorp heeft meer initiatieven', actor: expect.stringMatching(/^beheerder /) });
  }, 120_000);

  it('says what is wrong, in one line, for mistakes', async () => {
    const help = cli();
    expect(help.code).toBe(2);
    expect(help.out).toContain('enrol-code --name <device>');
    expect(cli('bogus').err).toContain('Unknown command "bogus"');
    expect(cli('round:create', '--id', 'x', '--value', '7,50', '--from', '2027-01-01', '--until', '2027-06-30').err).toContain(
      'A round id looks like 2027-1',
    );
    expect(cli('round:create', '--id', '2027-2', '--value', 'zeven', '--from', '2027-01-01', '--until', '2027-06-30').err).toContain(
      '--value: write an amount like 7,50.',
    );
    expect(cli('settle', '00000000-0000-4000-8000-000000000000', '--keep-other').err).toContain('Missing --note');
    expect(cli('batch:import', path.join(dir, 'adressen.csv')).err).toContain('not a Buurtbalie batch file');
    expect(cli('devices', '--tenant', 'nergens').err).toContain('Unknown municipality (tenant) "nergens"');
    // An id that is not one, a number that is not one, a file that is not there: the command's own words, never a
    // failed database query or a raw system error.
    const mistakes = [
      [['decide', 'R-17', '--confirm', '--note', 'x'], 'redemption id: "R-17" is not an id'],
      [['device:report', 'balie-1'], 'device id: "balie-1" is not an id'],
      [['audit:show', '--device', 'balie-1'], '--device: "balie-1" is not an id'],
      [['enrol-code', '--name', 'Balie', '--hours', 'veel'], '--hours: a whole number from 1 to 2160.'],
      [['batch:import', path.join(dir, 'er-niet.json')], `Cannot read ${path.join(dir, 'er-niet.json')}: there is no such file.`],
    ] as const;
    // At once, each its own process. The helpers behind every such option: tests/unit/admin-args.test.ts.
    const runs = await Promise.all(mistakes.map(([args]) => cliAsync(...args)));
    for (const [i, [args, says]] of mistakes.entries()) {
      const run = runs[i]!;
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err.trim(), args.join(' ')).toEqual(says.endsWith('.') ? says : expect.stringContaining(says));
      expect(run.err).not.toMatch(/Failed|query|ENOENT|EISDIR/);
    }
  }, 180_000);
});
