/**
 * Real devices for sync tests: the app on encrypted SQLite, set up, with a clerk and a wijkregisseur
 * logged in through the API, enrolled at a real ledger listening on a real port (the app's own client).
 */
import { expect } from 'vitest';
import type { Connection } from '../../services/app';
import { createEnrolmentCodeFor } from '../../server/admin/ops';
import { makeApp, setUpDevice, testClock, unwrap, type TestApp } from './app';
import { freshLedger, seedLedger, type TestLedger } from './ledger';
import { vouchers } from '../../server/db/schema';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';

export interface Device {
  t: TestApp;
  admin: Connection;
  clerk: Connection;
  director: Connection;
  clock: ReturnType<typeof testClock>;
}

export async function enrolledDevice(ledger: TestLedger, url: string, name: string, apps: TestApp[]): Promise<Device> {
  const clock = testClock(new Date());
  const t = makeApp({ clock });
  apps.push(t);
  const { admin } = await setUpDevice(t, false);
  const clerkRow = unwrap(await admin.call('staff:create', { name: `Balie ${name}`, role: 'baliemedewerker', pin: '24680' }));
  const directorRow = unwrap(await admin.call('staff:create', { name: `Regie ${name}`, role: 'wijkregisseur', pin: '97531' }));
  const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, name);
  const status = unwrap(await admin.call('sync:enrol', { serverUrl: url, code }));
  expect(status.enrolled).toBe(true);
  await t.app.sync!.run(); // joins the run enrolment started
  const clerk = t.connect();
  unwrap(await clerk.call('session:login', { staffId: clerkRow.id, pin: '24680' }));
  const director = t.connect();
  unwrap(await director.call('session:login', { staffId: directorRow.id, pin: '97531' }));
  return { t, admin, clerk, director, clock };
}

/** A ledger listening on a real port, seeded with `codes` voucher codes and one collecting initiative, for real devices. */
export async function listeningLedger(codeCount: number) {
  const ledger = await freshLedger();
  const seeded = await seedLedger(ledger, codeCount, [1_000_000]);
  const codes = (await ledger.db.select({ code: vouchers.code }).from(vouchers)).map((v) => formatVoucherCode(v.code as CanonicalCode));
  const url = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
  return { ledger, url, codes, initiativeId: seeded.initiatives[0]!.id };
}
