import { settingsSchema, type Settings } from '../../core/api/contract-reference.js';
import { settings } from '../../db/schema.js';
import { defaultPrinterSettings } from '../../core/printer-settings.js';
import type { Db } from '../../db/open-store.js';

export const defaultSettings: Settings = {
  idleLockMinutes: 5,
  registryStaleHours: 72,
  acceptUnknownWhenStale: false,
  acceptUnknownRoles: ['wijkondersteuner'],
  printer: defaultPrinterSettings,
  platformUrl: 'https://www.almelobuurtsamen.nl',
  sync: { nightlyAt: '02:00' },
};

export function getSettings(db: Db): Settings {
  const rows = db.select().from(settings).all();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A damaged value falls back to its default rather than stopping the counter.
    }
  }
  const merged = settingsSchema.safeParse({ ...defaultSettings, ...stored });
  return merged.success ? merged.data : defaultSettings;
}

export function updateSettings(db: Db, patch: Partial<Settings>): Settings {
  const next = settingsSchema.parse({ ...getSettings(db), ...patch });
  db.transaction((tx) => {
    for (const [key, value] of Object.entries(patch)) {
      const json = JSON.stringify(value);
      tx.insert(settings)
        .values({ key, value: json })
        .onConflictDoUpdate({ target: settings.key, set: { value: json } })
        .run();
    }
  });
  return next;
}
