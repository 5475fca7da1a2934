import { eq, sql } from 'drizzle-orm';
import { definePrepared } from '../../db/prepared.js';
import { businessDayOf, nextBusinessDay, type BusinessDay } from '../../core/business-day.js';
import { dayCloses } from '../../db/schema.js';
import type { ReadableDb } from '../../db/open-store.js';

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
