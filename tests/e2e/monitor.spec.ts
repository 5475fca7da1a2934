/**
 * The monitor by keyboard alone, as a wijkregisseur on a demo device: the figures say where they come from,
 * participation per district with its chart and table, the rounds, the budget account adding up to the
 * council's reservation, and what the money went to; axe on the screen with the day table opened.
 */
import fs from 'node:fs';
import type { Locator } from '@playwright/test';
import { DEMO_DIRECTOR, expect, expectAccessible, setUpDemoDevice, test } from './fixtures';

test.beforeEach(async ({ harness }) => setUpDemoDevice(harness));

const press = async (target: Locator, key: string) => {
  await target.focus();
  await target.press(key);
};

test('a wijkregisseur reads the monitor by keyboard: participation, rounds, the budget and its lines', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByLabel('Uw naam').selectOption({ label: DEMO_DIRECTOR.name });
  await page.getByLabel('Pincode').fill(DEMO_DIRECTOR.pin);
  await page.keyboard.press('Enter');
  await press(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Monitor' }), 'Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Monitor' })).toBeVisible();

  // A demo device alone: its own figures, and it says so (households made up, first-timers only at the ledger).
  await expect(page.getByTestId('monitor-source')).toContainText('alleen de cijfers van dit apparaat');
  await expect(page.getByTestId('monitor-source')).toContainText('verzonnen voor deze demo');

  const participation = page.getByRole('region', { name: /Deelname in ronde/ });
  await expect(participation.getByRole('row')).toHaveCount(14); // header, 12 districts and villages, the municipality
  const whole = participation.getByRole('row', { name: /Hele gemeente/ });
  await expect(whole.getByRole('cell').first()).toHaveText('33.795');
  await expect(page.getByTestId('chart-activation').locator('figcaption')).toContainText('Staafdiagram');
  await expect(page.getByTestId('chart-activation').locator('svg').first()).toBeVisible();

  // The running round's forecast, in words (the demo round has run for a while).
  await expect(page.getByRole('heading', { name: /^Verwachting voor ronde/ })).toBeVisible();
  await expect(page.getByTestId('forecast')).toContainText('Verwacht aan het eind');

  // The budget: the council's € 203.000 reserved over the districts, the room on the municipality's line.
  const budget = page.getByRole('region', { name: /^Budget \d{4}$/ });
  await expect(
    budget
      .getByRole('row', { name: /Hele gemeente/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('€ 203.000,00');
  await expect(page.getByTestId('themes-table').getByRole('row').nth(1)).toBeVisible();
  // What the money went to, for one district: chosen with the keyboard.
  const themesOf = page.getByLabel('Thema’s en statussen van', { exact: true });
  const allRows = await page.getByTestId('themes-table').getByRole('row').count();
  await press(themesOf, 'ArrowDown');
  await expect(themesOf).toHaveValue('WK014110');
  await expect.poll(() => page.getByTestId('themes-table').getByRole('row').count()).toBeLessThan(allRows);

  // The day table of the activation curve opens with the keyboard; the wide tables scroll by keyboard too.
  const details = page.getByText('Toon de cijfers per dag');
  if (await details.count()) {
    await press(details, 'Enter');
    await expect(page.getByTestId('curve-table')).toBeVisible();
  }
  await expectAccessible(page, 'monitor');

  const year = page.getByLabel('Begrotingsjaar');
  await expect(year).toHaveValue(String(new Date().getFullYear()));

  // Reports by keyboard: the round evaluation with a remark, and the jaarverantwoording as a spreadsheet.
  const remarks = page.getByLabel('Opmerkingen (komen in het rapport)');
  await remarks.focus();
  await page.keyboard.type('Drukke ronde aan de balie.');
  const evaluation = page.waitForEvent('download');
  await press(page.getByRole('button', { name: 'Evaluatie maken (PDF)' }), 'Enter');
  const pdf = await evaluation;
  expect(pdf.suggestedFilename()).toMatch(/^evaluatie-ronde-.+\.pdf$/);
  expect(fs.statSync(await pdf.path()).size).toBeGreaterThan(5_000);
  await expect(page.getByText(/Het bestand evaluatie-ronde-.+\.pdf is gemaakt\./)).toBeVisible();
  const annual = page.waitForEvent('download');
  await press(page.getByRole('button', { name: 'Als Excel-bestand' }), 'Enter');
  expect((await annual).suggestedFilename()).toBe(`jaarverantwoording-${new Date().getFullYear()}-gemeente.xlsx`);
  await expectAccessible(page, 'monitor after the reports');
});
