import { and, eq, gte, sql, type SQL } from 'drizzle-orm';
import { definePrepared } from '../../db/prepared.js';
import { businessDayOf, nextBusinessDay, type BusinessDay } from '../../core/business-day.js';
import { dayCloses, donationDays, redemptions } from '../../db/schema.js';
import type { ReadableDb, Tx } from '../../db/open-store.js';

/** Today in Almelo — or, once today is sealed by a Z report, the first day after it that is not. */
const sealed = definePrepared((db: ReadableDb) =>
  db
    .select({ d: dayCloses.businessDay })
    .from(dayCloses)
    .where(eq(dayCloses.businessDay, sql.placeholder('day')))
    .prepare(),
);

export function currentBusinessDay(db: ReadableDb, now: Date): BusinessDay {
  let day = businessDayOf(now);
  while (sealed(db).get({ day })) {
    day = nextBusinessDay(day);
  }
  return day;
}

/**
 * Keeps `donation_days` (db/schema.ts), in the donation's transaction: the day's smallest redemption id. One read of a
 * page every donation reads anyway; a write only for the day's first donation (or an id below the day's smallest,
 * should the clock have gone back).
 */
const markDay = definePrepared((db: Tx) =>
  db
    .insert(donationDays)
    .values({ businessDay: sql.placeholder('businessDay'), firstId: sql.placeholder('id') })
    .onConflictDoUpdate({
      target: donationDays.businessDay,
      set: { firstId: sql`excluded.first_id` },
      setWhere: sql`excluded.first_id < ${donationDays.firstId}`,
    })
    .prepare(),
);

export function markDonationDay(tx: Tx, businessDay: BusinessDay, redemptionId: string): void {
  markDay(tx).run({ businessDay, id: redemptionId });
}

/**
 * A business day's donations as a condition on `redemptions`: the key range from the day's smallest id
 * (`donation_days`), filtered by day — SQLite reads the day and the days after it, never the years before it, and
 * needs no index on business_day. A day without donations has no row there and matches nothing.
 */
export function onBusinessDay(businessDay: BusinessDay): SQL {
  return and(
    gte(redemptions.id, sql`(SELECT ${donationDays.firstId} FROM ${donationDays} WHERE ${donationDays.businessDay} = ${businessDay})`),
    eq(redemptions.businessDay, businessDay),
  ) as SQL;
}
