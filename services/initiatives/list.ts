/** The initiatives list: search, filters and order, for every screen that lists initiatives. */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { InitiativeSummary } from '../../core/api/contract-reference.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import { initiativePeople, initiatives } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';

export function listInitiatives(
  db: Db,
  filter: {
    districtCode?: string | undefined;
    status?: InitiativeStatus | undefined;
    theme?: string | undefined;
    query?: string | undefined;
    sort?: 'number' | 'newest' | 'closest' | 'deadline' | undefined;
    limit?: number | undefined;
  },
  /** Text also finds the initiator's name: only for roles that may see the people (counter, assess). */
  options: { byInitiator?: boolean } = {},
): InitiativeSummary[] {
  const where: SQL[] = [];
  if (filter.districtCode) where.push(eq(initiatives.districtCode, filter.districtCode));
  if (filter.status) where.push(eq(initiatives.status, filter.status));
  if (filter.theme) where.push(eq(initiatives.theme, filter.theme));
  const query = filter.query?.trim();
  if (query) {
    // A number finds that initiative; text searches the title, and the initiator's name for roles that
    // work with people (case-insensitive, LIKE-escaped). An erased initiator is not found by name.
    const pattern = `%${query.replace(/[\\%_]/g, (c: string) => `\\${c}`)}%`;
    const initiator = sql`EXISTS (SELECT 1 FROM ${initiativePeople} WHERE ${initiativePeople.initiativeId} = ${initiatives.id}
      AND ${initiativePeople.role} = 'initiator' AND ${initiativePeople.erasedAt} IS NULL AND ${initiativePeople.name} LIKE ${pattern} ESCAPE '\\')`;
    const text = options.byInitiator
      ? sql`(${initiatives.title} LIKE ${pattern} ESCAPE '\\' OR ${initiator})`
      : sql`${initiatives.title} LIKE ${pattern} ESCAPE '\\'`;
    where.push(/^\d+$/.test(query) ? sql`(${initiatives.number} = ${Number(query)} OR ${text})` : text);
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
    .orderBy(...orderFor(filter.sort))
    .limit(filter.limit ?? 1000)
    .all() as InitiativeSummary[];
}

/** newest first; closest to its target first (largest share collected); nearest deadline first; or by number. */
function orderFor(sort: 'number' | 'newest' | 'closest' | 'deadline' | undefined): SQL[] {
  if (sort === 'newest') return [desc(initiatives.createdAt), desc(initiatives.number)];
  if (sort === 'closest')
    return [sql`${initiatives.collectedCents} * 1.0 / max(${initiatives.targetCents}, 1) DESC`, asc(initiatives.number)];
  if (sort === 'deadline') return [sql`${initiatives.deadline} IS NULL`, asc(initiatives.deadline), asc(initiatives.number)];
  return [asc(initiatives.number)];
}
