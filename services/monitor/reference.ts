/** Reference data for the screens: districts and rounds. */
import { asc, sql } from 'drizzle-orm';
import type { District, Round } from '../../core/api/contract-reference.js';
import { districts, rounds, voucherRegistry } from '../../db/schema.js';
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
