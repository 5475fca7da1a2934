import { ADMIN, expect, expectAccessible, test } from './fixtures';

test('first start: set up the device and the first beheerder, then land in the app shell', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Dit apparaat inrichten' })).toBeVisible();
  await expectAccessible(page, 'setup screen');

  // Mistakes are explained next to the field.
  await page.getByLabel('Naam van dit apparaat').fill('Balie 1');
  await page.getByLabel('Servicepunt').fill('Wijkcentrum De Schelf');
  await page.getByLabel('Naam', { exact: true }).fill(ADMIN.name);
  await page.getByLabel('Pincode (5 tot 8 cijfers)').fill('12345');
  await page.getByLabel('Pincode nog een keer').fill('12345');
  await page.getByRole('button', { name: 'Apparaat inrichten' }).click();
  await expect(page.getByText('Deze pincode is te makkelijk te raden. Kies een andere.')).toBeVisible();
  await expect(page.getByLabel('Pincode (5 tot 8 cijfers)')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Pincode (5 tot 8 cijfers)').fill(ADMIN.pin);
  await page.getByLabel('Pincode nog een keer').fill('25815');
  await page.getByRole('button', { name: 'Apparaat inrichten' }).click();
  await expect(page.getByText('De twee pincodes zijn niet gelijk.')).toBeVisible();

  await page.getByLabel('Pincode nog een keer').fill(ADMIN.pin);
  await expect(page.getByLabel('Dit is een demo-apparaat. Vul voorbeeldgegevens in.')).toBeChecked();
  await page.getByRole('button', { name: 'Apparaat inrichten' }).click();

  // The shell: status bar with the ledger's state, last sync, unsent items and who is logged in.
  await expect(page.getByTestId('status-user')).toHaveText('Ingelogd: Anna Beheer (beheerder)');
  await expect(page.getByTestId('status-online')).toHaveText('Niet gekoppeld aan het grootboek');
  await expect(page.getByTestId('status-last-sync')).toHaveText('Nog niet gesynchroniseerd');
  await expect(page.getByTestId('status-unsent')).toHaveText('0 items nog niet verzonden');
  await expect(page.getByText('Demo-apparaat', { exact: true })).toBeVisible();
  await expect(page.getByText('Wijkcentrum De Schelf · Balie 1')).toBeVisible();

  // A reload keeps the device set up and the session open.
  await page.reload();
  await expect(page.getByTestId('status-user')).toContainText(ADMIN.name);
});

test('the status bar says the ledger is not linked, with or without a network', async ({ page, harness, context }) => {
  await harness.call('setup:complete', {
    deviceName: 'Laptop 3',
    servicePoint: 'Thuisbezoek',
    adminName: ADMIN.name,
    adminPin: ADMIN.pin,
    demo: false,
  });
  await harness.call('session:logout');
  await page.goto(harness.url);
  await page.getByLabel('Uw naam').selectOption({ label: ADMIN.name });
  await page.getByLabel('Pincode').fill(ADMIN.pin);
  await page.keyboard.press('Enter');
  // Whether the ledger answers is what matters (sync.spec.ts shows "bereikbaar" and "niet bereikbaar");
  // a device without a ledger keeps its data here whatever the network does.
  await expect(page.getByTestId('status-online')).toHaveText('Niet gekoppeld aan het grootboek');
  await context.setOffline(true);
  await expect(page.getByTestId('status-online')).toHaveText('Niet gekoppeld aan het grootboek');
  await context.setOffline(false);
});
