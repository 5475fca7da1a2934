import { ADMIN, DEMO_CLERK, DEMO_DIRECTOR, expect, expectAccessible, logIn, setUpDemoDevice, test } from './fixtures';

test.beforeEach(async ({ harness }) => setUpDemoDevice(harness));

const everyScreen = ['Inwisselen', 'Initiatieven', 'Vrijwilligers', 'Dagafsluiting', 'Monitor', 'Synchronisatie', 'Instellingen'];

for (const [who, visible] of [
  [DEMO_CLERK, ['Inwisselen', 'Initiatieven', 'Vrijwilligers', 'Dagafsluiting', 'Synchronisatie', 'Instellingen']],
  [DEMO_DIRECTOR, ['Initiatieven', 'Monitor', 'Synchronisatie', 'Instellingen']],
  [ADMIN, ['Initiatieven', 'Monitor', 'Synchronisatie', 'Instellingen']],
] as const) {
  test(`${who.name} sees the screens of that role, each accessible`, async ({ page, harness }) => {
    await page.goto(harness.url);
    await logIn(page, who);
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await expect(nav.getByRole('link')).toHaveText([...visible]);
    for (const name of everyScreen.filter((s) => !visible.includes(s as never))) {
      await expect(nav.getByRole('link', { name })).toHaveCount(0);
    }
    for (const name of visible) {
      await nav.getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      // Focus lands on the new screen: its heading, or the field it starts with (the code field).
      await expect(page.locator('main :focus')).toHaveCount(1);
      await expectAccessible(page, `${name} for ${who.name}`);
    }
  });
}

test('the initiatives list shows the demo initiatives with progress and filters by district', async ({ page, harness }) => {
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.getByRole('link', { name: 'Initiatieven', exact: true }).click();
  const rows = page.getByRole('row');
  await expect(rows).toHaveCount(21); // header + 20 demo initiatives
  await expect(page.getByRole('row', { name: /Bankjes bij de vijver/ })).toContainText('Sluitersveld');
  await expect(page.getByRole('row', { name: /Bankjes bij de vijver/ })).toContainText('Spaarfase');
  await page.getByLabel('Wijk of dorp').selectOption({ label: 'Windmolenbroek' });
  await expect(page.getByRole('row', { name: /Speelplek opknappen/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Bankjes bij de vijver/ })).toHaveCount(0);
});

test('the beheerder adds a staff member, who can then log in; a disabled one cannot', async ({ page, harness }) => {
  await page.goto(harness.url);
  await logIn(page, ADMIN);
  await page.getByRole('link', { name: 'Instellingen', exact: true }).click();
  const add = page.getByRole('form', { name: 'Medewerker toevoegen' });
  await add.getByLabel('Naam', { exact: true }).fill('Sanne Servicepunt');
  await add.getByLabel('Rol').selectOption('wijkondersteuner');
  await add.getByLabel('Pincode (5 tot 8 cijfers)').fill('1111');
  await add.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(add.getByText('Een pincode heeft 5 tot 8 cijfers.')).toBeVisible();
  await add.getByLabel('Pincode (5 tot 8 cijfers)').fill('31415');
  await add.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(page.getByText('Sanne Servicepunt is toegevoegd.')).toBeVisible();
  await expect(page.getByTestId('staff-table').getByRole('row', { name: /Sanne Servicepunt/ })).toContainText('wijkondersteuner');

  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, { name: 'Sanne Servicepunt', pin: '31415' });
  await page.getByRole('button', { name: 'Uitloggen' }).click();

  await logIn(page, ADMIN);
  await page.getByRole('link', { name: 'Instellingen', exact: true }).click();
  await page
    .getByTestId('staff-table')
    .getByRole('row', { name: /Sanne Servicepunt/ })
    .getByRole('button', { name: /Uitschakelen/ })
    .click();
  await expect(page.getByTestId('staff-table').getByRole('row', { name: /Sanne Servicepunt/ })).toContainText('Uitgeschakeld');
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page.getByLabel('Uw naam').locator('option', { hasText: 'Sanne Servicepunt' })).toHaveCount(0);
});

test('switches the interface to English and back', async ({ page, harness }) => {
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.getByLabel('Taal').selectOption('en');
  await expect(page.getByRole('link', { name: 'Redeem', exact: true })).toBeVisible();
  await expect(page.getByTestId('status-unsent')).toHaveText('0 items not sent yet');
  await page.getByLabel('Language').selectOption('nl');
  await expect(page.getByRole('link', { name: 'Inwisselen', exact: true })).toBeVisible();
});

test('the beheerder makes a backup by keyboard and sees it listed; staging a restore asks first', async ({ page, harness }) => {
  await page.goto(harness.url);
  await logIn(page, ADMIN);
  await page.getByRole('link', { name: 'Instellingen', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Reservekopieën' });
  const rows = panel.getByRole('row');
  // The daily backup of the first start is there already (a header row and one backup).
  await expect(rows).toHaveCount(2);
  await panel.getByRole('button', { name: 'Nu een reservekopie maken' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByText(/^Reservekopie gemaakt/)).toBeVisible();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('met de hand');
  await panel
    .getByRole('button', { name: /^Reservekopie van .* terugzetten$/ })
    .first()
    .focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Ja, terugzetten' })).toBeFocused();
  await expectAccessible(page, 'backups in Instellingen');
  await page.getByRole('button', { name: 'Annuleren' }).last().press('Enter');
  await expect(page.getByRole('button', { name: 'Ja, terugzetten' })).toHaveCount(0);
});
