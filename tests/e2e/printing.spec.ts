import type { Page } from '@playwright/test';
import { closedPort, decodeReceipt, startFakePrinter } from '../helpers/fake-printer';
import { ADMIN, DEMO_CLERK, demoCodes, expect, logIn, test, type Harness } from './fixtures';

const [first, second] = demoCodes(2) as [string, string];

async function setUpWithPrinter(harness: Harness, address: string): Promise<void> {
  const setup = await harness.call('setup:complete', {
    deviceName: 'Balie 1',
    servicePoint: 'Wijkcentrum De Schelf',
    adminName: ADMIN.name,
    adminPin: ADMIN.pin,
    demo: true,
  });
  expect(setup.ok).toBe(true);
  const saved = await harness.call('settings:update', {
    printer: { mode: 'network', profile: 'epson', address, systemName: '', paper: 80 },
  });
  expect(saved.ok).toBe(true);
  await harness.call('session:logout');
}

async function redeem(page: Page, code: string): Promise<void> {
  await page.getByRole('link', { name: 'Inwisselen', exact: true }).click();
  await page.getByLabel('Code van de waardebon').fill(code);
  await page.getByLabel('Code van de waardebon').press('Enter');
  await page.getByRole('radio', { name: /1001 · Bankjes/ }).check();
  await page.getByRole('button', { name: 'Bevestigen' }).click();
}

test('a redeemed voucher prints on the counter printer, and a reprint says KOPIE 1', async ({ page, harness }) => {
  const printer = await startFakePrinter();
  try {
    await setUpWithPrinter(harness, printer.address);
    await page.goto(harness.url);
    await logIn(page, DEMO_CLERK);
    await redeem(page, first);
    await expect(page.getByText('Bon 1 gaat naar de printer.')).toBeVisible();
    await expect.poll(() => printer.jobs.length).toBe(1);
    expect(decodeReceipt(printer.jobs[0]!)).toContain('Donatie');
    expect(decodeReceipt(printer.jobs[0]!)).toContain('€ 7,50');
    await page.getByRole('button', { name: 'Kopie afdrukken' }).click();
    await expect(page.getByText('Kopie 1 van bon 1 gaat naar de printer.')).toBeVisible();
    await expect.poll(() => printer.jobs.length).toBe(2);
    expect(decodeReceipt(printer.jobs[1]!)).toContain('KOPIE 1');
  } finally {
    await printer.close();
  }
});

test('a printer that is off never blocks the counter: the status bar says so and the receipt can be saved as PDF', async ({
  page,
  harness,
}) => {
  await setUpWithPrinter(harness, `127.0.0.1:${await closedPort()}`);
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await redeem(page, second);
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page.getByTestId('status-print')).toContainText('Printer: 1 bon niet afgedrukt');
  await page.getByRole('button', { name: 'Als PDF bewaren' }).click();
  await expect(page.getByTestId('status-print')).toContainText('1 bon als PDF bewaard in');
  await expect(page.getByTestId('status-print')).not.toContainText('niet afgedrukt');
});
