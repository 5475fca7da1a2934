/**
 * A device's settings when one stored value is not valid (an older version's, a damaged row): that one falls back to
 * its default, every other keeps its value, and the log says which one — at start and when a beheerder opens them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeApp, setUpDevice, tempDir, unwrap, type TestApp } from '../helpers/app';
import { getSettings } from '../../services/platform/settings';
import { defaultPrinterSettings } from '../../core/printer-settings';

const apps: TestApp[] = [];
afterAll(() => {
  for (const t of apps) t.app.close();
});

describe('settings', () => {
  it('keep every valid value when one is not valid, and log which one was reset', async () => {
    const dir = tempDir();
    const first = makeApp({ dir, envKey: '' });
    const { admin } = await setUpDevice(first);
    unwrap(
      await admin.call('settings:update', { idleLockMinutes: 12, platformUrl: 'https://www.voorbeeld.nl', sync: { nightlyAt: '03:30' } }),
    );
    // An out-of-range number and a row that is not JSON at all.
    first.app.store!.db.run(sql`update settings set value = '500' where key = 'idleLockMinutes'`);
    first.app.store!.db.run(
      sql`insert into settings (key, value) values ('printer', '{not json') on conflict(key) do update set value = excluded.value`,
    );
    first.app.close();

    const second = makeApp({ dir, envKey: '' });
    apps.push(second);
    const warned = second.log.lines.filter((l) => l.message.startsWith('settings not valid'));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.facts).toEqual({ reset: ['idleLockMinutes', 'printer'] });
    // The value itself is never in the log.
    expect(second.log.text()).not.toContain('{not json');

    const settings = getSettings(second.app.store!.db);
    expect(settings).toMatchObject({ idleLockMinutes: 5, platformUrl: 'https://www.voorbeeld.nl', sync: { nightlyAt: '03:30' } });
    expect(settings.printer).toEqual(defaultPrinterSettings);
  });
});
