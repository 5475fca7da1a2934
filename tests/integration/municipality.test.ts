/**
 * Any municipality on the same ledger (issue 17): a municipality is made with its own districts, name, platform and
 * voucher value; a device enrolled there prints, shows and reports that — nothing of Almelo's comes from code —,
 * rounds take its voucher value, and its letters carry its platform. Real ledger on PostgreSQL, real device, real
 * PDFs read back with pdftotext.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { addInitiative, createEnrolmentCodeFor, generateCodes, importAddresses, printFile, tenantProfile } from '../../server/admin/ops';
import { lettersPdf } from '../../server/admin/letters';
import { rounds, vouchers } from '../../server/db/schema';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';
import { freshLedger, type TestLedger } from '../helpers/ledger';
import { makeApp, root, setUpDevice, unwrap, type TestApp } from '../helpers/app';

const apps: TestApp[] = [];
let ledger: TestLedger;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-municipality-'));
afterAll(async () => {
  for (const t of apps) t.app.close();
  await ledger?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'admin', 'cli.ts'), ...args], {
    env: { ...process.env, DATABASE_URL: ledger.url },
    encoding: 'utf8',
  });
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('another municipality on the same ledger', () => {
  it('is made with its own districts, platform and voucher value, and everything it prints says so', async () => {
    ledger = await freshLedger();
    const districts = path.join(tmp, 'hengelo-wijken.csv');
    fs.writeFileSync(
      districts,
      'wijk_code,wijk_name,kind\nWK016401,Hengelo Centrum,wijk\nWK016402,Hasseler Es,wijk\nWK016403,Beckum,dorp\n',
    );
    // Without its districts a municipality is refused (it would get Almelo's).
    const refused = cli(['tenant:create', 'hengelo', 'Gemeente Hengelo', '--platform', 'Hengelo Doet']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--districts');
    const made = cli([
      'tenant:create',
      'hengelo',
      'Gemeente Hengelo',
      '--districts',
      districts,
      '--platform',
      'Hengelo Doet',
      '--platform-url',
      'https://www.hengelodoet.nl',
      '--value',
      '10,00',
    ]);
    expect(made.status, made.stderr).toBe(0);
    expect(await tenantProfile(ledger.db, 'hengelo')).toEqual({
      id: 'hengelo',
      name: 'Gemeente Hengelo',
      platformName: 'Hengelo Doet',
      platformUrl: 'https://www.hengelodoet.nl',
      voucherValueCents: 1000,
    });
    // A round without --value takes the municipality's voucher value.
    const round = cli([
      'round:create',
      '--tenant',
      'hengelo',
      '--id',
      '2026-2',
      '--from',
      '2026-07-01',
      '--until',
      '2027-06-30',
      '--status',
      'open',
    ]);
    expect(round.status, round.stderr).toBe(0);
    const [saved] = await ledger.db
      .select()
      .from(rounds)
      .where(and(eq(rounds.tenantId, 'hengelo'), eq(rounds.id, '2026-2')));
    expect(saved?.valueCents).toBe(1000);

    await importAddresses(
      ledger.db,
      'hengelo',
      'postcode,house_number,addition,street,buurt_code,district_code\n7551AB,1,,Teststraat,,WK016401\n7551AB,2,,Teststraat,,WK016403\n',
    );
    await generateCodes(ledger.db, 'hengelo', '2026-2');
    const initiative = await addInitiative(ledger.db, 'hengelo', {
      title: 'Speeltuin Beckum',
      summary: 'Nieuwe toestellen.',
      districtCode: 'WK016403',
      theme: 'spelen',
      status: 'spaarfase',
      targetCents: 100_000,
      deadline: null,
    });

    // A device enrolled at Hengelo learns its municipality and platform.
    const url = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
    const t = makeApp({ appOptions: { clock: () => new Date() } });
    apps.push(t);
    const { admin } = await setUpDevice(t, false);
    const { code } = await createEnrolmentCodeFor(ledger.db, 'hengelo', 'Balie Hengelo');
    unwrap(await admin.call('sync:enrol', { serverUrl: url, code }));
    await t.app.sync!.run();
    const status = unwrap(await admin.call('app:status', {}));
    expect(status.municipality).toEqual({ name: 'Gemeente Hengelo', platform: 'Hengelo Doet' });
    expect(unwrap(await admin.call('settings:get', {})).platformUrl).toBe('https://www.hengelodoet.nl');

    const clerkRow = unwrap(await admin.call('staff:create', { name: 'Balie Hengelo', role: 'baliemedewerker', pin: '24680' }));
    const clerk = t.connect();
    unwrap(await clerk.call('session:login', { staffId: clerkRow.id, pin: '24680' }));
    const [voucher] = await ledger.db.select().from(vouchers).where(eq(vouchers.tenantId, 'hengelo'));
    const local = unwrap(await clerk.call('initiatives:list', {})).find((i) => i.number === initiative.number);
    const r = unwrap(
      await clerk.call('vouchers:redeem', {
        code: formatVoucherCode(voucher!.code as CanonicalCode),
        parts: [{ initiativeId: local!.id, amountCents: 1000 }],
      }),
    );
    // The receipt (PDF: no printer set up) says Hengelo's platform and municipality, nothing of Almelo.
    const dir = path.join(t.dir, 'bonnen', r.businessDay);
    for (let i = 0; i < 50 && !fs.existsSync(path.join(dir, `bon-${r.receiptNo}.pdf`)); i++) await new Promise((ok) => setTimeout(ok, 100));
    const receipt = pdfText(path.join(dir, `bon-${r.receiptNo}.pdf`));
    expect(receipt).toContain('Hengelo Doet');
    expect(receipt).toContain('Gemeente Hengelo');
    expect(receipt).toContain('€ 10,00');
    expect(receipt).not.toContain('Almelo');

    // The letters: the municipality's platform and name.
    const lines = await printFile(ledger.db, 'hengelo', '2026-2', 'https://www.hengelodoet.nl');
    const letters = path.join(tmp, 'brieven.pdf');
    fs.writeFileSync(
      letters,
      await lettersPdf(lines, 1000, '2027-06-30T00:00:00Z', path.join(root, 'resources', 'fonts'), {
        municipality: 'Gemeente Hengelo',
        platform: 'Hengelo Doet',
      }),
    );
    const text = pdfText(letters);
    expect(text).toContain('Hengelo Doet');
    expect(text).toContain('Gemeente Hengelo');
    expect(text).not.toContain('Almelo');
  }, 90_000);
});
