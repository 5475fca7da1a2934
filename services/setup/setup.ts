/**
 * First start: who this device is, the first beheerder, the districts, and — on a demo device —
 * the demo data. One transaction, so a crash halfway leaves the device not set up, never half set up.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/api/errors.js';
import { devices, districts, staff, type StaffRow } from '../../db/schema.js';
import { getDevice } from '../platform/index.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { parseDistrictsCsv, prepareDemoData } from './demo.js';
import { prepareStaffRow } from '../staff/index.js';

export interface SetupInput {
  deviceName: string;
  servicePoint: string;
  adminName: string;
  adminPin: string;
  demo: boolean;
}

export async function completeSetup(db: Db, clock: Clock, input: SetupInput, districtsCsv: string): Promise<StaffRow> {
  if (getDevice(db)) throw new AppError('CONFLICT', 'Dit apparaat is al ingericht.');
  const admin = await prepareStaffRow(clock, { name: input.adminName, role: 'beheerder', pin: input.adminPin });
  const writeDemo = input.demo ? await prepareDemoData(clock, districtsCsv) : null;
  const districtLines = parseDistrictsCsv(districtsCsv);
  db.transaction((tx) => {
    // Checked again inside the transaction: two setup calls racing must not both succeed.
    if (tx.select({ id: devices.id }).from(devices).get()) throw new AppError('CONFLICT', 'Dit apparaat is al ingericht.');
    tx.insert(devices)
      .values({
        id: randomUUID(),
        name: input.deviceName,
        servicePoint: input.servicePoint,
        isDemo: input.demo,
        createdAt: clock().toISOString(),
      })
      .run();
    tx.insert(staff).values(admin).run();
    for (const d of districtLines) {
      // Household counts come from the central ledger; until then they are unknown (0).
      tx.insert(districts)
        .values({ ...d, households: 0, householdsSynthetic: false })
        .onConflictDoNothing()
        .run();
    }
    writeDemo?.(tx);
  });
  return admin;
}
