/** Reference data for the screens and the monitor: districts, rounds, the district budgets. */
import { asc, eq, sql } from 'drizzle-orm';
import type { District, DistrictBudget, Round } from '../../core/api/contract-reference.js';
import { districts, initiatives, rounds, voucherRegistry } from '../../db/schema.js';
import type { ReadableDb } from '../../db/open-store.js';

export function listDistricts(db: ReadableDb): District[] {
  return db.select().from(districts).orderBy(asc(districts.code)).all();
}

export function listRounds(db: ReadableDb): Round[] {
  return db
    .select({
      id: rounds.id,
      valueCents: rounds.valueCents,
      activeFrom: rounds.activeFrom,
      activeUntil: rounds.activeUntil,
      status: rounds.status,
      voucherCount: sql<number>`(SELECT count(*) FROM ${voucherRegistry} WHERE ${voucherRegistry.roundId} = ${rounds.id})`,
    })
    .from(rounds)
    .orderBy(asc(rounds.activeFrom))
    .all();
}

/** Per district: budget, committed, collected, released, room (the monitor's money table). */
export function districtBudgets(db: ReadableDb): DistrictBudget[] {
  const rows = db
    .select({
      code: districts.code,
      name: districts.name,
      budgetCents: districts.budgetCents,
      committedCents: sql<number>`coalesce(sum(case when ${initiatives.status} in ('spaarfase','streefbedrag_behaald','in_uitvoering','uitgevoerd') then ${initiatives.targetCents} end), 0)`,
      collectedCents: sql<number>`coalesce(sum(case when ${initiatives.status} in ('spaarfase','streefbedrag_behaald','in_uitvoering','uitgevoerd') then ${initiatives.collectedCents} end), 0)`,
      releasedCents: sql<number>`coalesce(sum(case when ${initiatives.status} = 'niet_geslaagd' then ${initiatives.collectedCents} end), 0)`,
      initiatives: sql<number>`count(case when ${initiatives.status} in ('spaarfase','streefbedrag_behaald','in_uitvoering','uitgevoerd') then 1 end)`,
    })
    .from(districts)
    .leftJoin(initiatives, eq(initiatives.districtCode, districts.code))
    .groupBy(districts.code)
    .orderBy(asc(districts.code))
    .all();
  return rows.map((r) => ({ ...r, roomCents: r.budgetCents - r.committedCents + r.releasedCents }));
}
