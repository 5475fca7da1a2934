import { eq } from 'drizzle-orm';
import { businessDayOf, nextBusinessDay, type BusinessDay } from '../../core/business-day.js';
import { dayCloses } from '../../db/schema.js';
import type { ReadableDb } from '../../db/open-store.js';

/** Today in Almelo — or, once today is sealed by a Z report, the first day after it that is not. */
export function currentBusinessDay(db: ReadableDb, now: Date): BusinessDay {
  let day = businessDayOf(now);
  while (db.select({ d: dayCloses.businessDay }).from(dayCloses).where(eq(dayCloses.businessDay, day)).get()) {
    day = nextBusinessDay(day);
  }
  return day;
}
