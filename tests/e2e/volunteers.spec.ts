import { DEMO_CLERK, expect, expectAccessible, logIn, setUpDemoDevice, test } from './fixtures';

test('signs a resident up as a volunteer, shows the data on request, and erases it on request', async ({ page, harness }) => {
  await setUpDemoDevice(harness);
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.getByRole('link', { name: 'Vrijwilligers', exact: true }).click();
  await page.getByLabel('Initiatief').selectOption({ label: '1002 · Moestuin voor de buurt' });
  await expect(page.getByTestId('needs')).toContainText('Gezocht: 4 vrijwilligers');
  await expect(page.getByTestId('needs')).toContainText('aangemeld: 0');
  await expectAccessible(page, 'volunteers');
  await page.getByLabel('Naam').fill('Jan Jansen');
  await page.getByLabel('Telefoon of e-mail').fill('jan@example.org');
  await page.getByLabel('Wat kan of geeft de bewoner?').fill('Bakken timmeren');
  await expect(page.getByRole('button', { name: 'Aanmelden' })).toBeDisabled();
  await page.getByLabel(/toestemming/).check();
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page.getByText('De aanmelding is bewaard.')).toBeVisible();
  await expect(page.getByTestId('needs')).toContainText('aangemeld: 1');
  await page.getByRole('button', { name: 'Gegevens inzien Jan Jansen' }).click();
  await expect(page.getByTestId('export')).toContainText('jan@example.org');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Gegevens wissen Jan Jansen' }).click();
  await expect(page.getByText('De gegevens zijn gewist.')).toBeVisible();
  await expect(page.getByTestId('people')).toContainText('[gewist]');
  await expect(page.getByTestId('people')).not.toContainText('Jan Jansen');
});
