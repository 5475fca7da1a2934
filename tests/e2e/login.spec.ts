import { ADMIN, DEMO_CLERK, expect, expectAccessible, logIn, setUpDemoDevice, test, setIdleLockMinutes } from './fixtures';

test.beforeEach(async ({ harness }) => setUpDemoDevice(harness));

test('logs in with the keyboard only', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
  await expectAccessible(page, 'login screen');
  // The name list has focus first; choose with the keyboard, Tab to the PIN, Enter to log in.
  await expect(page.getByLabel('Uw naam')).toBeFocused();
  await page.getByLabel('Uw naam').selectOption({ label: DEMO_CLERK.name });
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Pincode')).toBeFocused();
  await page.keyboard.type(DEMO_CLERK.pin);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status-user')).toHaveText('Ingelogd: Demo Baliemedewerker (baliemedewerker)');
});

test('a wrong PIN says how many tries are left, and the fifth locks the account', async ({ page, harness }) => {
  await page.goto(harness.url);
  const tryPin = async (pin: string) => {
    await page.getByLabel('Uw naam').selectOption({ label: DEMO_CLERK.name });
    await page.getByLabel('Pincode').fill(pin);
    await page.getByRole('button', { name: 'Inloggen' }).click();
  };
  await tryPin('11112');
  await expect(page.getByRole('alert')).toHaveText('De pincode klopt niet. U kunt het nog 4 keer proberen.');
  await expect(page.getByLabel('Pincode')).toHaveValue('');
  for (const left of [3, 2, 1]) {
    await tryPin('11112');
    await expect(page.getByRole('alert')).toHaveText(`De pincode klopt niet. U kunt het nog ${left} keer proberen.`);
  }
  await tryPin('11112');
  await expect(page.getByRole('alert')).toContainText('Te vaak een verkeerde pincode. Probeer het na');
  // Locked: the right PIN does not help now.
  await tryPin(DEMO_CLERK.pin);
  await expect(page.getByRole('alert')).toContainText('Te vaak een verkeerde pincode.');
  await expectAccessible(page, 'login screen with lock-out message');

  // The beheerder sees the lock and gives a new PIN, which lifts it.
  await logIn(page, ADMIN);
  await page.getByRole('link', { name: 'Instellingen', exact: true }).click();
  const row = page.getByTestId('staff-table').getByRole('row', { name: /Demo Baliemedewerker/ });
  await expect(row).toContainText('Geblokkeerd tot');
  await row.getByRole('button', { name: /Nieuwe pincode/ }).click();
  const form = page.getByRole('form', { name: 'Nieuwe pincode voor Demo Baliemedewerker' });
  await form.getByLabel('Nieuwe pincode').fill('86420');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('De pincode van Demo Baliemedewerker is veranderd.')).toBeVisible();
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, { name: DEMO_CLERK.name, pin: '86420' });
});

test('locks the screen on request and after the idle time; the same person unlocks', async ({ page, harness }) => {
  await page.clock.install();
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.getByRole('button', { name: 'Vergrendelen' }).click();
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  await expect(page.getByText('Demo Baliemedewerker, vul uw pincode in om verder te gaan.')).toBeVisible();
  await expectAccessible(page, 'lock screen');
  await page.getByLabel('Pincode').fill('11112');
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByRole('alert')).toContainText('De pincode klopt niet.');
  await page.getByLabel('Pincode').fill(DEMO_CLERK.pin);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await expect(page.getByTestId('status-user')).toContainText(DEMO_CLERK.name);

  // Idle: the default is 5 minutes without keyboard or mouse.
  await page.clock.fastForward('05:02');
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
  expect(await harness.call('districts:list')).toMatchObject({ ok: false });

  // Another staff member can take over from the lock screen.
  await page.getByRole('button', { name: 'Andere medewerker' }).click();
  await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
});

test('the screen locks by itself after the idle time, though the status bar keeps refreshing', async ({ page, harness }) => {
  // The status refresh (every 30 s) used to restart the idle watch, so a counter left alone never locked.
  test.setTimeout(150_000);
  await setIdleLockMinutes(harness, 1);

  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  const started = Date.now();
  // No key, no pointer: within a minute and a bit the lock screen shows, without anyone touching the app.
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible({ timeout: 100_000 });
  expect(Date.now() - started).toBeGreaterThan(55_000);
  await expect(page.getByTestId('status-user')).toHaveCount(0);
  await expectAccessible(page, 'locked by itself');
});

test('idle lock under a fake clock: keys keep it open across many status refreshes (re-renders); a quiet minute locks', async ({
  page,
  harness,
}) => {
  await setIdleLockMinutes(harness, 1);

  // Chromium's own timers, faked: the app's hook, the 30-second status refresh and React's re-renders run as
  // they do at the counter, only the minutes pass in milliseconds.
  await page.clock.install();
  await page.goto(harness.url);
  await logIn(page, DEMO_CLERK);
  await page.clock.pauseAt(Date.now() + 1_000);
  // Five minutes of work, a key every 20 s: ten status refreshes re-render the shell, and the screen stays open.
  for (let i = 0; i < 15; i++) {
    await page.clock.runFor(20_000);
    await page.keyboard.press('Shift');
  }
  await expect(page.getByTestId('status-user')).toBeVisible();
  // Then nobody: at 50 s still open, past the minute locked — by itself, without a touch.
  await page.clock.runFor(50_000);
  await expect(page.getByTestId('status-user')).toBeVisible();
  await page.clock.runFor(12_000);
  await expect(page.getByRole('heading', { name: 'Scherm vergrendeld' })).toBeVisible();
});
