import fs from 'node:fs';
import path from 'node:path';
import { expect, expectAccessible, startHarness, test } from './fixtures';

test('a store that does not open with its key shows what to do, and nothing is wiped', async ({ page }) => {
  const first = await startHarness({ env: { BUURTBALIE_STORE_KEY: 'c3'.repeat(32) } });
  expect(
    (
      await first.call('setup:complete', {
        deviceName: 'Balie 1',
        servicePoint: 'Wijkcentrum',
        adminName: 'Anna Beheer',
        adminPin: '25814',
        demo: false,
      })
    ).ok,
  ).toBe(true);
  await first.stop();

  const second = await startHarness({ dataDir: first.dataDir, env: { BUURTBALIE_STORE_KEY: 'd4'.repeat(32) } });
  try {
    await page.goto(second.url);
    await expect(page.getByRole('heading', { name: 'De gegevens kunnen niet worden geopend' })).toBeVisible();
    await expect(page.getByTestId('store-error-reason')).toHaveText(
      'De sleutel past niet bij het gegevensbestand, of het bestand is geen Buurtbalie-bestand.',
    );
    await expect(page.getByText('Er is niets gewist.')).toBeVisible();
    await expect(page.getByText(`${first.dataDir}/buurtbalie.db`)).toBeVisible();
    await expectAccessible(page, 'store error screen');
  } finally {
    await second.stop();
  }

  // With the right key everything is still there.
  const third = await startHarness({ dataDir: first.dataDir, env: { BUURTBALIE_STORE_KEY: 'c3'.repeat(32) } });
  expect(await third.call('app:status')).toMatchObject({ ok: true, value: { setupDone: true, device: { name: 'Balie 1' } } });
  await third.stop();
});

test('a damaged store: the error screen offers the backups, restored by keyboard alone, and the data is back', async ({ page }) => {
  const key = { BUURTBALIE_STORE_KEY: 'e5'.repeat(32) };
  const first = await startHarness({ env: key });
  expect(
    (
      await first.call('setup:complete', {
        deviceName: 'Balie Kopie',
        servicePoint: 'Wijkcentrum',
        adminName: 'Anna Beheer',
        adminPin: '25814',
        demo: false,
      })
    ).ok,
  ).toBe(true);
  expect((await first.call('store:backup', {})).ok).toBe(true);
  await first.stop();

  // Pages of the store overwritten, as a failing disk would.
  const file = path.join(first.dataDir, 'buurtbalie.db');
  const bytes = fs.readFileSync(file);
  bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 8));
  fs.writeFileSync(file, bytes);
  fs.rmSync(`${file}-wal`, { force: true });

  const second = await startHarness({ dataDir: first.dataDir, env: key });
  try {
    await page.goto(second.url);
    await expect(page.getByTestId('store-error-reason')).toHaveText('Het gegevensbestand is beschadigd.');
    const list = page.getByRole('region', { name: 'Reservekopieën' });
    await expect(list.getByRole('table')).toBeVisible();
    await expectAccessible(page, 'store error screen with backups');
    // Keyboard only: to the newest backup's button, Enter, the question has the focus, Enter.
    const restoreButtons = list.getByRole('button', { name: /^Reservekopie van .* terugzetten$/ });
    await restoreButtons.first().focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Ja, terugzetten' })).toBeFocused();
    await expectAccessible(page, 'restore question');
    await page.keyboard.press('Enter');
    await expect(page.getByText('De reservekopie wordt teruggezet bij de volgende start.')).toBeVisible();
  } finally {
    await second.stop();
  }

  const third = await startHarness({ dataDir: first.dataDir, env: key });
  expect(await third.call('app:status')).toMatchObject({ ok: true, value: { setupDone: true, device: { name: 'Balie Kopie' } } });
  await third.stop();
});
