/**
 * After a donation, intake, reversal or day close has committed: issue its receipt and queue it.
 * Builds the receipt context (service point, staff, platform URL) from the store.
 */
import { eq } from 'drizzle-orm';
import type { DayReport, Redemption } from '../../core/api/contract-counter.js';
import { dayReportReceipt, donationReceipt, intakeReceipt, reversalReceipt, testReceipt, type ReceiptContext } from '../../core/receipt.js';
import { reversals, staff } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { getIntake } from '../counter/index.js';
import { getSettings } from '../platform/index.js';
import { getDevice, municipalityOf } from '../platform/index.js';
import { getRedemption } from '../counter/index.js';
import { issueReceipt, type IssuedReceipt } from './receipts.js';

function context(db: Db, staffName: string, receiptNo: number): ReceiptContext {
  const device = getDevice(db);
  const municipality = municipalityOf(db);
  return {
    platform: municipality.platform,
    municipality: municipality.name,
    receiptNo,
    servicePoint: device?.servicePoint ?? '',
    deviceName: device?.name ?? '',
    staffName,
    platformUrl: getSettings(db).platformUrl,
  };
}

function staffName(db: Db, staffId: string): string {
  return db.select({ name: staff.name }).from(staff).where(eq(staff.id, staffId)).get()?.name ?? '';
}

export function issueDonationReceipt(db: Db, clock: Clock, redemption: Redemption): IssuedReceipt {
  return issueReceipt(db, clock, 'donation', redemption.id, (no) => donationReceipt(context(db, redemption.staffName, no), redemption));
}

export function issueIntakeReceipt(db: Db, clock: Clock, intakeId: string, staffId: string): IssuedReceipt {
  const intake = getIntake(db, intakeId);
  return issueReceipt(db, clock, 'intake', intakeId, (no) => intakeReceipt(context(db, staffName(db, staffId), no), intake));
}

export function issueReversalReceipt(db: Db, clock: Clock, reversalId: string): IssuedReceipt {
  const row = db.select().from(reversals).where(eq(reversals.id, reversalId)).get();
  const redemption = row ? getRedemption(db, row.redemptionId) : null;
  if (!row || !redemption) throw new Error(`reversal ${reversalId} not found`);
  return issueReceipt(db, clock, 'reversal', reversalId, (no) =>
    reversalReceipt(context(db, staffName(db, row.staffId), no), {
      reversedAt: row.createdAt,
      reason: row.reason,
      approvedByName: staffName(db, row.approvedBy),
      redemption,
    }),
  );
}

export function issueDayReportReceipt(db: Db, clock: Clock, report: DayReport, staffId: string): IssuedReceipt {
  const kind = report.kind === 'Z' ? 'day-z' : 'day-x';
  const ref = report.kind === 'Z' ? String(report.zNumber) : report.madeAt;
  return issueReceipt(db, clock, kind, ref, (no) => dayReportReceipt(context(db, staffName(db, staffId), no), report));
}

export function issueTestReceipt(db: Db, clock: Clock, staffId: string): IssuedReceipt {
  const at = clock().toISOString();
  return issueReceipt(db, clock, 'test', at, (no) => testReceipt(context(db, staffName(db, staffId), no), at));
}
