/**
 * The budget account (core/budget.ts) against the worked example in docs/budget.md, computed by hand:
 * a correction of a reservation, a transfer, a payout, a collecting, a funded and a failed initiative,
 * one never approved and one from the year before.
 */
import { describe, expect, it } from 'vitest';
import {
  budgetAccounts,
  initiativeClaim,
  payableCents,
  totalAccount,
  transferProblem,
  type BudgetEntry,
  type InitiativeMoney,
} from '../../core/budget';

const A = 'WK014110';
const B = 'WK014111';
const entries: BudgetEntry[] = [
  { kind: 'reservation', year: 2027, districtCode: A, amountCents: 1_000_000 },
  { kind: 'reservation', year: 2027, districtCode: B, amountCents: 500_000 },
  { kind: 'reservation', year: 2027, districtCode: A, amountCents: -50_000 },
  { kind: 'transfer', year: 2027, districtCode: A, toDistrictCode: B, amountCents: 100_000 },
  { kind: 'payout', year: 2027, districtCode: A, amountCents: 60_000, initiativeId: 'i2' },
];
const money: InitiativeMoney[] = [
  { id: 'i1', districtCode: A, budgetYear: 2027, status: 'spaarfase', targetCents: 90_000, collectedCents: 30_000 },
  { id: 'i2', districtCode: A, budgetYear: 2027, status: 'in_uitvoering', targetCents: 60_000, collectedCents: 60_750 },
  { id: 'i3', districtCode: A, budgetYear: 2027, status: 'niet_geslaagd', targetCents: 120_000, collectedCents: 45_000 },
  { id: 'i4', districtCode: B, budgetYear: 2027, status: 'streefbedrag_behaald', targetCents: 30_000, collectedCents: 30_000 },
  { id: 'i5', districtCode: B, budgetYear: null, status: 'ingediend', targetCents: 100_000, collectedCents: 0 },
  { id: 'i6', districtCode: B, budgetYear: 2026, status: 'spaarfase', targetCents: 50_000, collectedCents: 10_000 },
];

describe('the budget account (docs/budget.md, worked example)', () => {
  const accounts = budgetAccounts(entries, money);
  const of = (year: number, d: string) => accounts.find((a) => a.year === year && a.districtCode === d);

  it('district A in 2027: correction, transfer out, payout, and a failed initiative that gave its money back', () => {
    expect(of(2027, A)).toEqual({
      year: 2027,
      districtCode: A,
      reservedCents: 950_000,
      transferredInCents: 0,
      transferredOutCents: 100_000,
      availableCents: 850_000,
      collectedCents: 135_750,
      committedCents: 90_750,
      paidOutCents: 60_000,
      cameBackCents: 45_000,
      roomCents: 699_250,
      initiatives: { collecting: 1, funded: 1, ended: 1 },
    });
  });

  it('district B in 2027: the transfer arrives; a never-approved initiative binds nothing', () => {
    expect(of(2027, B)).toMatchObject({
      reservedCents: 500_000,
      transferredInCents: 100_000,
      availableCents: 600_000,
      collectedCents: 30_000,
      committedCents: 30_000,
      paidOutCents: 0,
      roomCents: 570_000,
      initiatives: { collecting: 0, funded: 1, ended: 0 },
    });
  });

  it('an initiative draws on the year it was approved in; a year without a reservation shows a negative room', () => {
    expect(of(2026, B)).toMatchObject({ availableCents: 0, committedCents: 50_000, collectedCents: 10_000, roomCents: -50_000 });
  });

  it('the municipality line adds up the districts of a year', () => {
    expect(totalAccount(accounts, 2027)).toMatchObject({
      districtCode: '*',
      reservedCents: 1_450_000,
      transferredInCents: 100_000,
      transferredOutCents: 100_000,
      availableCents: 1_450_000,
      committedCents: 120_750,
      paidOutCents: 60_000,
      roomCents: 1_269_250,
    });
  });

  it('came back is never added to the room a second time: failing an initiative frees exactly its target', () => {
    const collecting = budgetAccounts(
      entries,
      money.map((m) => (m.id === 'i3' ? { ...m, status: 'spaarfase' as const } : m)),
    );
    const before = collecting.find((a) => a.year === 2027 && a.districtCode === A);
    // While collecting, i3 bound its target (€ 1.200); failed, it binds nothing and its € 450 came back.
    expect(of(2027, A)!.roomCents - before!.roomCents).toBe(120_000);
    expect(before!.cameBackCents).toBe(0);
  });

  it('a frame shows every district in every year, zeros included', () => {
    const framed = budgetAccounts([], [], { districtCodes: [A, B], years: [2028] });
    expect(framed.map((a) => [a.year, a.districtCode, a.roomCents])).toEqual([
      [2028, A, 0],
      [2028, B, 0],
    ]);
  });

  it('claims and payable amounts follow the status', () => {
    expect(initiativeClaim(money[0]!)).toBe(90_000);
    expect(initiativeClaim({ ...money[0]!, collectedCents: 95_000 })).toBe(95_000);
    expect(initiativeClaim(money[4]!)).toBe(0);
    expect(payableCents(money[1]!, 60_000)).toBe(750);
    expect(payableCents(money[0]!, 0)).toBe(0); // still collecting: nothing to pay yet
    expect(payableCents(money[2]!, 0)).toBe(0); // did not make it
  });

  it('a transfer is refused without room, a reason, a positive amount or two different districts', () => {
    const t = { year: 2027, from: A, to: B, amountCents: 699_250, reason: 'Meer initiatieven in De Riet' };
    expect(transferProblem(accounts, t)).toBeNull();
    expect(transferProblem(accounts, { ...t, amountCents: 699_251 })).toBe('no-room');
    expect(transferProblem(accounts, { ...t, reason: 'kort' })).toBe('reason');
    expect(transferProblem(accounts, { ...t, amountCents: 0 })).toBe('amount');
    expect(transferProblem(accounts, { ...t, to: A })).toBe('same-district');
    expect(transferProblem(accounts, { ...t, to: 'WK999999' })).toBe('unknown-district');
  });
});
