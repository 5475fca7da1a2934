import { devices, type DeviceRow } from '../../db/schema.js';
import { definePrepared } from '../../db/prepared.js';
import type { ReadableDb } from '../../db/open-store.js';

const deviceRow = definePrepared((db: ReadableDb) => db.select().from(devices).limit(1).prepare());

/** This device as set up (name, service point, demo or not), or null before first-run setup. */
export function getDevice(db: ReadableDb): DeviceRow | null {
  return deviceRow(db).get() ?? null;
}
