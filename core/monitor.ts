/**
 * The monitor's figures (the council's evaluation after every round): what the ledger computes from its own
 * data — no personal data, households only as counts — and every device, screen and report shows as it came.
 * One schema for both sides: the ledger builds it (server/ledger/monitor.ts), `GET /v1/monitor` carries it
 * (docs/sync-protocol.md), the device keeps the last one it fetched and says how old it is.
 */
import { z } from 'zod';
import { initiativeStatuses, themes, type InitiativeStatus, type Theme } from './initiative-status.js';
import { budgetEntryKinds } from './budget.js';

export const MONITOR_FORMAT = 'buurtbalie-monitor/1';
/** The college's aim: on average 8 new initiatives per district and village per round. */
export const NEW_INITIATIVES_AIM = 8;
/** The area code of the municipality as a whole in every list of figures. */
export const MUNICIPALITY = '*';

const count = z.number().int().nonnegative();
const cents = z.number().int();

/** One area's figures for one round. */
export const areaFiguresSchema = z.object({
  /** '*' (the municipality), a district code (WK…) or a buurt code (BU…). */
  area: z.string(),
  households: count,
  /** Vouchers of this round that count (one per voucher), by the voucher's own district or buurt. */
  vouchersUsed: count,
  /** Of which given at a counter or laptop, and on the website. */
  counter: count,
  website: count,
  /** Households that gave this round's voucher and had not given one in any earlier round. */
  firstTimers: count,
  /** Initiatives registered from this round's start until the next round's start (districts and the municipality). */
  newInitiatives: count,
});
export type AreaFigures = z.infer<typeof areaFiguresSchema>;

export const budgetAccountSchema = z.object({
  year: z.number().int(),
  districtCode: z.string(),
  reservedCents: cents,
  transferredInCents: cents,
  transferredOutCents: cents,
  availableCents: cents,
  collectedCents: cents,
  committedCents: cents,
  paidOutCents: cents,
  cameBackCents: cents,
  roomCents: cents,
  initiatives: z.object({ collecting: count, funded: count, ended: count }),
});

export const monitorSnapshotSchema = z.object({
  format: z.literal(MONITOR_FORMAT),
  asOf: z.string(),
  areas: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.enum(['wijk', 'dorp', 'buurt']),
      /** A buurt's district; null for a district. */
      districtCode: z.string().nullable(),
      households: count,
    }),
  ),
  rounds: z.array(
    z.object({
      id: z.string(),
      valueCents: z.number().int(),
      activeFrom: z.string(),
      activeUntil: z.string(),
      status: z.enum(['planned', 'open', 'closed']),
      vouchersIssued: count,
      figures: z.array(areaFiguresSchema),
      /** The municipality's activation curve: vouchers used up to and including each day (Europe/Amsterdam). */
      curve: z.array(z.object({ day: z.string(), used: count })),
    }),
  ),
  /** Initiatives per district, theme, status and budget year: how many, their targets and what they collected. */
  initiatives: z.array(
    z.object({
      districtCode: z.string(),
      theme: z.enum(themes),
      status: z.enum(initiativeStatuses),
      budgetYear: z.number().int().nullable(),
      count,
      targetCents: cents,
      collectedCents: cents,
    }),
  ),
  /** Help offered per district (volunteers signed up, material pledges), all rounds. */
  help: z.array(z.object({ districtCode: z.string(), volunteers: count, materials: count })),
  /** Answers to the one-tap question after a donation, per round: how many gave 1, 2, 3, 4, 5. */
  satisfaction: z.array(z.object({ roundId: z.string(), perScore: z.tuple([count, count, count, count, count]) })).default([]),
  /** What residents said, as staff wrote it down, per round (the latest REMARKS_PER_ROUND). */
  remarks: z.array(z.object({ roundId: z.string(), day: z.string(), text: z.string() })).default([]),
  budget: z.array(budgetAccountSchema),
  budgetLines: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      kind: z.enum(budgetEntryKinds),
      year: z.number().int(),
      districtCode: z.string(),
      toDistrictCode: z.string().nullable(),
      amountCents: cents,
      initiativeNumber: z.number().int().nullable(),
      paymentReference: z.string().nullable(),
      reason: z.string(),
      /** 'beheerder' or 'wijkregisseur': the role, never a name. */
      by: z.string(),
    }),
  ),
});
export type MonitorSnapshot = z.infer<typeof monitorSnapshotSchema>;
export type MonitorRound = MonitorSnapshot['rounds'][number];

/** At most this many remarks per round travel with the figures. */
export const REMARKS_PER_ROUND = 50;

/**
 * The round a day belongs to: the last round that started on or before it (a day after one round's window and
 * before the next belongs to the one before). Null before the first round.
 */
export function roundOfDay(rounds: readonly { id: string; activeFrom: string }[], day: string): string | null {
  let found: string | null = null;
  for (const r of [...rounds].sort((a, b) => a.activeFrom.localeCompare(b.activeFrom))) {
    if (r.activeFrom.slice(0, 10) <= day) found = r.id;
  }
  return found;
}

/** Scores 1–5 and remarks, grouped per round (ledger and device alike). */
export function feedbackPerRound(
  rounds: readonly { id: string; activeFrom: string }[],
  scores: readonly { day: string; score: number }[],
  remarks: readonly { day: string; text: string }[],
): Pick<MonitorSnapshot, 'satisfaction' | 'remarks'> {
  const per = new Map<string, [number, number, number, number, number]>();
  for (const s of scores) {
    const roundId = roundOfDay(rounds, s.day);
    if (!roundId || s.score < 1 || s.score > 5) continue;
    const counts = per.get(roundId) ?? [0, 0, 0, 0, 0];
    counts[s.score - 1] = (counts[s.score - 1] ?? 0) + 1;
    per.set(roundId, counts);
  }
  const kept = new Map<string, { roundId: string; day: string; text: string }[]>();
  for (const r of [...remarks].sort((a, b) => b.day.localeCompare(a.day))) {
    const roundId = roundOfDay(rounds, r.day);
    if (!roundId) continue;
    const list = kept.get(roundId) ?? [];
    if (list.length < REMARKS_PER_ROUND) list.push({ roundId, day: r.day, text: r.text });
    kept.set(roundId, list);
  }
  return {
    satisfaction: [...per.entries()].map(([roundId, perScore]) => ({ roundId, perScore })),
    remarks: [...kept.values()].flat(),
  };
}

/** Average score in hundredths (412 = 4,12) and the number of answers; null average without answers. */
export function satisfactionOf(snapshot: MonitorSnapshot, roundId: string) {
  const perScore = snapshot.satisfaction.find((s) => s.roundId === roundId)?.perScore ?? [0, 0, 0, 0, 0];
  const answers = perScore.reduce((a, b) => a + b, 0);
  const sum = perScore.reduce((a, n, i) => a + n * (i + 1), 0);
  return { answers, perScore, averageHundredths: answers > 0 ? Math.round((sum / answers) * 100) : null };
}

/** Activation: vouchers used per household, in tenths of a percent (one decimal), 0 without households. */
export function activationPermille(vouchersUsed: number, households: number): number {
  return households > 0 ? Math.round((vouchersUsed / households) * 1000) : 0;
}

/** `178` → `17,8%` (Dutch decimal comma). */
export function formatPermille(permille: number): string {
  return `${(permille / 10).toFixed(1).replace('.', ',')}%`;
}

/** An area's figures in a round, or zeros (a district without any donation still has its households). */
export function figuresOf(round: MonitorRound, area: string, households = 0): AreaFigures {
  return (
    round.figures.find((f) => f.area === area) ?? {
      area,
      households,
      vouchersUsed: 0,
      counter: 0,
      website: 0,
      firstTimers: 0,
      newInitiatives: 0,
    }
  );
}

/** One line of the participation table (screen and reports): an area's figures in a round, with activation. */
export interface ParticipationRow extends AreaFigures {
  name: string;
  kind: 'gemeente' | 'wijk' | 'dorp' | 'buurt';
  districtCode: string | null;
  activationPermille: number;
  /** Districts only: new initiatives against the aim (NEW_INITIATIVES_AIM). */
  aimReached: boolean | null;
  volunteers: number;
}

/** The municipality first, then every district and village, then every buurt: one round's participation. */
export function participation(snapshot: MonitorSnapshot, roundId: string, municipalityName: string): ParticipationRow[] {
  const round = snapshot.rounds.find((r) => r.id === roundId);
  if (!round) return [];
  const help = (district: string | null) =>
    district === null
      ? snapshot.help.reduce((s, h) => s + h.volunteers, 0)
      : (snapshot.help.find((h) => h.districtCode === district)?.volunteers ?? 0);
  const row = (area: string, name: string, kind: ParticipationRow['kind'], districtCode: string | null, households: number) => {
    const f = figuresOf(round, area, households);
    return {
      ...f,
      households: f.households || households,
      name,
      kind,
      districtCode,
      activationPermille: activationPermille(f.vouchersUsed, f.households || households),
      aimReached: kind === 'wijk' || kind === 'dorp' ? f.newInitiatives >= NEW_INITIATIVES_AIM : null,
      volunteers: kind === 'buurt' ? 0 : help(kind === 'gemeente' ? null : area),
    };
  };
  const total = snapshot.areas.filter((a) => a.kind !== 'buurt').reduce((s, a) => s + a.households, 0);
  return [
    row(MUNICIPALITY, municipalityName, 'gemeente', null, total),
    ...snapshot.areas.filter((a) => a.kind !== 'buurt').map((a) => row(a.code, a.name, a.kind, null, a.households)),
    ...snapshot.areas.filter((a) => a.kind === 'buurt').map((a) => row(a.code, a.name, 'buurt', a.districtCode, a.households)),
  ];
}

/** The municipality over the rounds, oldest first: households, used, activation, first-timers, new initiatives. */
export function roundTrend(snapshot: MonitorSnapshot) {
  return snapshot.rounds.map((r) => {
    const households = snapshot.areas.filter((a) => a.kind !== 'buurt').reduce((s, a) => s + a.households, 0);
    const f = figuresOf(r, MUNICIPALITY, households);
    const h = f.households || households;
    return {
      roundId: r.id,
      status: r.status,
      households: h,
      vouchersUsed: f.vouchersUsed,
      activationPermille: activationPermille(f.vouchersUsed, h),
      firstTimers: f.firstTimers,
      newInitiatives: f.newInitiatives,
      counter: f.counter,
      website: f.website,
    };
  });
}

/** Money and numbers per theme, for a budget year or all years, in one district or all (null). */
export function themeTotals(snapshot: MonitorSnapshot, year: number | null, districtCode: string | null = null) {
  const out = new Map<string, { theme: string; initiatives: number; approved: number; collectedCents: number }>();
  for (const g of snapshot.initiatives) {
    if (year !== null && g.budgetYear !== year) continue;
    if (districtCode !== null && g.districtCode !== districtCode) continue;
    const t = out.get(g.theme) ?? { theme: g.theme, initiatives: 0, approved: 0, collectedCents: 0 };
    t.initiatives += g.count;
    if (g.budgetYear !== null) t.approved += g.count;
    t.collectedCents += g.collectedCents;
    out.set(g.theme, t);
  }
  return [...out.values()].sort((a, b) => b.collectedCents - a.collectedCents || a.theme.localeCompare(b.theme));
}

/** Initiatives per status, for a budget year or all years (never-approved ones only then), in one district or all. */
export function statusTotals(snapshot: MonitorSnapshot, year: number | null, districtCode: string | null = null) {
  const out = new Map<string, number>();
  for (const g of snapshot.initiatives) {
    if (year !== null && g.budgetYear !== year) continue;
    if (districtCode !== null && g.districtCode !== districtCode) continue;
    out.set(g.status, (out.get(g.status) ?? 0) + g.count);
  }
  return [...out.entries()].map(([status, count]) => ({ status, count }));
}

/** Initiatives grouped the way the snapshot carries them (district, theme, status, budget year), ledger and device alike. */
export function groupInitiatives(
  rows: readonly {
    districtCode: string;
    theme: string;
    status: string;
    budgetYear: number | null;
    targetCents: number;
    collectedCents: number;
  }[],
): MonitorSnapshot['initiatives'] {
  const groups = new Map<string, MonitorSnapshot['initiatives'][number]>();
  for (const i of rows) {
    const key = `${i.districtCode}|${i.theme}|${i.status}|${i.budgetYear}`;
    const g = groups.get(key) ?? {
      districtCode: i.districtCode,
      theme: i.theme as Theme,
      status: i.status as InitiativeStatus,
      budgetYear: i.budgetYear,
      count: 0,
      targetCents: 0,
      collectedCents: 0,
    };
    g.count += 1;
    g.targetCents += i.targetCents;
    g.collectedCents += i.collectedCents;
    groups.set(key, g);
  }
  return [...groups.values()];
}
