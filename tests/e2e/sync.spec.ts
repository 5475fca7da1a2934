/**
 * End to end: a real ledger process (`tsx server/main.ts` on the real PostgreSQL, a fresh database)
 * set up with the admin CLI; a fresh browser-mode Buurtbalie that the beheerder enrols on the
 * Synchronisatie screen; a clerk redeems a code from the letters' print file; "Nu synchroniseren";
 * the ledger counts it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ADMIN, expect, expectAccessible, logIn, root, test } from './fixtures';

const PG = process.env.BB_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLERK = { name: 'Bea Balie', pin: '24680' };

let databaseUrl = '';
let ledger: ChildProcess | null = null;
let ledgerUrl = '';

const admin = (...args: string[]) =>
  execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'server', 'admin', 'cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  }).toString();

test.beforeAll(async () => {
  const name = `bb_e2e_${randomBytes(5).toString('hex')}`;
  execFileSync('psql', [PG, '-qc', `create database ${name}`]);
  databaseUrl = PG.replace(/\/[^/]*$/, `/${name}`);
  ledger = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'server', 'main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, BB_LEDGER_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  ledgerUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    ledger!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    ledger!.on('exit', (code) => reject(new Error(`ledger exited ${code}: ${out}`)));
  });
  admin('demo', '--addresses', '60');
});

test.afterAll(async () => {
  if (ledger?.pid) process.kill(-ledger.pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  execFileSync('psql', [PG, '-qc', `drop database if exists ${databaseUrl.split('/').pop()} with (force)`]);
});

test('enrol a device in browser mode, redeem a code from the letters, sync, and the ledger counts it', async ({
  harness,
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bb-letters-')), 'letters.csv');
  admin('print:export', '--round', `${new Date().getUTCFullYear()}-${new Date().getUTCMonth() < 6 ? 1 : 2}`, '--csv', csv);
  const code = fs.readFileSync(csv, 'utf8').split('\n')[1]!.split(',')[5]!;
  const enrolment = JSON.parse(admin('enrol-code', '--name', 'Laptop 3', '--json')) as { code: string };

  expect(
    (
      await harness.call('setup:complete', {
        deviceName: 'Laptop 3',
        servicePoint: 'Thuisbezoek',
        adminName: ADMIN.name,
        adminPin: ADMIN.pin,
        demo: false,
      })
    ).ok,
  ).toBe(true);
  expect((await harness.call('staff:create', { name: CLERK.name, role: 'baliemedewerker', pin: CLERK.pin })).ok).toBe(true);
  await harness.call('session:logout');

  await page.goto(harness.url);
  await logIn(page, ADMIN);
  await page.getByRole('link', { name: 'Synchronisatie', exact: true }).click();
  await expect(page.getByText('Dit apparaat is nog niet aangemeld')).toBeVisible();
  await expectAccessible(page, 'sync: not enrolled');
  await page.getByLabel('Adres van het grootboek').fill(ledgerUrl);
  await page.getByLabel('Aanmeldcode').fill(enrolment.code);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page.getByTestId('sync-facts')).toContainText('Gemeente Almelo');
  await expect(page.getByTestId('sync-unsent')).toHaveText('0', { timeout: 30_000 });
  await expectAccessible(page, 'sync: enrolled');
  await page.getByRole('button', { name: 'Uitloggen' }).click();

  await logIn(page, CLERK);
  await page.getByRole('link', { name: 'Inwisselen', exact: true }).click();
  await page.getByLabel('Code van de waardebon').fill(code);
  await page.getByLabel('Code van de waardebon').press('Enter');
  await expect(page.getByTestId('voucher-result')).toContainText('Geldige waardebon: € 7,50');
  await page.getByRole('radio', { name: /1001 · Bankjes bij de vijver/ }).check();
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByTestId('receipt')).toContainText('€ 7,50');

  await page.getByRole('link', { name: 'Synchronisatie', exact: true }).click();
  await expect(page.getByTestId('sync-unsent')).not.toHaveText('0');
  await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
  await expect(page.getByTestId('sync-unsent')).toHaveText('0', { timeout: 30_000 });
  await expectAccessible(page, 'sync: after a run');
  // The status bar says whether the ledger answers, not whether there is a network.
  await expect(page.getByTestId('status-online')).toHaveText('Grootboek bereikbaar');
  await context.setOffline(true);
  await expect(page.getByTestId('status-online')).toHaveText('Grootboek niet bereikbaar');
  await context.setOffline(false);
  await expect(page.getByTestId('status-online')).toHaveText('Grootboek bereikbaar');
  await expect(page.getByTestId('status-clock')).toHaveCount(0);
  const totals = JSON.parse(admin('status')) as { counted: number; countedCents: number };
  expect(totals).toMatchObject({ counted: 1, countedCents: 750 });

  // The device is revoked at the ledger (reported lost). Nothing is lost on it: the next donation waits, the screen
  // says what happened, and the beheerder enrols it again with a code made for this device; then it goes.
  const [device] = JSON.parse(admin('devices')) as { id: string }[];
  admin('revoke', device!.id);
  const second = fs.readFileSync(csv, 'utf8').split('\n')[2]!.split(',')[5]!;
  await page.getByRole('link', { name: 'Inwisselen', exact: true }).click();
  await page.getByLabel('Code van de waardebon').fill(second);
  await page.getByLabel('Code van de waardebon').press('Enter');
  await page.getByRole('radio', { name: /1001 · Bankjes bij de vijver/ }).check();
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByTestId('receipt')).toContainText('€ 7,50');
  await page.getByRole('link', { name: 'Synchronisatie', exact: true }).click();
  await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'afgemeld' })).toContainText('Niets is verloren', { timeout: 30_000 });
  await expect(page.getByTestId('sync-unsent')).toHaveText('1');
  await expectAccessible(page, 'sync: revoked');
  const report = JSON.parse(admin('device:report', device!.id)) as { withheld: { donations: number; cents: number } };
  expect(report.withheld).toMatchObject({ donations: 1, cents: 750 });
  await page.getByRole('button', { name: 'Uitloggen' }).click();

  await logIn(page, ADMIN);
  await page.getByRole('link', { name: 'Synchronisatie', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Opnieuw aanmelden' })).toBeVisible();
  const again = JSON.parse(admin('enrol-code', '--device', device!.id, '--json')) as { code: string };
  await page.getByLabel('Adres van het grootboek').fill(ledgerUrl);
  await page.getByLabel('Aanmeldcode').fill(again.code);
  await page.getByLabel('Aanmeldcode').press('Enter');
  await expect(page.getByText('Dit apparaat is opnieuw aangemeld')).toBeVisible();
  await expect(page.getByTestId('sync-unsent')).toHaveText('0', { timeout: 30_000 });
  await expectAccessible(page, 'sync: enrolled again');
  expect(JSON.parse(admin('status'))).toMatchObject({ counted: 2, countedCents: 1500 });
  expect((JSON.parse(admin('device:report', device!.id)) as { withheld: { events: number } }).withheld.events).toBe(0);
});
