/**
 * Day reports. X: an interim report any time, for everyone or one staff member (shift handover).
 * Z: the closing report that seals the business day; later donations go to the next day. Both are
 * computed from the same ledger tables; a Z is stored as made, so a reprint is the same report.
 */
import type { Actor } from '../platform/index.js';
import { and, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { DayReport } from '../../core/api/contract-counter.js';
import { dayReportSchema } from '../../core/api/contract-counter.js';
import { AppError } from '../../core/api/errors.js';
import { bulkIntakes, dayCloses, donationParts, initiatives, redemptions, reversals, staff } from '../../db/schema.js';
import type { Db, ReadableDb } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { businessDayOf } from '../../core/business-day.js';
import { currentBusinessDay, onBusinessDay } from './business-day.js';
import { intakeAcceptedSoFar } from './intakes.js';
import { appendEvent, countUnsent } from '../platform/index.js';
import { getDevice } from '../platform/index.js';

type Reader = ReadableDb;

function initiativeTotals(db: Reader, where: SQL, join: 'redemption' | 'reversal') {
  const base = db
    .select({
      id: initiatives.id,
      number: initiatives.number,
      title: initiatives.title,
      count: sql<number>`count(*)`,
      cents: sql<number>`sum(${donationParts.amountCents})`,
    })
    .from(donationParts)
    .innerJoin(initiatives, eq(initiatives.id, donationParts.initiativeId))
    .innerJoin(redemptions, eq(redemptions.id, donationParts.redemptionId));
  const joined = join === 'reversal' ? base.innerJoin(reversals, eq(reversals.redemptionId, redemptions.id)) : base;
  return joined.where(where).groupBy(initiatives.id).all();
}

export function buildDayReport(
  db: Reader & Db,
  clock: Clock,
  day: string,
  staffId: string | null,
  kind: 'X' | 'Z',
  zNumber: number | null,
  since: string | null = null,
): DayReport {
  const byStaffR = staffId ? eq(redemptions.staffId, staffId) : undefined;
  const byStaffV = staffId ? eq(reversals.staffId, staffId) : undefined;
  const donationsWhere = and(onBusinessDay(day), byStaffR, since ? gte(redemptions.createdAt, since) : undefined) as SQL;
  const reversalsWhere = and(eq(reversals.businessDay, day), byStaffV, since ? gte(reversals.createdAt, since) : undefined) as SQL;

  const donations = db
    .select({ count: sql<number>`count(*)`, cents: sql<number>`coalesce(sum(${redemptions.valueCents}), 0)` })
    .from(redemptions)
    .where(donationsWhere)
    .get();
  const reversed = db
    .select({ count: sql<number>`count(*)`, cents: sql<number>`coalesce(sum(${redemptions.valueCents}), 0)` })
    .from(reversals)
    .innerJoin(redemptions, eq(redemptions.id, reversals.redemptionId))
    .where(reversalsWhere)
    .get();

  const perInitiative = new Map<string, { number: number; title: string; count: number; reversed: number; totalCents: number }>();
  for (const row of initiativeTotals(db, donationsWhere, 'redemption')) {
    perInitiative.set(row.id, { number: row.number, title: row.title, count: row.count, reversed: 0, totalCents: row.cents });
  }
  for (const row of initiativeTotals(db, reversalsWhere, 'reversal')) {
    const entry = perInitiative.get(row.id) ?? { number: row.number, title: row.title, count: 0, reversed: 0, totalCents: 0 };
    entry.reversed += row.count;
    entry.totalCents -= row.cents;
    perInitiative.set(row.id, entry);
  }

  const staffRows = db
    .select({ id: staff.id, name: staff.name, donations: sql<number>`count(*)`, cents: sql<number>`sum(${redemptions.valueCents})` })
    .from(redemptions)
    .innerJoin(staff, eq(staff.id, redemptions.staffId))
    .where(donationsWhere)
    .groupBy(staff.id)
    .all();
  const staffReversals = db
    .select({ id: staff.id, name: staff.name, count: sql<number>`count(*)` })
    .from(reversals)
    .innerJoin(staff, eq(staff.id, reversals.staffId))
    .where(reversalsWhere)
    .groupBy(staff.id)
    .all();
  const perStaff = new Map<string, { name: string; donations: number; totalCents: number; reversals: number }>();
  for (const s of staffRows) perStaff.set(s.id, { name: s.name, donations: s.donations, totalCents: s.cents, reversals: 0 });
  for (const s of staffReversals) {
    const entry = perStaff.get(s.id) ?? { name: s.name, donations: 0, totalCents: 0, reversals: 0 };
    entry.reversals = s.count;
    perStaff.set(s.id, entry);
  }

  const intakes = db
    .select({
      count: sql<number>`count(*)`,
      vouchers: sql<number>`coalesce(sum(${intakeAcceptedSoFar}), 0)`,
    })
    .from(bulkIntakes)
    .where(
      and(
        eq(bulkIntakes.businessDay, day),
        staffId ? eq(bulkIntakes.staffId, staffId) : undefined,
        since ? gte(bulkIntakes.startedAt, since) : undefined,
      ),
    )
    .get();
  const needsConfirmation =
    db
      .select({ n: sql<number>`count(*)` })
      .from(redemptions)
      .where(and(donationsWhere, eq(redemptions.needsConfirmation, true)))
      .get()?.n ?? 0;
  const device = getDevice(db);
  const staffName = staffId ? (db.select({ name: staff.name }).from(staff).where(eq(staff.id, staffId)).get()?.name ?? null) : null;

  return {
    kind,
    businessDay: day,
    zNumber,
    madeAt: clock().toISOString(),
    servicePoint: device?.servicePoint ?? '',
    deviceName: device?.name ?? '',
    staffFilter: staffName,
    since,
    donations: { count: donations?.count ?? 0, totalCents: donations?.cents ?? 0 },
    reversals: { count: reversed?.count ?? 0, totalCents: reversed?.cents ?? 0 },
    netCents: (donations?.cents ?? 0) - (reversed?.cents ?? 0),
    perInitiative: [...perInitiative.values()].sort((a, b) => a.number - b.number),
    perStaff: [...perStaff.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl')),
    intakes: { count: intakes?.count ?? 0, vouchers: intakes?.vouchers ?? 0 },
    needsConfirmation,
    unsentCount: countUnsent(db),
  };
}

/**
 * The X report a person asked for: the whole day, one staff member's day, or — handover — what the person
 * asking did at this counter since they logged in (the shift handover).
 */
export function requestedReport(
  db: Db,
  clock: Clock,
  actor: Actor & { since: string },
  input: { staffId?: string | undefined; handover?: boolean | undefined },
): DayReport {
  const day = currentBusinessDay(db, clock());
  if (input.handover) return buildDayReport(db, clock, day, actor.staffId, 'X', null, actor.since);
  return buildDayReport(db, clock, day, input.staffId ?? null, 'X', null);
}

export function closeDay(db: Db, clock: Clock, caller: Actor): DayReport {
  return db.transaction(
    (tx) => {
      const now = clock();
      const day = currentBusinessDay(tx, now);
      // After today's Z the current business day is tomorrow: that day has not begun, so it cannot be sealed yet.
      if (day > businessDayOf(now)) throw new AppError('DAY_CLOSED', 'Vandaag is al afgesloten.');
      const last = tx
        .select({ z: sql<number>`coalesce(max(${dayCloses.zNumber}), 0)` })
        .from(dayCloses)
        .get();
      const zNumber = (last?.z ?? 0) + 1;
      const report = buildDayReport(tx as unknown as Db, clock, day, null, 'Z', zNumber);
      const event = appendEvent(tx, {
        type: 'day.closed',
        staffId: caller.staffId,
        deviceTime: now.toISOString(),
        payload: { businessDay: day, zNumber, donations: report.donations, reversals: report.reversals, netCents: report.netCents },
      });
      // The stored report counts the day.closed event as unsent too, as it is at this moment.
      const sealed = { ...report, unsentCount: report.unsentCount + 1 };
      tx.insert(dayCloses)
        .values({
          businessDay: day,
          zNumber,
          sealedAt: now.toISOString(),
          sealedBy: caller.staffId,
          report: JSON.stringify(sealed),
          outboxSeq: event.seq,
        })
        .run();
      return sealed;
    },
    { behavior: 'immediate' },
  );
}

export function listClosedDays(db: Db, limit = 60): DayReport[] {
  return db
    .select({ report: dayCloses.report })
    .from(dayCloses)
    .orderBy(desc(dayCloses.zNumber))
    .limit(limit)
    .all()
    .map((r) => dayReportSchema.parse(JSON.parse(r.report)));
}
