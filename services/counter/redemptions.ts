/**
 * Donations as the screens and receipts show them: one by id (after every commit, and for a reprint) and a day's list
 * (the day close, the shift handover). Read-only; checking and redeeming are vouchers.ts.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Redemption } from '../../core/api/contract-counter.js';
import { donationParts, initiatives, receipts, redemptions, staff } from '../../db/schema.js';
import { definePrepared } from '../../db/prepared.js';
import type { Db, ReadableDb } from '../../db/open-store.js';
import { getDevice } from '../platform/index.js';
import { onBusinessDay } from './business-day.js';

/** A donation's parts as the screens show them (one query shape for one donation and for a day's list). */
const partColumns = {
  redemptionId: donationParts.redemptionId,
  initiativeId: initiatives.id,
  number: initiatives.number,
  title: initiatives.title,
  amountCents: donationParts.amountCents,
};

/** One donation by id, compiled once per store (db/prepared.ts): the screen and receipt read it after every commit. */
const hot = definePrepared((db: ReadableDb) => ({
  redemptionById: db
    .select({ r: redemptions, staffName: staff.name, receiptNo: receipts.receiptNo })
    .from(redemptions)
    .innerJoin(staff, eq(staff.id, redemptions.staffId))
    .leftJoin(receipts, and(eq(receipts.kind, 'donation'), eq(receipts.refId, redemptions.id)))
    .where(eq(redemptions.id, sql.placeholder('id')))
    .prepare(),
  partsWithIds: db
    .select(partColumns)
    .from(donationParts)
    .innerJoin(initiatives, eq(initiatives.id, donationParts.initiativeId))
    .where(eq(donationParts.redemptionId, sql.placeholder('id')))
    .orderBy(donationParts.partNo)
    .prepare(),
}));

/** A business day's donations, newest first; `staffId` for one person's own (the shift handover). */
export function listDayRedemptions(db: Db, businessDay: string, staffId: string | null): Redemption[] {
  return listRedemptionsWhere(db, and(onBusinessDay(businessDay), staffId ? eq(redemptions.staffId, staffId) : undefined));
}

/** One donation as the screens and receipts show it (the hot path after every commit: prepared statements). */
export function getRedemption(db: Db, id: string): Redemption | null {
  const statements = hot(db);
  const row = statements.redemptionById.get({ id });
  if (!row) return null;
  const parts = statements.partsWithIds.all({ id }).map(({ redemptionId: _, ...p }) => p);
  return toRedemption(row, parts, getDevice(db)?.servicePoint ?? '');
}

function listRedemptionsWhere(db: Db, where: SQL | undefined, limit = 500): Redemption[] {
  const rows = db
    .select({ r: redemptions, staffName: staff.name, receiptNo: receipts.receiptNo })
    .from(redemptions)
    .innerJoin(staff, eq(staff.id, redemptions.staffId))
    .leftJoin(receipts, and(eq(receipts.kind, 'donation'), eq(receipts.refId, redemptions.id)))
    .where(where)
    .orderBy(desc(redemptions.createdAt))
    .limit(limit)
    .all();
  if (rows.length === 0) return [];
  const parts = db
    .select(partColumns)
    .from(donationParts)
    .innerJoin(initiatives, eq(initiatives.id, donationParts.initiativeId))
    .where(
      inArray(
        donationParts.redemptionId,
        rows.map((r) => r.r.id),
      ),
    )
    .orderBy(donationParts.partNo)
    .all();
  const servicePoint = getDevice(db)?.servicePoint ?? '';
  return rows.map((row) =>
    toRedemption(
      row,
      parts.filter((p) => p.redemptionId === row.r.id).map(({ redemptionId: _, ...p }) => p),
      servicePoint,
    ),
  );
}

type RedemptionRow = { r: typeof redemptions.$inferSelect; staffName: string; receiptNo: number | null };

function toRedemption({ r, staffName, receiptNo }: RedemptionRow, parts: Redemption['parts'], servicePoint: string): Redemption {
  return {
    id: r.id,
    createdAt: r.createdAt,
    businessDay: r.businessDay,
    masked: r.maskedCode,
    roundId: r.roundId,
    valueCents: r.valueCents,
    servicePoint,
    staffName,
    needsConfirmation: r.needsConfirmation,
    intakeId: r.intakeId,
    reversed: r.reversedAt !== null,
    ledgerState: r.ledgerState,
    receiptNo,
    parts,
  };
}
