/**
 * The budget account of a district or village for one year: every figure defined here, once. The
 * ledger computes it from its own entries and initiatives (server/ledger/budget.ts); devices, the
 * monitor and the reports show what the ledger computed. docs/budget.md has the model in words and a
 * worked example that tests/unit/budget.test.ts computes by hand.
 *
 * The model, in one paragraph: the council reserves money for vouchers per year and per district
 * (reservation). A wijkregisseur or beheerder may move money between districts (transfer, with a
 * reason). Residents direct that money with their vouchers to initiatives of the district; the ledger
 * counts every voucher once (collected). An approved initiative binds money: while it is collecting, its
 * target (it may still reach it); once funded, what it collected. What is paid to a funded initiative is
 * recorded with its payment reference (payout) and no longer bound but spent. An initiative that did not
 * make it (niet geslaagd, ingetrokken) binds nothing: what it had collected came back to the district.
 * The room is what is left to bind: available − committed − paid out. "Came back" is reported, never
 * added: it is already in the room because the initiative no longer binds it.
 */
import { sumCents, type Cents } from './money.js';
import type { InitiativeStatus } from './initiative-status.js';

export const budgetEntryKinds = ['reservation', 'transfer', 'payout'] as const;
export type BudgetEntryKind = (typeof budgetEntryKinds)[number];

/** One line of the budget account as the ledger keeps it (append-only). */
export interface BudgetEntry {
  kind: BudgetEntryKind;
  year: number;
  /** reservation: the district it is for (amount may be negative: a correction); transfer: from; payout: the initiative's district. */
  districtCode: string;
  /** transfer only: the district that receives it. */
  toDistrictCode?: string | null;
  amountCents: Cents;
  /** payout only. */
  initiativeId?: string | null;
}

/** What the account needs of an initiative: its district, the year it was approved, its status and money. */
export interface InitiativeMoney {
  id: string;
  districtCode: string;
  /** The year (Europe/Amsterdam) it was approved for collecting; null while it never was. */
  budgetYear: number | null;
  status: InitiativeStatus;
  targetCents: Cents;
  collectedCents: Cents;
}

export interface BudgetAccount {
  year: number;
  districtCode: string;
  reservedCents: Cents;
  transferredInCents: Cents;
  transferredOutCents: Cents;
  /** reserved + transferred in − transferred out */
  availableCents: Cents;
  /** Collected by the district's approved initiatives of the year (counted by the ledger, every channel). */
  collectedCents: Cents;
  /** Still bound and not paid: a collecting initiative's target, a funded one's collected, minus what was paid. */
  committedCents: Cents;
  paidOutCents: Cents;
  /** Collected by initiatives that did not make it: free again (already part of the room). */
  cameBackCents: Cents;
  /** available − committed − paid out; negative means the district is over its budget. */
  roomCents: Cents;
  /** Approved initiatives of the year, by money state. */
  initiatives: { collecting: number; funded: number; ended: number };
}

const COLLECTING: ReadonlySet<InitiativeStatus> = new Set(['spaarfase']);
const FUNDED: ReadonlySet<InitiativeStatus> = new Set(['streefbedrag_behaald', 'in_uitvoering', 'uitgevoerd']);
const ENDED_WITHOUT_FUNDING: ReadonlySet<InitiativeStatus> = new Set(['niet_geslaagd', 'ingetrokken']);

/** What an approved initiative binds before payouts (0 for one that was never approved or did not make it). */
export function initiativeClaim(i: Pick<InitiativeMoney, 'status' | 'targetCents' | 'collectedCents' | 'budgetYear'>): Cents {
  if (i.budgetYear === null) return 0;
  if (COLLECTING.has(i.status)) return Math.max(i.targetCents, i.collectedCents);
  if (FUNDED.has(i.status)) return i.collectedCents;
  return 0;
}

/** May a payout be recorded for it, and up to how much (its claim minus what was paid already)? */
export function payableCents(i: InitiativeMoney, alreadyPaid: Cents): Cents {
  return FUNDED.has(i.status) ? Math.max(0, initiativeClaim(i) - alreadyPaid) : 0;
}

const key = (year: number, district: string) => `${year}|${district}`;

/**
 * The account per (year, district) for every pair that has an entry or an approved initiative, plus
 * every district in `districtCodes` for every year in `years` (so a district without any activity
 * still shows its zeros). Sorted by year, then district code.
 */
export function budgetAccounts(
  entries: readonly BudgetEntry[],
  money: readonly InitiativeMoney[],
  frame: { districtCodes?: readonly string[]; years?: readonly number[] } = {},
): BudgetAccount[] {
  const accounts = new Map<string, BudgetAccount>();
  const at = (year: number, districtCode: string): BudgetAccount => {
    const k = key(year, districtCode);
    let a = accounts.get(k);
    if (!a) {
      a = {
        year,
        districtCode,
        reservedCents: 0,
        transferredInCents: 0,
        transferredOutCents: 0,
        availableCents: 0,
        collectedCents: 0,
        committedCents: 0,
        paidOutCents: 0,
        cameBackCents: 0,
        roomCents: 0,
        initiatives: { collecting: 0, funded: 0, ended: 0 },
      };
      accounts.set(k, a);
    }
    return a;
  };
  for (const year of frame.years ?? []) for (const d of frame.districtCodes ?? []) at(year, d);

  const paidPerInitiative = new Map<string, Cents>();
  for (const e of entries) {
    if (e.kind === 'reservation')
      at(e.year, e.districtCode).reservedCents = sumCents([at(e.year, e.districtCode).reservedCents, e.amountCents]);
    else if (e.kind === 'transfer') {
      if (!e.toDistrictCode) throw new Error('a transfer needs a receiving district');
      const from = at(e.year, e.districtCode);
      const to = at(e.year, e.toDistrictCode);
      from.transferredOutCents = sumCents([from.transferredOutCents, e.amountCents]);
      to.transferredInCents = sumCents([to.transferredInCents, e.amountCents]);
    } else {
      const a = at(e.year, e.districtCode);
      a.paidOutCents = sumCents([a.paidOutCents, e.amountCents]);
      if (e.initiativeId) paidPerInitiative.set(e.initiativeId, sumCents([paidPerInitiative.get(e.initiativeId) ?? 0, e.amountCents]));
    }
  }
  for (const i of money) {
    if (i.budgetYear === null) continue;
    const a = at(i.budgetYear, i.districtCode);
    a.collectedCents = sumCents([a.collectedCents, i.collectedCents]);
    a.committedCents = sumCents([a.committedCents, Math.max(0, initiativeClaim(i) - (paidPerInitiative.get(i.id) ?? 0))]);
    if (ENDED_WITHOUT_FUNDING.has(i.status)) {
      a.cameBackCents = sumCents([a.cameBackCents, i.collectedCents]);
      a.initiatives.ended += 1;
    } else if (FUNDED.has(i.status)) a.initiatives.funded += 1;
    else if (COLLECTING.has(i.status)) a.initiatives.collecting += 1;
  }
  for (const a of accounts.values()) {
    a.availableCents = a.reservedCents + a.transferredInCents - a.transferredOutCents;
    a.roomCents = a.availableCents - a.committedCents - a.paidOutCents;
  }
  return [...accounts.values()].sort((x, y) => x.year - y.year || x.districtCode.localeCompare(y.districtCode));
}

/** The municipality's line: every district's account of a year added up (same fields, districtCode '*'). */
export function totalAccount(accounts: readonly BudgetAccount[], year: number): BudgetAccount {
  const of = accounts.filter((a) => a.year === year);
  const sum = (f: (a: BudgetAccount) => Cents) => sumCents(of.map(f));
  return {
    year,
    districtCode: '*',
    reservedCents: sum((a) => a.reservedCents),
    transferredInCents: sum((a) => a.transferredInCents),
    transferredOutCents: sum((a) => a.transferredOutCents),
    availableCents: sum((a) => a.availableCents),
    collectedCents: sum((a) => a.collectedCents),
    committedCents: sum((a) => a.committedCents),
    paidOutCents: sum((a) => a.paidOutCents),
    cameBackCents: sum((a) => a.cameBackCents),
    roomCents: sum((a) => a.roomCents),
    initiatives: {
      collecting: sum((a) => a.initiatives.collecting),
      funded: sum((a) => a.initiatives.funded),
      ended: sum((a) => a.initiatives.ended),
    },
  };
}

/** Why a transfer may not be made (null: it may). The sending district keeps a room of at least 0. */
export function transferProblem(
  accounts: readonly BudgetAccount[],
  t: { year: number; from: string; to: string; amountCents: Cents; reason: string },
): 'same-district' | 'amount' | 'reason' | 'unknown-district' | 'no-room' | null {
  if (t.from === t.to) return 'same-district';
  if (!Number.isSafeInteger(t.amountCents) || t.amountCents <= 0) return 'amount';
  if (t.reason.trim().length < 5) return 'reason';
  const from = accounts.find((a) => a.year === t.year && a.districtCode === t.from);
  const to = accounts.find((a) => a.year === t.year && a.districtCode === t.to);
  if (!from || !to) return 'unknown-district';
  if (from.roomCents < t.amountCents) return 'no-room';
  return null;
}
