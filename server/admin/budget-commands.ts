/**
 * The budget account from the administrator's side (docs/budget.md): reservations per district and year,
 * transfers between districts, payouts to funded initiatives, and the account itself. Every line keeps
 * who and why; every change is in the audit log as well.
 */
import { formatEuro } from '../../core/money.js';
import { totalAccount, type BudgetAccount } from '../../core/budget.js';
import { yearOf } from '../../core/business-day.js';
import { BudgetRefusal, budgetAccountsOf, budgetLines, recordPayout, reserve, transfer } from '../ledger/budget.js';
import { AdminError, audit } from './ops.js';
import { money, need } from './args.js';
import type { CommandContext } from './commands.js';

const operator = () => `beheerder ${process.env.USER ?? 'admin'}`;

function yearOption(text: string | undefined): number {
  if (text === undefined) return yearOf(new Date());
  const year = Number(text);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AdminError('--year: write a year like 2027.');
  return year;
}

/** A refusal of the ledger's budget rules is the operator's to fix: shown as a message, not a stack. */
async function refusalsAsMessages<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BudgetRefusal) throw new AdminError(`${error.message} (${error.code})`);
    throw error;
  }
}

const euro = (cents: number) => formatEuro(cents).replace(/\u00a0/g, ' ');

function accountRow(a: BudgetAccount) {
  return {
    district: a.districtCode,
    reserved: euro(a.reservedCents),
    in: euro(a.transferredInCents),
    out: euro(a.transferredOutCents),
    available: euro(a.availableCents),
    collected: euro(a.collectedCents),
    committed: euro(a.committedCents),
    paid: euro(a.paidOutCents),
    cameBack: euro(a.cameBackCents),
    room: euro(a.roomCents),
  };
}

type Command = (c: CommandContext) => Promise<void>;

export const budgetCommands: Readonly<Record<string, Command>> = {
  'budget:reserve': async ({ db, tenant, o, out }) => {
    const input = {
      year: yearOption(o.year),
      districtCode: need(o.district, '--district'),
      totalCents: money(o.amount, '--amount'),
      reason: need(o.reason, '--reason'),
    };
    const { changeCents } = await refusalsAsMessages(() => reserve(db, tenant, input, { actor: operator() }));
    await audit(db, tenant, 'budget:reserve', { ...input, changeCents });
    out(changeCents === 0 ? 'The reservation was already this amount; nothing written.' : `Reservation saved (${euro(changeCents)}).`);
  },
  'budget:transfer': async ({ db, tenant, o, out }) => {
    const input = {
      year: yearOption(o.year),
      from: need(o.from, '--from'),
      to: need(o.to, '--to'),
      amountCents: money(o.amount, '--amount'),
      reason: need(o.reason, '--reason'),
    };
    await refusalsAsMessages(() => transfer(db, tenant, input, { actor: operator() }));
    await audit(db, tenant, 'budget:transfer', input);
    out(`Transferred ${euro(input.amountCents)} from ${input.from} to ${input.to} (${input.year}).`);
  },
  'budget:payout': async ({ db, tenant, o, out }) => {
    const initiativeNumber = Number(need(o.initiative, '--initiative'));
    if (!Number.isInteger(initiativeNumber)) throw new AdminError('--initiative: the initiative’s number, e.g. 1004.');
    const input = {
      initiativeNumber,
      amountCents: money(o.amount, '--amount'),
      reference: need(o.reference, '--reference'),
      ...(o.reason ? { reason: o.reason } : {}),
    };
    const made = await refusalsAsMessages(() => recordPayout(db, tenant, input, { actor: operator() }));
    await audit(db, tenant, 'budget:payout', { ...input, ...made });
    out(`Payout of ${euro(input.amountCents)} to initiative ${initiativeNumber} recorded (${made.districtCode}, ${made.year}).`);
  },
  'budget:show': async ({ db, tenant, o, out }) => {
    const year = yearOption(o.year);
    const accounts = (await budgetAccountsOf(db, tenant)).filter((a) => a.year === year);
    if (o.json) return out(accounts);
    out([...accounts, totalAccount(accounts, year)].map(accountRow));
  },
  'budget:history': async ({ db, tenant, o, out }) => {
    out(await budgetLines(db, tenant, o.year === undefined ? undefined : yearOption(o.year)));
  },
};
