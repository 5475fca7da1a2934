import { inArray } from 'drizzle-orm';
import { DEFAULT_MUNICIPALITY, DEFAULT_PLATFORM } from '../../core/receipt.js';
import { devices, syncState, type DeviceRow } from '../../db/schema.js';
import { definePrepared } from '../../db/prepared.js';
import type { ReadableDb } from '../../db/open-store.js';

const deviceRow = definePrepared((db: ReadableDb) => db.select().from(devices).limit(1).prepare());

/** This device as set up (name, service point, demo or not), or null before first-run setup. */
export function getDevice(db: ReadableDb): DeviceRow | null {
  return deviceRow(db).get() ?? null;
}

/**
 * How this device's municipality and its platform are known (receipts, reports, screens): from the ledger at
 * enrolment (tenant:create), else the defaults of a device that has none (demo, not yet enrolled).
 */
export function municipalityOf(db: ReadableDb): { name: string; platform: string } {
  const rows = db
    .select({ key: syncState.key, value: syncState.value })
    .from(syncState)
    .where(inArray(syncState.key, ['tenantName', 'platformName']))
    .all();
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  return { name: value('tenantName') ?? DEFAULT_MUNICIPALITY, platform: value('platformName') ?? DEFAULT_PLATFORM };
}
