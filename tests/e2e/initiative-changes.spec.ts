/**
 * After "terug naar de initiatiefnemer": the counter sees why, erases a co-organiser who asked for it,
 * changes the registration with the resident in the same form and submits it again; the wijkregisseur
 * finds it back in "Ingediend". The registration itself is made through the API (register.spec.ts
 * drives that form end to end).
 */
import { completeDraft } from '../helpers/registration';
import { conditionIds } from '../../core/conditions';
import { DEMO_CLERK, DEMO_DIRECTOR, expect, expectAccessible, logIn, setUpDemoDevice, test, type Harness } from './fixtures';

async function as(harness: Harness, name: string, pin: string, work: () => Promise<void>): Promise<void> {
  const options = (await harness.call('staff:login-options')).value as { id: string; name: string }[];
  expect((await harness.call('session:login', { staffId: options.find((o) => o.name === name)!.id, pin })).ok).toBe(true);
  await work();
  await harness.call('session:logout');
}

test('a sent-back initiative: see why, erase a person on request, change it in the form, submit again', async ({ harness, page }) => {
  test.setTimeout(90_000);
  await setUpDemoDevice(harness);
  let initiativeId = '';
  await as(harness, DEMO_CLERK.name, DEMO_CLERK.pin, async () => {
    const draft = (await harness.call('initiatives:draft-save', { step: 'controle', data: completeDraft() })).value as { id: string };
    initiativeId = ((await harness.call('initiatives:register', { draftId: draft.id })).value as { initiativeId: string }).initiativeId;
  });
  await as(harness, DEMO_DIRECTOR.name, DEMO_DIRECTOR.pin, async () => {
    await harness.call('initiatives:transition', { initiativeId, action: 'start-review' });
    const answers = Object.fromEntries(conditionIds.map((c) => [c, { answer: 'met', note: '' }]));
    answers['maintenance-covered'] = { answer: 'not-met', note: 'Bankje is regulier onderhoud.' };
    expect((await harness.call('initiatives:assess', { initiativeId, assessment: { answers, referralNote: '' } })).ok).toBe(true);
    const note = 'Het bankje is regulier onderhoud: haal het uit de begroting.';
    expect((await harness.call('initiatives:transition', { initiativeId, action: 'request-changes', note })).ok).toBe(true);
  });

  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.getByRole('link', { name: 'Initiatieven', exact: true }).click();
  await page.getByLabel('Zoek op naam of nummer').fill('boules');
  await page.getByRole('link', { name: 'Jeu-de-boulesbaan bij de Esch' }).click();
  await expect(page.getByTestId('initiative-status')).toHaveText('Concept');
  await expect(page.getByText('Teruggestuurd om aan te passen: Het bankje is regulier onderhoud')).toBeVisible();
  // The assessment as the wijkregisseur left it, and the help the initiative asks for.
  await expect(page.getByTestId('assessment-summary')).toContainText('Niet voldaan: Bankje is regulier onderhoud.');
  await expect(page.getByTestId('initiative-needs')).toContainText('Gezocht: 4 vrijwilligers (Grind verspreiden) — aangemeld: 0.');

  // Ans Bosman asked what is held about her, and then to be erased.
  const people = page.getByTestId('initiative-people');
  await expect(people).toContainText('Fatima El Amrani — initiatiefnemer');
  await page.getByRole('button', { name: 'Gegevens inzien Ans Bosman' }).click();
  const handedOver = page.getByTestId('export');
  await expect(handedOver).toContainText('Rol');
  await expect(handedOver).toContainText('mede-organisator');
  await expect(handedOver).toContainText('7603AC 3 A');
  await expectAccessible(page, 'sent back, with the people and one person’s data');
  const download = page.waitForEvent('download');
  await handedOver.getByRole('button', { name: 'Opslaan als bestand' }).click();
  expect((await download).suggestedFilename()).toMatch(/^inzageverzoek-\d{4}-\d{2}-\d{2}\.txt$/);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Gegevens wissen Ans Bosman' }).click();
  await expect(page.getByText('De gegevens zijn gewist.')).toBeVisible();
  await expect(people).toContainText('[gewist]');
  await expect(people).not.toContainText('Ans Bosman');

  // A change started and thrown away leaves the initiative as it was, and no draft behind.
  await page.getByRole('button', { name: 'Aanpassen en opnieuw indienen' }).click();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(/^Initiatief 900001 aanpassen: Wat$/);
  await page.getByLabel('Korte beschrijving').fill('Dit wordt weggegooid.');
  await expect(page.getByTestId('register-saved')).toHaveAttribute('data-saved-step', 'wat');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Aanpassing weggooien' }).click();
  await expect(page.getByTestId('initiative-status')).toHaveText('Concept');
  await expect(page.getByText('Een baan voor jeu de boules, open voor iedereen.')).toBeVisible();

  // Change it with the resident: the same form, filled in; Ans is no longer there, so someone else is asked.
  await page.getByRole('button', { name: 'Aanpassen en opnieuw indienen' }).click();
  await expect(heading).toHaveText(/^Initiatief 900001 aanpassen: Wat$/);
  await expect(page.getByLabel('Naam van het initiatief')).toHaveValue('Jeu-de-boulesbaan bij de Esch');
  await expect(page.getByLabel('Korte beschrijving')).toHaveValue('Een baan voor jeu de boules, open voor iedereen.');
  await expectAccessible(page, 'changing a sent-back initiative');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expect(heading).toHaveText(/Geld$/);
  await expect(page.getByTestId('register-target')).toHaveText('Streefbedrag: € 750,00');
  await page.getByRole('button', { name: 'Kostenpost 2 weghalen' }).click();
  await expect(page.getByTestId('register-target')).toHaveText('Streefbedrag: € 450,00');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expect(heading).toHaveText(/Wie$/);
  // Ans's place is empty (she was erased): the form asks for someone else there.
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expect(page.getByRole('group', { name: 'Mede-organisator 2' }).getByText('Vul de naam in.')).toBeVisible();
  await expect(heading).toHaveText(/Wie$/);
  const joke = page.getByRole('group', { name: 'Mede-organisator 2' });
  await joke.getByLabel('Naam').fill('Joke Smit');
  await joke.getByLabel('Postcode').fill('7603 AD');
  await joke.getByLabel('Huisnummer').fill('8');
  for (const next of ['Hulp', 'Draagvlak', 'Planning', 'Controleren']) {
    await page.getByRole('button', { name: 'Volgende' }).click();
    await expect(heading).toHaveText(new RegExp(`${next}$`));
  }
  await expect(page.getByTestId('register-summary')).toContainText('€ 450,00');
  await page.getByRole('button', { name: 'Opnieuw indienen' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Jeu-de-boulesbaan bij de Esch' })).toBeVisible();
  await expect(page.getByTestId('initiative-status')).toHaveText('Ingediend');
  await expect(page.getByTestId('budget-lines')).not.toContainText('Bankje');
  await expect(page.getByTestId('initiative-history')).toContainText('Terug naar initiatiefnemer');
  await expect(people).toContainText('Joke Smit');
  await expect(page.getByRole('button', { name: 'Aanpassen en opnieuw indienen' })).toHaveCount(0);

  // The wijkregisseur finds it back among the submitted ones.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, DEMO_DIRECTOR);
  await page.getByRole('link', { name: 'Initiatieven', exact: true }).click();
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Ingediend' });
  await expect(page.getByRole('link', { name: 'Jeu-de-boulesbaan bij de Esch' })).toBeVisible();
});
