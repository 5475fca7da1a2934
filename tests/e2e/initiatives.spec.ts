import { DEMO_DIRECTOR, expect, expectAccessible, logIn, setUpDemoDevice, test } from './fixtures';

test('a wijkregisseur approves an initiative in review; the history says who and when', async ({ page, harness }) => {
  await setUpDemoDevice(harness);
  await page.goto(harness.url);
  await logIn(page, DEMO_DIRECTOR);
  await page.getByRole('link', { name: 'Initiatieven', exact: true }).click();
  await page.getByLabel('Zoek op naam of nummer').fill('panna');
  await expect(page.getByRole('row')).toHaveCount(2);
  await page.getByRole('link', { name: 'Pannaveldje' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pannaveldje' })).toBeVisible();
  await expect(page.getByTestId('initiative-status')).toHaveText('In beoordeling');
  await expectAccessible(page, 'initiative detail');

  // The assessment first: every condition met.
  const form = page.getByRole('form', { name: 'Beoordeling aan de voorwaarden' });
  for (const radio of await form.getByRole('radio', { name: 'Voldaan', exact: true }).all()) await radio.check();
  await expect(form.getByText('Alle voorwaarden zijn beantwoord en voldaan: goedkeuren kan.')).toBeVisible();
  await form.getByRole('button', { name: 'Beoordeling opslaan' }).click();
  await expect(page.getByText('De beoordeling is opgeslagen.')).toBeVisible();
  await expectAccessible(page, 'assessment form');
  await page.getByRole('button', { name: 'Afwijzen' }).click();
  await expect(page.getByRole('button', { name: 'Afwijzen' }).last()).toBeDisabled();
  await page.getByRole('button', { name: 'Goedkeuren (naar spaarfase)' }).first().click();
  await page.getByRole('button', { name: 'Goedkeuren (naar spaarfase)' }).last().click();
  await expect(page.getByText('De status is nu: Spaarfase.')).toBeVisible();
  await expect(page.getByTestId('initiative-status')).toHaveText('Spaarfase');
  await expect(page.getByTestId('initiative-history')).toContainText(
    'Goedkeuren (naar spaarfase) (In beoordeling → Spaarfase) — Demo Wijkregisseur',
  );
  await page.getByRole('link', { name: 'Terug naar de lijst' }).click();
  await page.getByLabel('Volgorde').selectOption('closest');
  await expect(page.getByRole('row').nth(1)).toContainText(/Picknicktafel|Kunstwerk|Boomspiegels/);
});
