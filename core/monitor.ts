/**
 * The monitor's figures (the council's evaluation after every round): what the ledger computes from its own
 * data — no personal data, households only as counts — and every device, screen and report shows as it came.
 * One schema for both sides: the ledger builds it (server/ledger/monitor.ts), `GET /v1/monitor` carries it
 * (docs/sync-protocol.md), the device keeps the last one it fetched and says how old it is.
 */
import { z } from 'zod';
import { initiativeStatuses, themes } from './initiative-status.js';
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
