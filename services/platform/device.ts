import { devices, type DeviceRow } from '../../db/schema.js';
import type { ReadableDb } from '../../db/open-store.js';

/** This device as set up (name, service point, demo or not), or null before first-run setup. */
export function getDevice(db: ReadableDb): DeviceRow | null {
  return db.select().from(devices).limit(1).get() ?? null;
}
