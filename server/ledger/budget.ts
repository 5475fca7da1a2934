/**
 * The budget account at the ledger: its lines (budget_entries, append-only) and the figures core/budget.ts
 * computes from them and the ledger's own initiatives. Reservations, transfers and payouts are written
 * here, whether they come from the administrator's CLI or from a wijkregisseur's device; each one takes the
 * municipality's row lock first, so two transfers at once cannot both spend the same room.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import {
  budgetAccounts,
  payableCents,
  transferProblem,
  type BudgetAccount,
  type BudgetEntry,
  type InitiativeMoney,
} from '../../core/budget.js';
import { yearOf } from '../../core/business-day.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import { budgetEntries, districts, initiatives, tenants } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { emitChanges } from './changes.js';

type Reader = LedgerDb | LedgerTx;

/** Why a budget action was refused: a stable code (for devices and tests) and the Dutch sentence for people. */
export class BudgetRefusal extends Error {
  constructor(
    readonly code:
      'same-district' | 'amount' | 'reason' | 'unknown-district' | 'no-room' | 'unknown-initiative' | 'not-payable' | 'reference',
    message: string,
  ) {
    super(message);
  }
}

const REFUSALS: Record<BudgetRefusal['code'], string> = {
  'same-district': 'Van en naar zijn dezelfde wijk.',
  amount: 'Het bedrag moet meer dan € 0 zijn.',
  reason: 'Schrijf een reden van minstens 5 tekens.',
  'unknown-district': 'Deze wijk of dit dorp bestaat niet in deze gemeente.',
  'no-room': 'Zoveel ruimte heeft de wijk niet meer.',
  'unknown-initiative': 'Dit initiatief bestaat niet in deze gemeente.',
  'not-payable': 'Dit initiatief kan (nu) niet zoveel worden uitbetaald: alleen wat het heeft opgehaald en nog niet is betaald.',
  reference: 'Deze betalingskenmerk is al gebruikt.',
};
const refuse = (code: BudgetRefusal['code']) => new BudgetRefusal(code, REFUSALS[code]);

export interface BudgetLine extends BudgetEntry {
  id: number;
  at: string;
  reason: string;
  actor: string;
  paymentReference: string | null;
  initiativeNumber: number | null;
}

async function moneyOf(db: Reader, tenantId: string): Promise<InitiativeMoney[]> {
  const rows = await db
    .select({
      id: initiatives.id,
      districtCode: initiatives.districtCode,
      approvedAt: initiatives.approvedAt,
      status: initiatives.status,
      targetCents: initiatives.targetCents,
      collectedCents: initiatives.collectedCents,
    })
    .from(initiatives)
    .where(and(eq(initiatives.tenantId, tenantId), isNotNull(initiatives.approvedAt)));
  return rows.map((r) => ({
    id: r.id,
    districtCode: r.districtCode,
    budgetYear: r.approvedAt ? yearOf(new Date(r.approvedAt)) : null,
    status: r.status as InitiativeStatus,
    targetCents: r.targetCents,
    collectedCents: r.collectedCents,
  }));
}

/** Every line of the account, oldest first (optionally one year). */
export async function budgetLines(db: Reader, tenantId: string, year?: number): Promise<BudgetLine[]> {
  const rows = await db
    .select({ e: budgetEntries, initiativeNumber: initiatives.number })
    .from(budgetEntries)
    .leftJoin(initiatives, and(eq(initiatives.tenantId, budgetEntries.tenantId), eq(initiatives.id, budgetEntries.initiativeId)))
    .where(and(eq(budgetEntries.tenantId, tenantId), year === undefined ? undefined : eq(budgetEntries.year, year)))
    .orderBy(asc(budgetEntries.id));
  return rows.map(({ e, initiativeNumber }) => ({
    id: e.id,
    kind: e.kind,
    year: e.year,
    districtCode: e.districtCode,
    toDistrictCode: e.toDistrictCode,
    amountCents: e.amountCents,
    initiativeId: e.initiativeId,
    paymentReference: e.paymentReference,
    reason: e.reason,
    actor: e.actor,
    at: e.at,
    initiativeNumber: initiativeNumber ?? null,
  }));
}

/** The account per year and district, with every district of the municipality in every year that has a line. */
export async function budgetAccountsOf(db: Reader, tenantId: string, now = new Date()): Promise<BudgetAccount[]> {
  // One after the other: inside a transaction the three share one connection.
  const lines = await budgetLines(db, tenantId);
  const money = await moneyOf(db, tenantId);
  const codes = await db.select({ code: districts.code }).from(districts).where(eq(districts.tenantId, tenantId));
  const years = new Set<number>([yearOf(now), ...lines.map((l) => l.year), ...money.flatMap((m) => (m.budgetYear ? [m.budgetYear] : []))]);
  return budgetAccounts(lines, money, { districtCodes: codes.map((c) => c.code), years: [...years] });
}

/** Serialise budget actions per municipality (the tenant row's lock, held to commit). */
async function lockTenant(tx: LedgerTx, tenantId: string): Promise<void> {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

async function districtExists(tx: LedgerTx, tenantId: string, code: string): Promise<boolean> {
  const [d] = await tx
    .select({ code: districts.code })
    .from(districts)
    .where(and(eq(districts.tenantId, tenantId), eq(districts.code, code)));
  return Boolean(d);
}

/** Devices show a district's budget as this year's available amount (reserved ± transfers). */
async function announceDistricts(tx: LedgerTx, tenantId: string, codes: readonly string[], now: Date): Promise<void> {
  const accounts = await budgetAccountsOf(tx, tenantId, now);
  const rows = await tx
    .select()
    .from(districts)
    .where(and(eq(districts.tenantId, tenantId), inArray(districts.code, [...codes])));
  for (const d of rows) {
    const available = accounts.find((a) => a.year === yearOf(now) && a.districtCode === d.code)?.availableCents ?? 0;
    await tx
      .update(districts)
      .set({ budgetCents: available })
      .where(and(eq(districts.tenantId, tenantId), eq(districts.code, d.code)));
    await emitChanges(tx, tenantId, [
      { kind: 'district', data: { code: d.code, name: d.name, kind: d.kind, budgetCents: Math.max(0, available) } },
    ]);
  }
}

export interface Who {
  actor: string;
  deviceId?: string | null;
  seq?: number | null;
}

/** Set a district's reservation for a year to a new total: the difference is written as a line with its reason. */
export async function reserve(
  db: LedgerDb,
  tenantId: string,
  input: { year: number; districtCode: string; totalCents: number; reason: string },
  who: Who,
  now = new Date(),
): Promise<{ changeCents: number }> {
  if (!Number.isSafeInteger(input.totalCents) || input.totalCents < 0) throw refuse('amount');
  if (input.reason.trim().length < 5) throw refuse('reason');
  return db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    if (!(await districtExists(tx, tenantId, input.districtCode))) throw refuse('unknown-district');
    const [current] = await tx
      .select({ cents: sql<number>`coalesce(sum(${budgetEntries.amountCents}), 0)`.mapWith(Number) })
      .from(budgetEntries)
      .where(
        and(
          eq(budgetEntries.tenantId, tenantId),
          eq(budgetEntries.kind, 'reservation'),
          eq(budgetEntries.year, input.year),
          eq(budgetEntries.districtCode, input.districtCode),
        ),
      );
    const changeCents = input.totalCents - (current?.cents ?? 0);
    if (changeCents !== 0) {
      await tx.insert(budgetEntries).values({
        tenantId,
        kind: 'reservation',
        year: input.year,
        districtCode: input.districtCode,
        amountCents: changeCents,
        reason: input.reason.trim(),
        actor: who.actor,
        deviceId: who.deviceId ?? null,
        seq: who.seq ?? null,
      });
      await announceDistricts(tx, tenantId, [input.districtCode], now);
    }
    return { changeCents };
  });
}

/** Move money from one district to another within a year; refused when the sending district has not the room. */
export async function transfer(
  db: LedgerDb | LedgerTx,
  tenantId: string,
  input: { year: number; from: string; to: string; amountCents: number; reason: string },
  who: Who,
  now = new Date(),
): Promise<void> {
  const run = async (tx: LedgerTx) => {
    await lockTenant(tx, tenantId);
    const accounts = await budgetAccountsOf(tx, tenantId, now);
    const problem = transferProblem(accounts, { ...input, year: input.year });
    if (problem) throw refuse(problem);
    await tx.insert(budgetEntries).values({
      tenantId,
      kind: 'transfer',
      year: input.year,
      districtCode: input.from,
      toDistrictCode: input.to,
      amountCents: input.amountCents,
      reason: input.reason.trim(),
      actor: who.actor,
      deviceId: who.deviceId ?? null,
      seq: who.seq ?? null,
    });
    await announceDistricts(tx, tenantId, [input.from, input.to], now);
  };
  // Inside a push's transaction this is a savepoint: a refused transfer undoes only itself.
  await db.transaction(run);
}

/**
 * Record a payment to a funded initiative (made in the municipality's financial system): its amount and
 * reference. At most what the initiative collected and was not paid yet; a reference is used once.
 */
export async function recordPayout(
  db: LedgerDb,
  tenantId: string,
  input: { initiativeNumber: number; amountCents: number; reference: string; reason?: string },
  who: Who,
): Promise<{ initiativeId: string; year: number; districtCode: string }> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw refuse('amount');
  const reference = input.reference.trim();
  if (reference.length < 3 || reference.length > 64) throw refuse('reference');
  return db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const [row] = await tx
      .select()
      .from(initiatives)
      .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.number, input.initiativeNumber)));
    if (!row) throw refuse('unknown-initiative');
    const [taken] = await tx
      .select({ id: budgetEntries.id })
      .from(budgetEntries)
      .where(and(eq(budgetEntries.tenantId, tenantId), eq(budgetEntries.paymentReference, reference)));
    if (taken) throw refuse('reference');
    const [paid] = await tx
      .select({ cents: sql<number>`coalesce(sum(${budgetEntries.amountCents}), 0)`.mapWith(Number) })
      .from(budgetEntries)
      .where(and(eq(budgetEntries.tenantId, tenantId), eq(budgetEntries.kind, 'payout'), eq(budgetEntries.initiativeId, row.id)));
    const budgetYear = row.approvedAt ? yearOf(new Date(row.approvedAt)) : null;
    const money: InitiativeMoney = {
      id: row.id,
      districtCode: row.districtCode,
      budgetYear,
      status: row.status as InitiativeStatus,
      targetCents: row.targetCents,
      collectedCents: row.collectedCents,
    };
    if (budgetYear === null || input.amountCents > payableCents(money, paid?.cents ?? 0)) throw refuse('not-payable');
    await tx.insert(budgetEntries).values({
      tenantId,
      kind: 'payout',
      year: budgetYear,
      districtCode: row.districtCode,
      amountCents: input.amountCents,
      initiativeId: row.id,
      paymentReference: reference,
      reason: input.reason?.trim() || `Uitbetaling initiatief ${row.number}`,
      actor: who.actor,
      deviceId: who.deviceId ?? null,
      seq: who.seq ?? null,
    });
    return { initiativeId: row.id, year: budgetYear, districtCode: row.districtCode };
  });
}
