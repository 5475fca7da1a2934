/**
 * The forecast (core/forecast.ts) against figures computed by hand: three rounds of 100 days, the third running
 * 20.5 days in; the earlier rounds had used half and 60% of their final number at that point.
 */
import { describe, expect, it } from 'vitest';
import { forecastRound } from '../../core/forecast';
import { MONITOR_FORMAT, type MonitorRound, type MonitorSnapshot } from '../../core/monitor';

const zero = { counter: 0, website: 0, firstTimers: 0, newInitiatives: 0 };
const round = (
  id: string,
  from: string,
  until: string,
  used: number,
  curve: MonitorRound['curve'],
  status: MonitorRound['status'],
): MonitorRound => ({
  id,
  valueCents: 750,
  activeFrom: from,
  activeUntil: until,
  status,
  vouchersIssued: 1000,
  figures: [{ area: '*', households: 1000, vouchersUsed: used, ...zero }],
  curve,
});
const r1 = round(
  '2026-1',
  '2026-01-01T00:00:00.000Z',
  '2026-04-11T00:00:00.000Z',
  400,
  [
    { day: '2026-01-05', used: 50 },
    { day: '2026-01-20', used: 200 },
    { day: '2026-03-01', used: 400 },
  ],
  'closed',
);
const r2 = round(
  '2026-2',
  '2026-05-01T00:00:00.000Z',
  '2026-08-09T00:00:00.000Z',
  500,
  [
    { day: '2026-05-05', used: 60 },
    { day: '2026-05-20', used: 300 },
    { day: '2026-07-01', used: 500 },
  ],
  'closed',
);
const r3 = round('2026-3', '2026-09-01T00:00:00.000Z', '2026-12-10T00:00:00.000Z', 300, [{ day: '2026-09-15', used: 300 }], 'open');
const account = (reservedCents: number) => ({
  year: 2026,
  districtCode: 'WK014110',
  reservedCents,
  transferredInCents: 0,
  transferredOutCents: 0,
  availableCents: reservedCents,
  collectedCents: 0,
  committedCents: 0,
  paidOutCents: 0,
  cameBackCents: 0,
  roomCents: reservedCents,
  initiatives: { collecting: 0, funded: 0, ended: 0 },
});
const snapshot = (rounds: MonitorRound[], households: number, reservedCents: number): MonitorSnapshot => ({
  format: MONITOR_FORMAT,
  asOf: '2026-09-21T12:00:00.000Z',
  areas: [{ code: 'WK014110', name: 'Binnenstad', kind: 'wijk', districtCode: null, households }],
  rounds,
  initiatives: [],
  help: [],
  satisfaction: [],
  remarks: [],
  budget: [account(reservedCents)],
  budgetLines: [],
});
const now = new Date('2026-09-21T12:00:00.000Z'); // 20.5 of 100 days

describe('the forecast of a running round', () => {
  it('from earlier rounds: each says how far along a round is at this point; the band is their lowest and highest', () => {
    const f = forecastRound(snapshot([r1, r2, r3], 1000, 1_100_000), '2026-3', now)!;
    expect(f.elapsed).toBeCloseTo(0.205, 6);
    expect(f.basis).toBe('earlier-rounds');
    // r1 had 200 of 400 (½) by 21 January, r2 300 of 500 (60%) by 21 May: 300 / ½ = 600, 300 / 0.6 = 500.
    expect(f.expected).toEqual({ low: 500, mid: 550, high: 600 });
    expect(f.activationPermille).toEqual({ low: 500, mid: 550, high: 600 });
    expect(f.costCents).toEqual({ low: 375_000, mid: 412_500, high: 450_000 });
    // The year's other rounds used 900 vouchers (€ 6.750): € 11.000 − € 6.750 leaves € 4.250; the high end (€ 4.500) passes it.
    expect(f.otherRoundsCents).toBe(675_000);
    expect(f.verdict).toBe('risk');
    expect(f.measures).toEqual({
      fullYearCents: 825_000,
      lowerValueCents: 500,
      lowerValueSavesCents: 275_000,
      oneRoundSavesCents: 412_500,
    });
  });

  it('says over when even the low end passes the budget, ok when the high end fits', () => {
    expect(forecastRound(snapshot([r1, r2, r3], 1000, 1_000_000), '2026-3', now)!.verdict).toBe('over');
    expect(forecastRound(snapshot([r1, r2, r3], 1000, 2_000_000), '2026-3', now)!.verdict).toBe('ok');
  });

  it('without earlier rounds: the pace so far, the band from half to one and a half times what remains', () => {
    const f = forecastRound(snapshot([r3], 5000, 10_000_000), '2026-3', now)!;
    expect(f.basis).toBe('pace');
    // 300 / 0.205 = 1463.4; the extra 1163.4 → low 300 + 581.7, high 300 + 1745.1.
    expect(f.expected).toEqual({ low: 882, mid: 1463, high: 2045 });
  });

  it('never more vouchers than households, never fewer than used; nothing to say in the first days or for an unknown round', () => {
    expect(forecastRound(snapshot([r3], 400, 10_000_000), '2026-3', now)!.expected).toEqual({ low: 400, mid: 400, high: 400 });
    expect(forecastRound(snapshot([r3], 1000, 0), '2026-3', new Date('2026-09-02T00:00:00Z'))).toBeNull();
    expect(forecastRound(snapshot([r3], 1000, 0), 'nope', now)).toBeNull();
    const ended = forecastRound(snapshot([r1, r2, r3], 1000, 0), '2026-3', new Date('2027-01-01T00:00:00Z'))!;
    expect(ended.expected).toEqual({ low: 300, mid: 300, high: 300 });
  });
});
