/**
 * Nieuw initiatief end to end: a clerk registers an initiative for a resident with the keyboard
 * (Tab to a field, type, Enter for the next step), the resident leaves halfway and comes back, the
 * form names what is missing next to the field, a wijkregisseur assesses and approves it, and it
 * appears in the redeem screen's list. Axe on every step.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_CLERK, DEMO_DIRECTOR, demoCodes, expect, expectAccessible, logIn, root, setUpDemoDevice, test } from './fixtures';

/** Keyboard only: press Tab until the field with this label has the focus, then type. */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      if (!el) return '';
      if (el.tagName === 'BUTTON') return (el.textContent ?? '').trim();
      const byFor = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return (byFor ?? el.closest('label')?.textContent ?? '').trim();
    });
    if (here === label) return;
  }
  throw new Error(`no field "${label}" reached with Tab`);
}
async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await tabTo(page, label);
  await page.keyboard.type(text);
}
/** To the next step as a keyboard user does: Tab to "Volgende" and press Enter (Enter in a select does not submit). */
async function next(page: Page): Promise<void> {
  await tabTo(page, 'Volgende');
  await page.keyboard.press('Enter');
}
const step = (page: Page, name: string) => expect(page.getByRole('heading', { level: 1 })).toHaveText(`Nieuw initiatief: ${name}`);

test('register an initiative for a resident with the keyboard, leave halfway and resume, assess it, redeem for it', async ({
  harness,
  page,
}) => {
  test.setTimeout(120_000);
  await setUpDemoDevice(harness);
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.getByRole('link', { name: 'Initiatieven', exact: true }).click();
  await page.getByRole('link', { name: 'Nieuw initiatief aanmelden' }).focus();
  await page.keyboard.press('Enter');
  await step(page, 'Wat');
  await expectAccessible(page, 'register: what');

  // Enter on an empty step: the problems appear next to the fields, and the first one gets the focus.
  await typeInto(page, 'Naam van het initiatief', 'Jeu');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Geef het initiatief een naam van minstens 5 tekens.')).toBeVisible();
  await expect(page.getByLabel('Naam van het initiatief')).toBeFocused();
  await expectAccessible(page, 'register: what, with problems');
  await page.keyboard.type('-de-boulesbaan bij de Esch');
  await typeInto(page, 'Korte beschrijving', 'Een baan voor jeu de boules, open voor iedereen.');
  await typeInto(page, 'Wat gaat er gebeuren, en voor wie?', 'Een jeu-de-boulesbaan op het grasveld, zodat buren elkaar vaker zien.');
  await typeInto(page, 'Thema', 'Ontmoeting');
  // A photo of the idea, from a file (the file dialog itself is the operating system's).
  await page.getByLabel("Foto's van het idee").setInputFiles(path.join(root, 'resources', 'printer', 'logo.png'));
  await expect(page.getByRole('img', { name: 'Foto 1' })).toBeVisible();
  await next(page);
  await step(page, 'Waar');
  await typeInto(page, 'Wijk of dorp', 'Sluitersveld');
  await typeInto(page, 'Waar precies?', 'Grasveld hoek Eschlaan');
  await page.keyboard.press('Enter'); // Enter in a text field goes on
  await step(page, 'Geld');
  // Saved as it is now (this step and everything typed before it), then the resident leaves.
  await expect(page.getByTestId('register-saved')).toHaveAttribute('data-saved-step', 'geld');

  // The resident has to go: log out. Another day, another session: carry on with the draft.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, DEMO_CLERK);
  await page.getByRole('link', { name: 'Initiatieven', exact: true }).click();
  await page.getByRole('link', { name: 'Verder met Jeu-de-boulesbaan bij de Esch' }).click();
  await step(page, 'Geld');
  await typeInto(page, 'Kostenpost 1', 'Grind en randen');
  await typeInto(page, 'Bedrag 1 in euro', '450,00');
  await tabTo(page, 'Zijn er later kosten voor onderhoud of vervanging?');
  await page.keyboard.type('Nee');
  await expect(page.getByTestId('register-target')).toHaveText('Streefbedrag: € 450,00');
  await expectAccessible(page, 'register: money');
  await next(page);
  await step(page, 'Wie');
  await typeInto(page, 'Naam', 'Fatima El Amrani');
  await typeInto(page, 'Postcode', '7603 AB');
  await typeInto(page, 'Huisnummer', '12');
  await typeInto(page, 'Telefoonnummer', '06 12345678');
  await typeInto(page, 'Naam', 'Henk de Vries');
  await typeInto(page, 'Postcode', '7603 AB');
  await typeInto(page, 'Huisnummer', '12'); // the same address as the initiator: not allowed
  await typeInto(page, 'Naam', 'Ans Bosman');
  await typeInto(page, 'Postcode', '7603 AC');
  await typeInto(page, 'Huisnummer', '3');
  await tabTo(page, 'De bewoners geven toestemming dat wij contact met hen opnemen over dit initiatief (AVG). De datum wordt bewaard.');
  await page.keyboard.press('Space');
  await next(page);
  await expect(page.getByText('Iedereen woont op een ander adres: minstens drie adressen in totaal.')).toBeVisible();
  await expectAccessible(page, 'register: who, with a problem');
  // The focus is on the field with the problem (Henk's postcode); the house number is the next field.
  await expect(page.getByLabel('Postcode').nth(1)).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('14');
  await next(page);
  await step(page, 'Hulp');
  await next(page);
  await step(page, 'Draagvlak');
  await typeInto(page, 'Hoe laat de buurt zien dat zij het wil?', 'Handtekeningen');
  await typeInto(page, 'Wat is er gedaan? (bijvoorbeeld: 40 handtekeningen)', '32 handtekeningen uit de straat');
  await next(page);
  await step(page, 'Planning');
  // Date fields: how a date is typed depends on the browser's locale; fill() sets the ISO value.
  await page.getByLabel('Sparen tot').fill('2027-03-01');
  await page.getByLabel('Uitvoeren op').fill('2027-04-15');
  await page.getByLabel('Uitvoeren op').press('Enter');
  await step(page, 'Controleren');
  await expect(page.getByTestId('register-summary')).toContainText('€ 450,00');
  await expect(page.getByText('Alles is ingevuld.')).toBeVisible();
  await expectAccessible(page, 'register: check');
  await page.getByRole('button', { name: 'Indienen' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Jeu-de-boulesbaan bij de Esch' })).toBeVisible();
  await expect(page.getByTestId('initiative-status')).toHaveText('Ingediend');
  await expect(page.getByRole('img', { name: 'Foto 1' })).toBeVisible(); // the draft's photo came along
  await expect(page.getByTestId('budget-lines')).toContainText('Grind en randen');
  await expect(page.getByTestId('budget-lines')).toContainText('€ 450,00');
  await expectAccessible(page, 'registered initiative with its photo');

  // The wijkregisseur assesses it and approves it.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, DEMO_DIRECTOR);
  await page.getByRole('link', { name: 'Initiatieven', exact: true }).click();
  await page.getByLabel('Zoek op naam of nummer').fill('boules');
  await page.getByRole('link', { name: 'Jeu-de-boulesbaan bij de Esch' }).click();
  await page.getByRole('button', { name: 'Beoordeling starten' }).first().click();
  if ((await page.getByRole('button', { name: 'Beoordeling starten' }).count()) > 0)
    await page.getByRole('button', { name: 'Beoordeling starten' }).last().click();
  await expect(page.getByTestId('initiative-status')).toHaveText('In beoordeling');
  const form = page.getByRole('form', { name: 'Beoordeling aan de voorwaarden' });
  for (const radio of await form.getByRole('radio', { name: 'Voldaan', exact: true }).all()) await radio.check();
  await form.getByRole('button', { name: 'Beoordeling opslaan' }).click();
  await expect(page.getByText('De beoordeling is opgeslagen.')).toBeVisible();
  await page.getByRole('button', { name: 'Goedkeuren (naar spaarfase)' }).first().click();
  await page.getByRole('button', { name: 'Goedkeuren (naar spaarfase)' }).last().click();
  await expect(page.getByTestId('initiative-status')).toHaveText('Spaarfase');

  // Now the counter can take a voucher for it.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, DEMO_CLERK);
  await page.getByRole('link', { name: 'Inwisselen', exact: true }).click();
  await page.getByLabel('Code van de waardebon').fill(demoCodes(1)[0]!);
  await page.getByLabel('Code van de waardebon').press('Enter');
  await page.getByLabel('Zoek op naam of nummer').fill('boules');
  await expect(page.getByRole('radio', { name: /Jeu-de-boulesbaan bij de Esch/ })).toBeVisible();
});
