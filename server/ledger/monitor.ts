/**
 * The monitor's figures, computed by the ledger from its own data (core/monitor.ts has the shape and the
 * meaning of each figure). Households are counted from the address import; who gave a voucher is known
 * only as "an address that gave one before or not" (first-timers); nothing personal leaves this file.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { parsePayload } from '../../core/sync/events.js';
import { businessDayOf, momentOf, yearOf } from '../../core/business-day.js';
import {
  MONITOR_FORMAT,
  MUNICIPALITY,
  groupInitiatives,
  monitorSnapshotSchema,
  feedbackPerRound,
  type AreaFigures,
  type MonitorSnapshot,
} from '../../core/monitor.js';
import { addresses, districts, donations, events, helpOffers, initiatives, rounds, vouchers } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { budgetAccountsOf, budgetLines } from './budget.js';

const num = (v: unknown) => Number(v ?? 0);

/** Rows of a raw query, whichever driver (node-postgres or PGlite) answered it. */
async function rowsOf<T>(db: LedgerDb, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

function emptyFigures(area: string, households: number): AreaFigures {
  return { area, households, vouchersUsed: 0, counter: 0, website: 0, firstTimers: 0, newInitiatives: 0 };
}

export async function monitorSnapshot(db: LedgerDb, tenantId: string, now = new Date()): Promise<MonitorSnapshot> {
  const districtRows = await db.select().from(districts).where(eq(districts.tenantId, tenantId)).orderBy(asc(districts.code));
  const roundRows = await db.select().from(rounds).where(eq(rounds.tenantId, tenantId)).orderBy(asc(rounds.activeFrom));
  const households = await rowsOf<{ district_code: string; buurt_code: string | null; n: string }>(
    db,
    sql`select district_code, buurt_code, count(*) as n from ${addresses} where tenant_id = ${tenantId} group by district_code, buurt_code`,
  );
  const perDistrict = new Map<string, number>();
  const perBuurt = new Map<string, { districtCode: string; n: number }>();
  for (const h of households) {
    perDistrict.set(h.district_code, (perDistrict.get(h.district_code) ?? 0) + num(h.n));
    if (h.buurt_code) {
      const b = perBuurt.get(h.buurt_code) ?? { districtCode: h.district_code, n: 0 };
      b.n += num(h.n);
      perBuurt.set(h.buurt_code, b);
    }
  }
  const totalHouseholds = [...perDistrict.values()].reduce((s, n) => s + n, 0);
  const areaHouseholds = (area: string) =>
    area === MUNICIPALITY ? totalHouseholds : (perDistrict.get(area) ?? perBuurt.get(area)?.n ?? 0);

  // Counted donations per round and area, by channel.
  const used = await rowsOf<{ round_id: string; district_code: string | null; buurt_code: string | null; channel: string; n: string }>(
    db,
    sql`select round_id, district_code, buurt_code, channel, count(*) as n from ${donations}
        where tenant_id = ${tenantId} and state = 'counted' group by round_id, district_code, buurt_code, channel`,
  );
  // First-timers: addresses whose voucher counts in a round, and whose vouchers counted in no earlier round.
  const firstTimers = await rowsOf<{ round_id: string; district_code: string; buurt_code: string | null; n: string }>(
    db,
    sql`with used as (
          select d.round_id, v.address_id, v.district_code, v.buurt_code, r.active_from
          from ${donations} d
          join ${vouchers} v on v.tenant_id = d.tenant_id and v.round_id = d.round_id and v.code_hash = d.code_hash
          join ${rounds} r on r.tenant_id = d.tenant_id and r.id = d.round_id
          where d.tenant_id = ${tenantId} and d.state = 'counted')
        select u.round_id, u.district_code, u.buurt_code, count(distinct u.address_id) as n from used u
        where not exists (select 1 from used e where e.address_id = u.address_id and e.active_from < u.active_from)
        group by u.round_id, u.district_code, u.buurt_code`,
  );
  const issued = await rowsOf<{ round_id: string; n: string }>(
    db,
    sql`select round_id, count(*) as n from ${vouchers} where tenant_id = ${tenantId} group by round_id`,
  );
  const registered = await db
    .select({ districtCode: initiatives.districtCode, createdAt: initiatives.createdAt })
    .from(initiatives)
    .where(eq(initiatives.tenantId, tenantId));
  const moments = await db
    .select({ roundId: donations.roundId, deviceTime: donations.deviceTime, receivedAt: donations.receivedAt })
    .from(donations)
    .where(and(eq(donations.tenantId, tenantId), eq(donations.state, 'counted')));

  const snapshotRounds = roundRows.map((r, index) => {
    const figures = new Map<string, AreaFigures>();
    const at = (area: string) => {
      let f = figures.get(area);
      if (!f) figures.set(area, (f = emptyFigures(area, areaHouseholds(area))));
      return f;
    };
    at(MUNICIPALITY);
    for (const d of districtRows) at(d.code);
    for (const u of used.filter((x) => x.round_id === r.id)) {
      const n = num(u.n);
      for (const area of [MUNICIPALITY, u.district_code, u.buurt_code]) {
        if (!area) continue;
        const f = at(area);
        f.vouchersUsed += n;
        if (u.channel === 'website') f.website += n;
        else f.counter += n;
      }
    }
    for (const t of firstTimers.filter((x) => x.round_id === r.id)) {
      for (const area of [MUNICIPALITY, t.district_code, t.buurt_code]) if (area) at(area).firstTimers += num(t.n);
    }
    const next = roundRows[index + 1];
    for (const i of registered) {
      const created = Date.parse(i.createdAt);
      if (created < Date.parse(r.activeFrom) || (next && created >= Date.parse(next.activeFrom))) continue;
      at(MUNICIPALITY).newInitiatives += 1;
      at(i.districtCode).newInitiatives += 1;
    }
    // The activation curve by the day the resident gave the voucher (the device's clock; the ledger's if unreadable).
    const perDay = new Map<string, number>();
    for (const m of moments.filter((x) => x.roundId === r.id)) {
      const given = new Date(momentOf(m.deviceTime));
      const day = businessDayOf(Number.isNaN(given.getTime()) ? new Date(m.receivedAt) : given);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    let running = 0;
    const curve = [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => ({ day, used: (running += n) }));
    return {
      id: r.id,
      valueCents: r.valueCents,
      activeFrom: new Date(r.activeFrom).toISOString(),
      activeUntil: new Date(r.activeUntil).toISOString(),
      status: r.status,
      vouchersIssued: num(issued.find((x) => x.round_id === r.id)?.n),
      figures: [...figures.values()],
      curve,
    };
  });

  const initiativeRows = await rowsOf<{
    district_code: string;
    theme: string;
    status: string;
    approved_at: string | null;
    target_cents: string;
    collected_cents: string;
  }>(
    db,
    sql`select district_code, theme, status, approved_at, target_cents, collected_cents from ${initiatives} where tenant_id = ${tenantId}`,
  );
  const grouped = groupInitiatives(
    initiativeRows.map((i) => ({
      districtCode: i.district_code,
      theme: i.theme,
      status: i.status,
      budgetYear: i.approved_at ? yearOf(new Date(i.approved_at)) : null,
      targetCents: num(i.target_cents),
      collectedCents: num(i.collected_cents),
    })),
  );
  const help = await db
    .select({
      districtCode: initiatives.districtCode,
      volunteers: sql<number>`count(*) filter (where ${helpOffers.kind} = 'volunteer')`.mapWith(Number),
      materials: sql<number>`count(*) filter (where ${helpOffers.kind} <> 'volunteer')`.mapWith(Number),
    })
    .from(helpOffers)
    .innerJoin(initiatives, and(eq(initiatives.tenantId, helpOffers.tenantId), eq(initiatives.id, helpOffers.initiativeId)))
    .where(and(eq(helpOffers.tenantId, tenantId), isNull(helpOffers.erasedAt)))
    .groupBy(initiatives.districtCode);

  // The satisfaction answers and staff remarks are events kept for the record; grouped per round by their day.
  const said = await db
    .select({ type: events.type, payload: events.payload })
    .from(events)
    .where(
      and(eq(events.tenantId, tenantId), inArray(events.type, ['feedback.given', 'feedback.remarked']), eq(events.outcome, 'accepted')),
    );
  const feedback = feedbackPerRound(
    roundRows.map((r) => ({ id: r.id, activeFrom: new Date(r.activeFrom).toISOString() })),
    said
      .flatMap((e) => (e.type === 'feedback.given' ? [parsePayload('feedback.given', 1, e.payload)] : []))
      .map((p) => ({ day: p.businessDay, score: p.score })),
    said
      .flatMap((e) => (e.type === 'feedback.remarked' ? [parsePayload('feedback.remarked', 1, e.payload)] : []))
      .map((p) => ({ day: p.businessDay, text: p.text })),
  );
  const lines = await budgetLines(db, tenantId);
  const snapshot: MonitorSnapshot = {
    format: MONITOR_FORMAT,
    asOf: now.toISOString(),
    areas: [
      ...districtRows.map((d) => ({
        code: d.code,
        name: d.name,
        kind: d.kind,
        districtCode: null,
        households: perDistrict.get(d.code) ?? 0,
      })),
      ...[...perBuurt.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, b]) => ({ code, name: code, kind: 'buurt' as const, districtCode: b.districtCode, households: b.n })),
    ],
    rounds: snapshotRounds,
    initiatives: grouped,
    help,
    ...feedback,
    budget: await budgetAccountsOf(db, tenantId, now),
    budgetLines: lines.map((l) => ({
      id: l.id,
      at: new Date(l.at).toISOString(),
      kind: l.kind,
      year: l.year,
      districtCode: l.districtCode,
      toDistrictCode: l.toDistrictCode ?? null,
      amountCents: l.amountCents,
      initiativeNumber: l.initiativeNumber,
      paymentReference: l.paymentReference,
      reason: l.reason,
      by: l.actor.startsWith('staff') ? 'wijkregisseur' : l.actor === 'migration' ? 'migratie' : 'beheerder',
    })),
  };
  // What leaves the ledger is exactly what devices parse: a figure the schema does not know is a bug here.
  return monitorSnapshotSchema.parse(snapshot);
}
