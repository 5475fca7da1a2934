/**
 * A whole busy day at one counter, as a clerk with a USB scanner works it: keyboard and scanner only (every
 * control found by its accessible name, every action a key press), axe on every state the day passes through.
 * 150 single donations at scanner speed with a resident's pause between them, a split, two stacks of 60 papers
 * with misprints and doubles (each refused paper identifiable), two reversals approved by the wijkregisseur, a
 * shift handover, an idle lock that locks by itself, X and Z — and the Z's totals are the sum of what was done.
 */
import type { Locator, Page } from '@playwright/test';
import { DEMO_CLERK, DEMO_DIRECTOR, demoCodes, expect, expectAccessible, setUpDemoDevice, test, setIdleLockMinutes } from './fixtures';

const SINGLES = 150;
const codes = demoCodes(300);
/** Collecting demo initiatives with room for a day's money (core/demo-initiatives.ts). */
const SINGLE_TARGETS = ['1012', '1009', '1006', '1001'];

const press = async (target: Locator, key: string) => {
  await target.focus();
  await target.press(key);
};
const codeField = (page: Page) => page.getByLabel('Code van de waardebon');
/** A scanner: the code at 5 ms per key, then Enter. */
const scan = (page: Page, code: string) => page.keyboard.type(`${code}\n`, { delay: 5 });
const euro = (cents: number) =>
  `€ ${new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)}`;
/** One symbol wrong in the second group: the check character refuses it. */
const misprint = (code: string) => {
  const chars = [...code];
  chars[6] = chars[6] === 'A' ? 'B' : 'A';
  return chars.join('');
};

test('a busy day at the counter, keyboard and scanner only: the Z adds up to what was done', async ({ page, harness }) => {
  test.setTimeout(600_000);
  await setUpDemoDevice(harness);
  await setIdleLockMinutes(harness, 1);

  // The browser's clock runs as usual, and can be moved on for the idle lock without waiting a minute.
  await page.clock.install();
  await page.goto(harness.url);
  await expectAccessible(page, 'login');
  await page.getByLabel('Uw naam').selectOption({ label: DEMO_CLERK.name });
  await page.getByLabel('Pincode').focus();
  await page.keyboard.type(DEMO_CLERK.pin);
  await page.keyboard.press('Enter');
  // Start screen: Inwisselen, the cursor in the code field, so the first scan lands.
  await expect(page.getByRole('heading', { name: 'Inwisselen', level: 1 })).toBeVisible();
  await expect(codeField(page)).toBeFocused();
  await expectAccessible(page, 'start screen');

  // 150 residents, one voucher each.
  let done = 0;
  for (let i = 0; i < SINGLES; i++) {
    await scan(page, codes[i]!);
    await expect(page.getByLabel('Zoek op naam of nummer')).toBeFocused();
    if (i === 0) await expectAccessible(page, 'choose an initiative');
    await page.keyboard.type(SINGLE_TARGETS[i % SINGLE_TARGETS.length]!);
    await page.keyboard.press('Enter'); // the one match is chosen, Bevestigen has the focus
    await expect(page.getByRole('button', { name: 'Bevestigen' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('receipt')).toContainText(codes[i]!.slice(0, 4));
    await expect(codeField(page)).toBeFocused();
    if (i === 0) await expectAccessible(page, 'receipt on screen');
    done += 1;
    if (i % 25 === 0) await page.waitForTimeout(150); // a resident who needs a moment
  }

  // A split: one voucher over two initiatives.
  await scan(page, codes[SINGLES]!);
  await press(page.getByLabel('Verdelen over meer initiatieven (hoogstens 3)'), 'Space');
  await press(page.getByRole('checkbox', { name: /1001 · Bankjes/ }), 'Space');
  await press(page.getByRole('checkbox', { name: /1009 · Verlichting/ }), 'Space');
  await expect(page.getByText('Samen € 7,50 van € 7,50.')).toBeVisible();
  await expectAccessible(page, 'split');
  const first = page.getByLabel('Bedrag voor Bankjes bij de vijver');
  await first.focus();
  await first.selectText();
  await page.keyboard.type('5,00');
  const second = page.getByLabel('Bedrag voor Verlichting bij het wandelpad');
  await second.focus();
  await second.selectText();
  await page.keyboard.type('2,50');
  await page.keyboard.press('Enter'); // Enter in an amount confirms when the parts add up
  await expect(page.getByTestId('receipt')).toContainText('€ 5,00');
  await expect(page.getByTestId('receipt')).toContainText('€ 2,50');
  done += 1;

  // Two stacks of 60 papers from initiators, at scanner speed.
  await press(page.getByRole('link', { name: 'Bonnen innemen', exact: true }), 'Enter');
  const stack1 = codes.slice(151, 208); // 57 good
  const papers1 = [...stack1];
  papers1.splice(9, 0, misprint(codes[208]!)); // paper 10: a misprint
  papers1.splice(29, 0, stack1[3]!); // paper 30: the fourth paper again
  papers1.splice(44, 0, codes[5]!); // paper 45: a voucher donated at this counter this morning
  expect(papers1).toHaveLength(60);
  await page.getByLabel('Initiatief').selectOption({ label: '1003 · Speelplek opknappen' });
  await press(page.getByRole('button', { name: 'Inname starten' }), 'Enter');
  await expect(codeField(page)).toBeFocused();
  for (const paper of papers1) await scan(page, paper);
  await expect(page.getByTestId('intake-totals')).toContainText(`57 bonnen geteld · Totaal ${euro(57 * 750)} · 3 bonnen afgekeurd`);
  // Each refused paper can be found in the hand: its number in the stack and what it shows.
  const rejected = page.getByTestId('rejected-list').getByRole('listitem');
  await expect(rejected).toHaveText([
    new RegExp(`^Papier 10: ${misprint(codes[208]!).replace(/-/g, '').slice(0, 4)}…`),
    new RegExp(`^Papier 30: ${stack1[3]!.slice(0, 4)}-.*Dubbel in deze stapel`),
    new RegExp(`^Papier 45: ${codes[5]!.slice(0, 4)}-`),
  ]);
  await expectAccessible(page, 'bulk intake in progress');
  await press(page.getByRole('button', { name: 'Inname afronden' }), 'Enter');
  await expect(page.getByTestId('intake-summary')).toContainText('De bon met alle getelde waardebonnen gaat naar de printer.');
  await expect(page.getByTestId('intake-summary').getByRole('button', { name: 'Kopie afdrukken' })).toBeVisible();
  await expectAccessible(page, 'bulk intake finished');
  done += 57;

  await press(page.getByRole('button', { name: 'Nieuwe inname' }), 'Enter');
  const papers2 = [...codes.slice(211, 269)]; // 58 good
  papers2.splice(19, 0, codes[270]!.slice(0, 7)); // paper 20: half a scan
  papers2.splice(39, 0, misprint(codes[271]!)); // paper 40: a misprint
  expect(papers2).toHaveLength(60);
  await page.getByLabel('Initiatief').selectOption({ label: '1012 · Beweegtoestel voor ouderen' });
  await press(page.getByRole('button', { name: 'Inname starten' }), 'Enter');
  await expect(codeField(page)).toBeFocused();
  for (const paper of papers2) await scan(page, paper);
  await expect(page.getByTestId('rejected-list').getByRole('listitem')).toHaveText([/^Papier 20: /, /^Papier 40: /]);
  await expect(page.getByTestId('intake-totals')).toContainText(`58 bonnen geteld · Totaal ${euro(58 * 750)} · 2 bonnen afgekeurd`);
  await press(page.getByRole('button', { name: 'Inname afronden' }), 'Enter');
  await expect(page.getByTestId('intake-summary')).toContainText('58 bonnen geteld');
  done += 58;

  // The day list at 266 donations: totals on top, search by code, two reversals approved by the wijkregisseur.
  await press(page.getByRole('link', { name: 'Dagafsluiting', exact: true }), 'Enter');
  await expect(page.getByTestId('day-totals')).toContainText(`Donaties ${done} (${euro(done * 750)})`);
  await expectAccessible(page, `day list with ${done} donations`);
  for (const [n, code] of [codes[0]!, codes[1]!].entries()) {
    const search = page.getByLabel('Zoeken');
    await search.focus();
    await search.selectText();
    await page.keyboard.type(code.slice(-4)); // the last characters, as the resident's receipt shows them
    const row = page
      .getByTestId('today-table')
      .getByRole('row')
      .filter({ hasText: code.slice(0, 4) });
    await expect(row).toHaveCount(1);
    await press(row.getByRole('button', { name: /Terugdraaien/ }), 'Enter');
    const form = page.getByRole('form', { name: /Donatie .* terugdraaien/ });
    await expect(form.getByLabel('Reden (minstens 5 tekens)')).toBeFocused();
    await page.keyboard.type('Bewoner koos het verkeerde initiatief');
    await form.getByLabel('Wijkregisseur', { exact: true }).selectOption({ label: DEMO_DIRECTOR.name });
    await form.getByLabel('Pincode van de wijkregisseur').focus();
    await page.keyboard.type(DEMO_DIRECTOR.pin);
    if (n === 0) await expectAccessible(page, 'reversal form');
    await page.keyboard.press('Enter');
    await expect(form).toHaveCount(0);
    await expect(page.getByText('De donatie is teruggedraaid. Goedgekeurd door Demo Wijkregisseur.')).toBeVisible();
    await expect(row).toContainText('Teruggedraaid');
  }
  await expect(page.getByTestId('day-net')).toHaveText(euro((done - 2) * 750));
  await expectAccessible(page, 'day list after reversals');

  // Shift handover: what this clerk did since logging in.
  await press(page.getByRole('button', { name: 'Toon mijn overdracht' }), 'Enter');
  const handover = page.getByTestId('report-X');
  await expect(handover).toContainText(`Overdracht ${DEMO_CLERK.name} sinds`);
  await expect(handover.getByRole('row', { name: /^Donaties \d/ })).toContainText(`${done}${euro(done * 750)}`);
  await expectAccessible(page, 'shift handover');

  // Nobody at the keyboard for a minute: the screen locks by itself; unlocking starts at the code field.
  await page.clock.runFor(65_000);
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  await expect(page.getByTestId('today-table')).toHaveCount(0);
  await expectAccessible(page, 'locked');
  await page.getByLabel('Pincode').focus();
  await page.keyboard.type(DEMO_CLERK.pin);
  await page.keyboard.press('Enter');
  await expect(codeField(page)).toBeFocused();

  // X, then Z: the totals are what this test did.
  await press(page.getByRole('link', { name: 'Dagafsluiting', exact: true }), 'Enter');
  await press(page.getByRole('button', { name: 'Toon tussenstand' }), 'Enter');
  const x = page.getByTestId('report-X');
  await expect(x.getByTestId('report-net')).toHaveText(euro((done - 2) * 750));
  await expectAccessible(page, 'X report');
  await press(page.getByRole('button', { name: 'Dag afsluiten (Z)' }), 'Enter');
  await expect(page.getByRole('button', { name: 'Ja, sluit de dag af' })).toBeFocused();
  await page.keyboard.press('Enter');
  const z = page.getByTestId('report-Z');
  await expect(z.getByRole('row', { name: /^Donaties \d/ })).toContainText(`${done}${euro(done * 750)}`);
  await expect(z.getByRole('row', { name: /^Teruggedraaid \d/ })).toContainText(`2− ${euro(1500)}`);
  await expect(z.getByTestId('report-net')).toHaveText(euro((done - 2) * 750));
  await expect(z).toContainText('Innames: 2, samen 115 bonnen');
  await expect(page.getByRole('button', { name: 'Dag afsluiten (Z)' })).toHaveCount(0);
  await expectAccessible(page, 'Z report');
  // No receipt left waiting in the status bar once the PDFs are made (no printer on this device).
  await expect(page.getByTestId('status-print')).toHaveCount(0, { timeout: 30_000 });
  expect(done).toBe(266);
});
