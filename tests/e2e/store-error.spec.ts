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
