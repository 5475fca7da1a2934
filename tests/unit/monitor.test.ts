/** The monitor's derived figures (core/monitor.ts): the same for the screen and the reports. */
import { describe, expect, it } from 'vitest';
import {
  MONITOR_FORMAT,
  activationPermille,
  formatPermille,
  participation,
  roundTrend,
  statusTotals,
  themeTotals,
  type MonitorSnapshot,
} from '../../core/monitor';

const zero = { counter: 0, website: 0, firstTimers: 0, newInitiatives: 0 };
const snapshot: MonitorSnapshot = {
  format: MONITOR_FORMAT,
  asOf: '2026-12-03T08:00:00.000Z',
  areas: [
    { code: 'WK014110', name: 'Binnenstad', kind: 'wijk', districtCode: null, households: 1000 },
    { code: 'WK014120', name: 'Aadorp', kind: 'dorp', districtCode: null, households: 200 },
    { code: 'BU01411001', name: 'BU01411001', kind: 'buurt', districtCode: 'WK014110', households: 400 },
  ],
  rounds: [
    {
      id: '2026-1',
      valueCents: 750,
      activeFrom: '2026-01-01T00:00:00.000Z',
      activeUntil: '2026-06-30T00:00:00.000Z',
      status: 'closed',
      vouchersIssued: 1200,
      figures: [{ area: '*', households: 1200, vouchersUsed: 167, ...zero, counter: 100, website: 67, firstTimers: 167 }],
      curve: [],
    },
    {
      id: '2026-2',
      valueCents: 750,
      activeFrom: '2026-07-01T00:00:00.000Z',
      activeUntil: '2027-06-30T00:00:00.000Z',
      status: 'open',
      vouchersIssued: 1200,
      figures: [
        { area: '*', households: 1200, vouchersUsed: 214, ...zero, firstTimers: 80, newInitiatives: 9 },
        { area: 'WK014110', households: 1000, vouchersUsed: 178, ...zero, newInitiatives: 8 },
        { area: 'BU01411001', households: 400, vouchersUsed: 1, ...zero },
      ],
      curve: [{ day: '2026-09-01', used: 214 }],
    },
  ],
  initiatives: [
    { districtCode: 'WK014110', theme: 'groen', status: 'spaarfase', budgetYear: 2026, count: 2, targetCents: 1000, collectedCents: 500 },
    { districtCode: 'WK014120', theme: 'groen', status: 'uitgevoerd', budgetYear: 2025, count: 1, targetCents: 300, collectedCents: 300 },
    { districtCode: 'WK014120', theme: 'spelen', status: 'ingediend', budgetYear: null, count: 3, targetCents: 900, collectedCents: 0 },
  ],
  help: [{ districtCode: 'WK014110', volunteers: 4, materials: 1 }],
  satisfaction: [],
  remarks: [],
  budget: [],
  budgetLines: [],
};

describe('the monitor’s derived figures', () => {
  it('activation in tenths of a percent, with a Dutch comma', () => {
    expect(activationPermille(178, 1000)).toBe(178);
    expect(activationPermille(1, 3)).toBe(333);
    expect(activationPermille(5, 0)).toBe(0);
    expect(formatPermille(178)).toBe('17,8%');
    expect(formatPermille(1000)).toBe('100,0%');
  });

  it('participation: the municipality, then districts (aim checked), then buurten; missing areas are zeros', () => {
    const rows = participation(snapshot, '2026-2', 'Hele gemeente');
    expect(rows.map((r) => [r.area, r.kind, r.vouchersUsed, r.activationPermille, r.aimReached, r.volunteers])).toEqual([
      ['*', 'gemeente', 214, 178, null, 4],
      ['WK014110', 'wijk', 178, 178, true, 4],
      ['WK014120', 'dorp', 0, 0, false, 0],
      ['BU01411001', 'buurt', 1, 3, null, 0],
    ]);
    expect(rows[2]!.households).toBe(200);
    expect(participation(snapshot, 'no-such-round', 'x')).toEqual([]);
  });

  it('the rounds compared, oldest first', () => {
    expect(roundTrend(snapshot).map((r) => [r.roundId, r.activationPermille, r.firstTimers, r.counter, r.website])).toEqual([
      ['2026-1', 139, 167, 100, 67],
      ['2026-2', 178, 80, 0, 0],
    ]);
  });

  it('themes and statuses per budget year; never-approved initiatives only over all years', () => {
    expect(themeTotals(snapshot, 2026)).toEqual([{ theme: 'groen', initiatives: 2, approved: 2, collectedCents: 500 }]);
    expect(themeTotals(snapshot, null)).toEqual([
      { theme: 'groen', initiatives: 3, approved: 3, collectedCents: 800 },
      { theme: 'spelen', initiatives: 3, approved: 0, collectedCents: 0 },
    ]);
    expect(themeTotals(snapshot, null, 'WK014120')).toEqual([
      { theme: 'groen', initiatives: 1, approved: 1, collectedCents: 300 },
      { theme: 'spelen', initiatives: 3, approved: 0, collectedCents: 0 },
    ]);
    expect(statusTotals(snapshot, 2026, 'WK014120')).toEqual([]);
    expect(statusTotals(snapshot, null)).toEqual([
      { status: 'spaarfase', count: 2 },
      { status: 'uitgevoerd', count: 1 },
      { status: 'ingediend', count: 3 },
    ]);
  });
});
