/**
 * How the ledger decides a donation (docs/sync-protocol.md §5, "Deciding a donation"). Pure: the
 * caller looks up the facts (its registry, its rounds, its initiatives) and writes the verdict.
 *
 * A donation the ledger can decide at once is counted. One it cannot is *pending*: it holds its voucher
 * (a later use of the same voucher is contested against it) but counts in no total until a person
 * confirms it; rejected, it counts nowhere and the voucher is free again. The flags say why.
 */
import type { NewChange } from './changes.js';
import { momentOf } from '../../core/business-day.js';

export interface DonationFacts {
  redemptionId: string;
  roundId: string;
  codeHash: string;
  districtCode: string | null;
  buurtCode: string | null;
  valueCents: number;
  parts: { initiativeId: string; amountCents: number }[];
  intakeId: string | null;
  needsConfirmation: boolean;
}

export const donationFlagNames = [
  /** The round is not one of this municipality's. */
  'unknown-round',
  /** The code is not in the ledger's registry of that round (typed wrong, or taken while the device's registry was stale). */
  'unknown-voucher',
  /** The donation's time (device clock, and corrected for its skew) lies outside the round's activation window, or the round is only planned. */
  'outside-round',
  /** The value differs from the round's voucher value. */
  'wrong-value',
  /** An initiative of a part is unknown to the ledger. */
  'unknown-initiative',
  /** An initiative of a part is not collecting (not spaarfase or streefbedrag behaald) at the ledger. */
  'initiative-not-collecting',
] as const;
export type DonationFlag = (typeof donationFlagNames)[number];

/** Statuses in which a donation counts: collecting, or collected already (a donation above the target is still a donation). */
const receiving = new Set(['spaarfase', 'streefbedrag_behaald']);

export interface LedgerFacts {
  voucher: { district: string } | null;
  round: { valueCents: number; from: string; until: string; status: string } | null;
  statusOf: ReadonlyMap<string, string>;
}

/**
 * The flags of a donation. The round window is checked on the device's clock, and — when the ledger
 * measured that clock off at this request — on the device's clock corrected by that skew: a donation
 * inside the window by either reading is inside (a wrong clock never costs a resident their voucher).
 */
export function donationFlags(d: DonationFacts, deviceTime: string, clockSkewMs: number, facts: LedgerFacts): DonationFlag[] {
  const flags: DonationFlag[] = [];
  const round = facts.round;
  if (!round) flags.push('unknown-round');
  else {
    if (!facts.voucher) flags.push('unknown-voucher');
    const from = Date.parse(round.from);
    const until = Date.parse(round.until);
    const at = momentOf(deviceTime);
    const inside = (t: number) => Number.isFinite(t) && t >= from && t <= until;
    if (round.status === 'planned' || !(inside(at) || inside(at - clockSkewMs))) flags.push('outside-round');
    if (d.valueCents !== round.valueCents) flags.push('wrong-value');
  }
  const statuses = d.parts.map((p) => facts.statusOf.get(p.initiativeId));
  if (statuses.some((s) => s === undefined)) flags.push('unknown-initiative');
  else if (statuses.some((s) => !receiving.has(s as string))) flags.push('initiative-not-collecting');
  return flags;
}

export function decideDonation(flags: readonly DonationFlag[]): 'counted' | 'pending' {
  return flags.length === 0 ? 'counted' : 'pending';
}

export interface ReviewData {
  redemptionId: string;
  deviceId: string | null;
  roundId: string;
  valueCents: number;
  districtCode: string | null;
  parts: { initiativeId: string; amountCents: number }[];
  flags: string[];
  state: 'pending' | 'confirmed' | 'rejected' | 'reversed';
  note: string | null;
  at: string;
  decidedAt: string | null;
}

/** A pending donation and its decision go to every device of the municipality: a wijkregisseur may decide on any. */
export function reviewChange(data: ReviewData): NewChange {
  return { kind: 'review', data };
}
