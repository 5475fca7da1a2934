import { settingsSchema, type Settings } from '../../core/api/contract-reference.js';
import { settings } from '../../db/schema.js';
import { defaultPrinterSettings } from '../../core/printer-settings.js';
import type { Db } from '../../db/open-store.js';
import { definePrepared } from '../../db/prepared.js';
import type { Logger } from './deps.js';

export const defaultSettings: Settings = {
  idleLockMinutes: 5,
  registryStaleHours: 72,
  acceptUnknownWhenStale: false,
  acceptUnknownRoles: ['wijkondersteuner'],
  printer: defaultPrinterSettings,
  platformUrl: 'https://www.almelobuurtsamen.nl',
  sync: { nightlyAt: '02:00' },
};

/** Every stored setting, compiled once per store (db/prepared.ts): every check of a code the registry does not hold reads them. */
const storedSettings = definePrepared((db: Db) => db.select().from(settings).prepare());

/**
 * The device's settings: each stored value checked on its own against its part of the schema. A value that is
 * damaged or no longer valid (an older version's, a hand edit) falls back to its default alone — every other
 * setting keeps its value — and, given a logger, says which one was reset (the key, never the value).
 */
export function getSettings(db: Db, log?: Pick<Logger, 'warn'>): Settings {
  const stored = new Map(
    storedSettings(db)
      .all()
      .map((row) => [row.key, row.value]),
  );
  const reset: string[] = [];
  const pick = <K extends keyof Settings>(key: K): Settings[K] => {
    const text = stored.get(key);
    if (text === undefined) return defaultSettings[key];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      reset.push(key);
      return defaultSettings[key];
    }
    const checked = settingsSchema.shape[key].safeParse(value);
    if (checked.success) return checked.data as Settings[K];
    reset.push(key);
    return defaultSettings[key];
  };
  const result: Settings = {
    idleLockMinutes: pick('idleLockMinutes'),
    registryStaleHours: pick('registryStaleHours'),
    acceptUnknownWhenStale: pick('acceptUnknownWhenStale'),
    acceptUnknownRoles: pick('acceptUnknownRoles'),
    printer: pick('printer'),
    platformUrl: pick('platformUrl'),
    sync: pick('sync'),
  };
  if (reset.length > 0) log?.warn({ reset }, 'settings not valid; these use their default until a beheerder saves them');
  return result;
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
