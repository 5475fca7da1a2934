/**
 * The forecast for a running round: from its activation curve so far, and the curves of earlier rounds, the
 * expected number of vouchers used at the end, with a band, and what that costs against the year's
 * reservation; plus what the college's measures (a lower voucher value, one round a year) would save.
 * Pure: the monitor and the round evaluation both call it with the same snapshot. docs/budget.md explains it.
 *
 * How: at the same point of its window (the share of the activation period that has passed), each earlier
 * round had used some share of its final number. Dividing today's number by that share gives one estimate per
 * earlier round; the lowest and highest are the band, their average the expectation. Without earlier rounds
 * the pace so far is assumed to hold (the expectation), and the band runs from half that extra to one and a half.
 */
import type { MonitorRound, MonitorSnapshot } from './monitor.js';
import { MUNICIPALITY, figuresOf } from './monitor.js';
import { totalAccount } from './budget.js';
import { businessDayOf, yearOf } from './business-day.js';

/** Below this share of the window passed, a forecast says too little to show. */
export const FORECAST_MIN_ELAPSED = 0.05;
/** The college's lower voucher value, if activation runs high (€ 5,00). */
export const LOWER_VALUE_CENTS = 500;

export interface Forecast {
  roundId: string;
  /** Share of the activation window passed, 0..1. */
  elapsed: number;
  usedSoFar: number;
  households: number;
  expected: { low: number; mid: number; high: number };
  /** Activation at the end, in tenths of a percent. */
  activationPermille: { low: number; mid: number; high: number };
  /** What this round costs at the end (vouchers × value). */
  costCents: { low: number; mid: number; high: number };
  /** The municipality's available budget of the round's year, and what the year's other rounds used. */
  year: number;
  availableCents: number;
  otherRoundsCents: number;
  /** `over` when even the low end passes the budget, `risk` when the high end does, else `ok`. */
  verdict: 'ok' | 'risk' | 'over';
  basis: 'earlier-rounds' | 'pace';
  /** A full year at the expected activation (two rounds at today's value), and what each measure would save of it. */
  measures: { fullYearCents: number; lowerValueSavesCents: number; oneRoundSavesCents: number; lowerValueCents: number };
}

/** Vouchers used up to and including the day (in Almelo) that is `share` into the round's window (from its curve). */
function usedAtShare(round: MonitorRound, share: number): number {
  const from = Date.parse(round.activeFrom);
  const until = Date.parse(round.activeUntil);
  const day = businessDayOf(new Date(from + share * (until - from)));
  let used = 0;
  for (const point of round.curve) {
    if (point.day <= day) used = point.used;
    else break;
  }
  return used;
}

export function forecastRound(snapshot: MonitorSnapshot, roundId: string, now: Date): Forecast | null {
  const index = snapshot.rounds.findIndex((r) => r.id === roundId);
  const round = snapshot.rounds[index];
  if (!round) return null;
  const from = Date.parse(round.activeFrom);
  const until = Date.parse(round.activeUntil);
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - from) / (until - from)));
  if (elapsed < FORECAST_MIN_ELAPSED) return null;
  const households = snapshot.areas.filter((a) => a.kind !== 'buurt').reduce((s, a) => s + a.households, 0);
  const usedSoFar = figuresOf(round, MUNICIPALITY, households).vouchersUsed;

  const estimates: number[] = [];
  for (const earlier of snapshot.rounds.slice(0, index)) {
    const final = earlier.curve.at(-1)?.used ?? 0;
    const then = usedAtShare(earlier, elapsed);
    if (final > 0 && then > 0) estimates.push(usedSoFar / (then / final));
  }
  let expected: Forecast['expected'];
  let basis: Forecast['basis'];
  if (elapsed >= 1) {
    expected = { low: usedSoFar, mid: usedSoFar, high: usedSoFar };
    basis = estimates.length > 0 ? 'earlier-rounds' : 'pace';
  } else if (estimates.length > 0) {
    const mean = estimates.reduce((s, e) => s + e, 0) / estimates.length;
    expected = { low: Math.min(...estimates), mid: mean, high: Math.max(...estimates) };
    basis = 'earlier-rounds';
  } else {
    const pace = usedSoFar / elapsed;
    const extra = pace - usedSoFar;
    expected = { low: usedSoFar + extra / 2, mid: pace, high: usedSoFar + (extra * 3) / 2 };
    basis = 'pace';
  }
  // Never more vouchers than households; never fewer than already used.
  const clamp = (n: number) => Math.round(Math.min(Math.max(n, usedSoFar), households > 0 ? households : n));
  expected = { low: clamp(expected.low), mid: clamp(expected.mid), high: clamp(expected.high) };
  const permille = (n: number) => (households > 0 ? Math.round((n / households) * 1000) : 0);
  const cost = (n: number) => n * round.valueCents;

  const year = yearOf(new Date(round.activeFrom));
  const budget = totalAccount(snapshot.budget, year);
  const otherRoundsCents = snapshot.rounds
    .filter((r) => r.id !== round.id && yearOf(new Date(r.activeFrom)) === year)
    .reduce((s, r) => s + figuresOf(r, MUNICIPALITY).vouchersUsed * r.valueCents, 0);
  const room = budget.availableCents - otherRoundsCents;
  const verdict = cost(expected.low) > room ? 'over' : cost(expected.high) > room ? 'risk' : 'ok';

  const fullYearCents = 2 * expected.mid * round.valueCents;
  return {
    roundId: round.id,
    elapsed,
    usedSoFar,
    households,
    expected,
    activationPermille: { low: permille(expected.low), mid: permille(expected.mid), high: permille(expected.high) },
    costCents: { low: cost(expected.low), mid: cost(expected.mid), high: cost(expected.high) },
    year,
    availableCents: budget.availableCents,
    otherRoundsCents,
    verdict,
    basis,
    measures: {
      fullYearCents,
      lowerValueCents: LOWER_VALUE_CENTS,
      lowerValueSavesCents: Math.max(0, 2 * expected.mid * (round.valueCents - LOWER_VALUE_CENTS)),
      oneRoundSavesCents: expected.mid * round.valueCents,
    },
  };
}
