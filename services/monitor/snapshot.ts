/**
 * The monitor on a device: the figures the central ledger computed (fetched on every sync, kept with their
 * date), or — on a device that is not connected to a ledger, or has not fetched them yet — the same figures
 * computed from this device's own data with the same definitions (core/budget.ts, core/monitor.ts). First-time
 * participants need the ledger's addresses, so a device alone leaves them out and says so.
 */
import { eq, inArray, isNull } from 'drizzle-orm';
import { budgetAccounts, type BudgetEntry, type InitiativeMoney } from '../../core/budget.js';
import { businessDayOf, yearOf } from '../../core/business-day.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import {
  MONITOR_FORMAT,
  MUNICIPALITY,
  groupInitiatives,
  monitorSnapshotSchema,
  feedbackPerRound,
  type AreaFigures,
  type MonitorSnapshot,
} from '../../core/monitor.js';
import type { MonitorView } from '../../core/api/contract-reference.js';
import { districts, initiatives, ledgerMonitor, outbox, redemptions, rounds, volunteers } from '../../db/schema.js';
import type { Db, ReadableDb, Tx } from '../../db/open-store.js';
import type { Clock, Logger } from '../platform/index.js';

const NOT_APPROVED: ReadonlySet<string> = new Set(['concept', 'ingediend', 'in_beoordeling', 'afgewezen']);

/** Keep what the ledger computed; the districts' household counts come with it (the address import is the ledger's). */
export function storeLedgerMonitor(tx: Tx, snapshot: MonitorSnapshot, fetchedAt: string): void {
  const row = { id: 1, asOf: snapshot.asOf, fetchedAt, json: JSON.stringify(snapshot) };
  tx.insert(ledgerMonitor).values(row).onConflictDoUpdate({ target: ledgerMonitor.id, set: row }).run();
  for (const area of snapshot.areas) {
    if (area.kind === 'buurt') continue;
    tx.update(districts).set({ households: area.households, householdsSynthetic: false }).where(eq(districts.code, area.code)).run();
  }
}

function storedLedgerMonitor(db: ReadableDb, log: Logger): { snapshot: MonitorSnapshot; fetchedAt: string } | null {
  const row = db.select().from(ledgerMonitor).where(eq(ledgerMonitor.id, 1)).get();
  if (!row) return null;
  const parsed = monitorSnapshotSchema.safeParse(JSON.parse(row.json));
  if (!parsed.success) {
    // Written by an older version of the app: compute from the device's own data until the next sync.
    log.warn({ issue: parsed.error.issues[0]?.message }, 'stored monitor figures do not parse; using the device’s own');
    return null;
  }
  return { snapshot: parsed.data, fetchedAt: row.fetchedAt };
}

/** The same figures from this device's own data (a device alone: demo, or before its first sync). */
export function deviceMonitor(db: ReadableDb, clock: Clock): MonitorSnapshot {
  const now = clock();
  const year = yearOf(now);
  const districtRows = db.select().from(districts).all();
  const roundRows = db.select().from(rounds).all();
  const initiativeRows = db.select().from(initiatives).all();
  // Donations this device took that were not reversed (the ledger's verdicts arrive with its own figures).
  const counted = db
    .select({ roundId: redemptions.roundId, districtCode: redemptions.districtCode, createdAt: redemptions.createdAt })
    .from(redemptions)
    .where(isNull(redemptions.reversedAt))
    .all();
  const households = (area: string) =>
    area === MUNICIPALITY
      ? districtRows.reduce((s, d) => s + d.households, 0)
      : (districtRows.find((d) => d.code === area)?.households ?? 0);
  const sortedRounds = [...roundRows].sort((a, b) => a.activeFrom.localeCompare(b.activeFrom));
  const snapshotRounds = sortedRounds.map((r, index) => {
    const figures = new Map<string, AreaFigures>();
    const at = (area: string) => {
      let f = figures.get(area);
      if (!f) {
        f = { area, households: households(area), vouchersUsed: 0, counter: 0, website: 0, firstTimers: 0, newInitiatives: 0 };
        figures.set(area, f);
      }
      return f;
    };
    at(MUNICIPALITY);
    for (const d of districtRows) at(d.code);
    const perDay = new Map<string, number>();
    for (const d of counted.filter((x) => x.roundId === r.id)) {
      for (const area of [MUNICIPALITY, d.districtCode]) {
        if (!area) continue;
        at(area).vouchersUsed += 1;
        at(area).counter += 1;
      }
      const day = businessDayOf(new Date(d.createdAt));
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const next = sortedRounds[index + 1];
    for (const i of initiativeRows) {
      if (i.createdAt < r.activeFrom || (next && i.createdAt >= next.activeFrom)) continue;
      at(MUNICIPALITY).newInitiatives += 1;
      at(i.districtCode).newInitiatives += 1;
    }
    let running = 0;
    return {
      id: r.id,
      valueCents: r.valueCents,
      activeFrom: r.activeFrom,
      activeUntil: r.activeUntil,
      status: r.status,
      vouchersIssued: 0,
      figures: [...figures.values()],
      curve: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => ({ day, used: (running += n) })),
    };
  });
  // A device alone knows a district's budget for this year only; its approved initiatives draw on this year.
  const entries: BudgetEntry[] = districtRows.map((d) => ({ kind: 'reservation', year, districtCode: d.code, amountCents: d.budgetCents }));
  const money: InitiativeMoney[] = initiativeRows.map((i) => ({
    id: i.id,
    districtCode: i.districtCode,
    budgetYear: NOT_APPROVED.has(i.status) ? null : year,
    status: i.status as InitiativeStatus,
    targetCents: i.targetCents,
    collectedCents: i.collectedCents,
  }));
  const help = new Map<string, { districtCode: string; volunteers: number; materials: number }>();
  for (const v of db
    .select({ kind: volunteers.kind, initiativeId: volunteers.initiativeId, erasedAt: volunteers.erasedAt })
    .from(volunteers)
    .all()) {
    if (v.erasedAt) continue;
    const districtCode = initiativeRows.find((i) => i.id === v.initiativeId)?.districtCode;
    if (!districtCode) continue;
    const h = help.get(districtCode) ?? { districtCode, volunteers: 0, materials: 0 };
    if (v.kind === 'volunteer') h.volunteers += 1;
    else h.materials += 1;
    help.set(districtCode, h);
  }
  // This device's own answers and remarks, from its outbox (where they wait for the ledger, or stay as sent).
  const said = db
    .select({ type: outbox.type, payload: outbox.payload })
    .from(outbox)
    .where(inArray(outbox.type, ['feedback.given', 'feedback.remarked']))
    .all()
    .map((e) => ({ type: e.type, payload: JSON.parse(e.payload) as { businessDay: string; score?: number; text?: string } }));
  const feedback = feedbackPerRound(
    roundRows,
    said.filter((e) => e.type === 'feedback.given').map((e) => ({ day: e.payload.businessDay, score: e.payload.score ?? 0 })),
    said.filter((e) => e.type === 'feedback.remarked').map((e) => ({ day: e.payload.businessDay, text: e.payload.text ?? '' })),
  );
  return {
    format: MONITOR_FORMAT,
    asOf: now.toISOString(),
    ...feedback,
    areas: districtRows.map((d) => ({ code: d.code, name: d.name, kind: d.kind, districtCode: null, households: d.households })),
    rounds: snapshotRounds,
    initiatives: groupInitiatives(initiativeRows.map((i) => ({ ...i, budgetYear: NOT_APPROVED.has(i.status) ? null : year }))),
    help: [...help.values()],
    budget: budgetAccounts(entries, money, { districtCodes: districtRows.map((d) => d.code), years: [year] }),
    budgetLines: [],
  };
}

/** What the Monitor screen and the reports show: the ledger's figures when this device has them. */
export function monitorView(db: Db, clock: Clock, log: Logger): MonitorView {
  const stored = storedLedgerMonitor(db, log);
  if (stored) return { source: 'ledger', fetchedAt: stored.fetchedAt, snapshot: stored.snapshot };
  const householdsSynthetic = db
    .select({ s: districts.householdsSynthetic })
    .from(districts)
    .all()
    .some((d) => d.s);
  return { source: 'device', fetchedAt: null, householdsSynthetic, snapshot: deviceMonitor(db, clock) };
}
