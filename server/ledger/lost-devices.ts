/**
 * A revoked (lost, stolen, or found again) device. What it still tries to push is withheld: its
 * signature verified, its events kept aside, counted nowhere. The device report sums them per
 * initiative, so a wijkregisseur (through the pull feed) and the administrator (`device:report`) know
 * what the device held. Re-enrolment with a code made for this device (same id, sequence and chain,
 * new key) or an admin-confirmed file import delivers them through the normal ingest.
 */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { checkPayload } from '../../core/sync/events.js';
import type { DeviceReport, WireEvent } from '../../core/sync/protocol.js';
import { repairJsonText } from '../../core/text.js';
import { devices, withheldEvents, type DeviceRow } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { emitChanges } from './changes.js';

/** Bounded: a revoked device cannot fill the ledger. */
export const MAX_WITHHELD_PER_DEVICE = 20_000;

/** Keep the new events of a revoked device's push aside; returns how many were new. */
export async function withholdEvents(db: LedgerDb, device: DeviceRow, batch: readonly WireEvent[]): Promise<number> {
  const fresh = batch.filter((e) => e.seq >= device.nextSeq);
  if (fresh.length === 0) return 0;
  return db.transaction(async (tx) => {
    const [held] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(withheldEvents)
      .where(eq(withheldEvents.deviceId, device.id));
    const room = MAX_WITHHELD_PER_DEVICE - Number(held?.n ?? 0);
    if (room <= 0) return 0;
    const rows = fresh.slice(0, room).map((e) => ({
      tenantId: device.tenantId,
      deviceId: device.id,
      seq: e.seq,
      type: e.type,
      version: e.version,
      payload: repairJsonText(e.payload, '\uFFFD').value,
    }));
    const inserted = await tx.insert(withheldEvents).values(rows).onConflictDoNothing().returning({ seq: withheldEvents.seq });
    if (inserted.length > 0) {
      const report = await deviceReport(tx as unknown as LedgerDb, device.tenantId, device.id);
      if (report) await emitChanges(tx, device.tenantId, [{ kind: 'device', data: report }]);
    }
    return inserted.length;
  });
}

/** What the ledger knows of a device, and what it withheld from it (not yet taken in), per initiative. */
export async function deviceReport(db: LedgerDb, tenantId: string, deviceId: string): Promise<DeviceReport | null> {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)));
  if (!device) return null;
  const held = await db
    .select({ seq: withheldEvents.seq, type: withheldEvents.type, version: withheldEvents.version, payload: withheldEvents.payload })
    .from(withheldEvents)
    .where(and(eq(withheldEvents.deviceId, deviceId), gte(withheldEvents.seq, device.nextSeq)))
    .orderBy(asc(withheldEvents.seq));
  const perInitiative = new Map<string, { donations: number; cents: number }>();
  let donations = 0;
  let cents = 0;
  for (const e of held) {
    if (e.type !== 'donation.recorded') continue;
    const checked = checkPayload(e.type, e.version, e.payload);
    if (!checked.ok) continue;
    const parts = (checked.payload as { parts: { initiativeId: string; amountCents: number }[] }).parts;
    donations += 1;
    for (const p of parts) {
      const t = perInitiative.get(p.initiativeId) ?? { donations: 0, cents: 0 };
      t.donations += 1;
      t.cents += p.amountCents;
      cents += p.amountCents;
      perInitiative.set(p.initiativeId, t);
    }
  }
  return {
    deviceId: device.id,
    name: device.name,
    servicePoint: device.servicePoint,
    revokedAt: device.revokedAt,
    lastSeq: device.nextSeq - 1,
    lastSeenAt: device.lastSeenAt,
    withheld: {
      events: held.length,
      donations,
      cents,
      initiatives: [...perInitiative.entries()].map(([initiativeId, t]) => ({ initiativeId, ...t })),
    },
  };
}

/** After re-enrolment or an import: the report again, so every device sees what is still missing (often nothing). */
export async function announceDevice(db: LedgerDb, tenantId: string, deviceId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const report = await deviceReport(tx as unknown as LedgerDb, tenantId, deviceId);
    if (report) await emitChanges(tx, tenantId, [{ kind: 'device', data: report }]);
  });
}

/**
 * Withheld events the ledger has since taken in (after re-enrolment, or a confirmed file import) are
 * delivered: they leave the report, and every device learns the report as it is now.
 */
export async function releaseDelivered(db: LedgerDb, tenantId: string, deviceId: string): Promise<number> {
  // One statement: this runs after every push, and almost always finds nothing.
  const gone = await db
    .delete(withheldEvents)
    .where(
      and(
        eq(withheldEvents.deviceId, deviceId),
        lt(withheldEvents.seq, sql`(select ${devices.nextSeq} from ${devices} where ${devices.id} = ${deviceId})`),
      ),
    )
    .returning({ seq: withheldEvents.seq });
  if (gone.length > 0) await announceDevice(db, tenantId, deviceId);
  return gone.length;
}
