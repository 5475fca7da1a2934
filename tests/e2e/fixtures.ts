/**
 * Each test gets its own browser-mode Buurtbalie: the real harness (`main/browser/cli.ts`) started
 * as a child process with a fresh data folder, driving the built renderer in Debian's Chromium.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const root = path.resolve(__dirname, '..', '..');
export const ADMIN = { name: 'Anna Beheer', pin: '25814' };
export const DEMO_CLERK = { name: 'Demo Baliemedewerker', pin: '24680' };
export const DEMO_DIRECTOR = { name: 'Demo Wijkregisseur', pin: '97531' };

import { startHarness, type Harness } from '../helpers/harness';

export { startHarness, type Harness };

/** The beheerder sets the idle lock through the API (the settings screen has its own test); logged out again. */
export async function setIdleLockMinutes(harness: Harness, minutes: number): Promise<void> {
  const options = (await harness.call('staff:login-options')).value as { id: string; name: string }[];
  const admin = options.find((s) => s.name === ADMIN.name)!;
  expect((await harness.call('session:login', { staffId: admin.id, pin: ADMIN.pin })).ok).toBe(true);
  expect((await harness.call('settings:update', { idleLockMinutes: minutes })).ok).toBe(true);
  await harness.call('session:logout');
}

/** Set up a demo device through the API (the UI path has its own test). Logs the API connection out again. */
export async function setUpDemoDevice(harness: Harness): Promise<void> {
  const result = await harness.call('setup:complete', {
    deviceName: 'Balie 1',
    servicePoint: 'Wijkcentrum De Schelf',
    adminName: ADMIN.name,
    adminPin: ADMIN.pin,
    demo: true,
  });
  expect(result.ok).toBe(true);
  await harness.call('session:logout');
}

export async function logIn(page: Page, who: { name: string; pin: string }): Promise<void> {
  await page.getByLabel('Uw naam').selectOption({ label: who.name });
  await page.getByLabel('Pincode').fill(who.pin);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByTestId('status-user')).toContainText(who.name);
}

/** No serious or critical accessibility violations on what is on screen now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    what,
  ).toEqual([]);
}

export const test = base.extend<{ harness: Harness }>({
  // Playwright requires the fixtures argument to be destructured, even when none is used.
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const harness = await startHarness();
    await use(harness);
    await harness.stop();
  },
});
export { expect };

/** Demo voucher codes as printed (from the same generator the demo device uses). */
export function demoCodes(count: number): string[] {
  const out = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'demo-codes.ts'), String(count)], {
    cwd: root,
  });
  return out.toString().trim().split('\n');
}
