/** Read-only lists the screens need: districts, rounds, initiatives. */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { District, InitiativeSummary, Round } from '../core/api/contract-reference.js';
import type { InitiativeStatus } from '../core/initiative-status.js';
import { districts, initiatives, rounds, voucherRegistry } from '../db/schema.js';
import type { Db } from '../db/open-store.js';

export function listDistricts(db: Db): District[] {
  return db.select().from(districts).orderBy(asc(districts.code)).all();
}

export function listRounds(db: Db): Round[] {
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

export function listInitiatives(
  db: Db,
  filter: { districtCode?: string | undefined; status?: InitiativeStatus | undefined; query?: string | undefined },
): InitiativeSummary[] {
  const where: SQL[] = [];
  if (filter.districtCode) where.push(eq(initiatives.districtCode, filter.districtCode));
  if (filter.status) where.push(eq(initiatives.status, filter.status));
  const query = filter.query?.trim();
  if (query) {
    // A number finds that initiative; text searches the title (case-insensitive, LIKE-escaped).
    const pattern = `%${query.replace(/[\\%_]/g, (c: string) => `\\${c}`)}%`;
    where.push(
      /^\d+$/.test(query)
        ? sql`(${initiatives.number} = ${Number(query)} OR ${initiatives.title} LIKE ${pattern} ESCAPE '\\')`
        : sql`${initiatives.title} LIKE ${pattern} ESCAPE '\\'`,
    );
  }
  return db
    .select({
      id: initiatives.id,
      number: initiatives.number,
      title: initiatives.title,
      summary: initiatives.summary,
      districtCode: initiatives.districtCode,
      theme: initiatives.theme,
      status: initiatives.status,
      targetCents: initiatives.targetCents,
      collectedCents: initiatives.collectedCents,
      deadline: initiatives.deadline,
    })
    .from(initiatives)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(initiatives.number))
    .all() as InitiativeSummary[];
}
