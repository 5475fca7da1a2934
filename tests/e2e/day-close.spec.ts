import { DEMO_CLERK, DEMO_DIRECTOR, demoCodes, expect, expectAccessible, logIn, setUpDemoDevice, test } from './fixtures';

const [first, second] = demoCodes(2) as [string, string];

test('reverses a donation only with a wijkregisseur PIN, then closes the day', async ({ page, harness }) => {
  await setUpDemoDevice(harness);
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.getByRole('link', { name: 'Inwisselen', exact: true }).click();
  for (const code of [first, second]) {
    await page.getByLabel('Code van de waardebon').fill(code);
    await page.getByLabel('Code van de waardebon').press('Enter');
    await page.getByRole('radio', { name: /1001 · Bankjes/ }).check();
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('button', { name: 'Volgende bewoner' }).click();
  }

  await page.getByRole('link', { name: 'Dagafsluiting', exact: true }).click();
  await expect(page.getByTestId('today-table').getByRole('row')).toHaveCount(3);
  await expectAccessible(page, 'day close with donations');
  await page
    .getByTestId('today-table')
    .getByRole('button', { name: /Terugdraaien/ })
    .first()
    .click();
  const form = page.getByRole('form', { name: /Donatie .* terugdraaien/ });
  await form.getByLabel('Reden (minstens 5 tekens)').fill('Verkeerd initiatief gekozen');
  await form.getByLabel('Wijkregisseur', { exact: true }).selectOption({ label: DEMO_DIRECTOR.name });
  await form.getByLabel('Pincode van de wijkregisseur').fill('11112');
  await form.getByRole('button', { name: 'Terugdraaien bevestigen' }).click();
  await expect(form.getByRole('alert')).toContainText('De pincode klopt niet');
  await expect(page.getByTestId('today-table')).not.toContainText('Teruggedraaid');
  await form.getByLabel('Pincode van de wijkregisseur').fill(DEMO_DIRECTOR.pin);
  await form.getByRole('button', { name: 'Terugdraaien bevestigen' }).click();
  await expect(page.getByText('De donatie is teruggedraaid. Goedgekeurd door Demo Wijkregisseur.')).toBeVisible();
  await expect(page.getByTestId('today-table')).toContainText('Teruggedraaid');

  await page.getByRole('button', { name: 'Toon tussenstand' }).click();
  await expect(page.getByTestId('report-X')).toContainText('Tussenstand (X)');
  await expect(page.getByTestId('report-net')).toHaveText('€ 7,50');

  await page.getByRole('button', { name: 'Dag afsluiten (Z)' }).click();
  await expect(page.getByText('Na het afsluiten gaan nieuwe donaties naar de volgende dag.')).toBeVisible();
  await page.getByRole('button', { name: 'Ja, sluit de dag af' }).click();
  await expect(page.getByTestId('report-Z')).toContainText('Dagafsluiting Z 1');
  await expect(page.getByTestId('report-Z')).toContainText('1001 · Bankjes bij de vijver: 2 donaties, 1 teruggedraaid — € 7,50');
  await expect(page.getByTestId('report-Z')).toContainText('Demo Baliemedewerker: 2 donaties — € 15,00; 1 terugdraaiing gedaan');
  await expect(page.getByTestId('report-Z')).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(page.getByRole('button', { name: /Bekijk Z 1/ })).toBeVisible();
  // After the Z: the old reversal message is gone, the screen says the day is closed and which day comes next,
  // and the Z cannot be pressed again.
  await expect(page.getByText('De donatie is teruggedraaid.')).toHaveCount(0);
  await expect(page.getByText(/Vandaag is afgesloten met Z-rapport 1 om \d\d:\d\d\. Nieuwe donaties horen bij/)).toBeVisible();
  await expect(page.getByText('Nog geen donaties op deze dag.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Dag afsluiten (Z)' })).toHaveCount(0);
  await expect(page.getByText('Vandaag is al afgesloten (Z 1).')).toBeVisible();
  await expectAccessible(page, 'day close after Z');
});
