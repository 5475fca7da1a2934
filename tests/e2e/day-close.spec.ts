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
  await expect(page.getByTestId('report-Z')).toContainText('Demo Baliemedewerker: 2 × — € 15,00 (teruggedraaid: 1)');
  await expect(page.getByRole('button', { name: /Bekijk Z 1/ })).toBeVisible();
  await expectAccessible(page, 'day close after Z');
  await page.getByRole('button', { name: 'Dag afsluiten (Z)' }).click();
  await page.getByRole('button', { name: 'Ja, sluit de dag af' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze dag is al afgesloten.');
});
