/**
 * A voucher given on the platform's website (POST /partner/v1/redemptions): decided by the same rules as a
 * device's donation (donation-rules.ts) and written through the same insert under the same partial unique index
 * (donation-effects.ts), with channel `website`. Online, so the ledger answers at once: counted, or refused with
 * the reason (already used — where and when —, unknown, round closed, an initiative not collecting). An offline
 * counter that took the same voucher earlier meets the web donation when it syncs: contested, settled by a person.
 * Idempotent by the website's key: a retry after a lost answer gets the stored answer, nothing twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { checkSplit } from '../../core/split.js';
import { canonicalJson, type ProtocolError } from '../../core/sync/protocol.js';
import type { PartnerRedeemRequest, PartnerRedemption } from '../../core/partner-api.js';
import type { CanonicalCode } from '../../core/voucher-code.js';
import { donations, initiatives, partnerRequests, rounds, vouchers } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { BatchEffects } from './batch.js';
import { emitChanges } from './changes.js';
import { addToInitiative, insertHolding, insertParts, lockDonation, reverseDonation } from './donation-effects.js';
import { donationFlags, type DonationFacts, type DonationFlag } from './donation-rules.js';
import type { Partner } from './partners.js';
import { initiativeSnapshots } from './snapshots.js';
import { voucherHolder } from './partner-reads.js';

export interface Answer {
  status: number;
  body:
    PartnerRedemption | ProtocolError | { redemptionId: string; state: 'reversed' } | { id: string; number: number; status: 'ingediend' };
}

export const refusal = (status: number, code: ProtocolError['code'], message: string, extra: Partial<ProtocolError> = {}): Answer => ({
  status,
  body: { code, message, ...extra },
});

/** The first flag decides the answer; the order is the rules' own. */
function refusalFor(flag: DonationFlag, roundStatus: string | undefined, before: boolean): Answer {
  switch (flag) {
    case 'unknown-round':
    case 'unknown-voucher':
      return refusal(422, 'UNKNOWN_VOUCHER', 'This is not a voucher of this municipality.');
    case 'outside-round':
      return roundStatus === 'planned' || before
        ? refusal(422, 'ROUND_NOT_OPEN', 'The round of this voucher has not started yet.')
        : refusal(422, 'ROUND_CLOSED', 'The round of this voucher has ended.');
    case 'wrong-value':
      return refusal(422, 'SPLIT_INVALID', 'The parts do not add up to the voucher’s value.', { problem: 'sum-mismatch' });
    case 'unknown-initiative':
      return refusal(422, 'UNKNOWN_INITIATIVE', 'An initiative of the parts is not one of this municipality.');
    case 'initiative-not-collecting':
      return refusal(422, 'INITIATIVE_NOT_COLLECTING', 'An initiative of the parts is not collecting now.');
  }
}

async function usedAnswer(tx: LedgerTx, tenantId: string, roundId: string, codeHash: string): Promise<Answer> {
  const used = (await voucherHolder(tx, tenantId, roundId, codeHash)) ?? { channel: 'counter' as const, at: '', servicePoint: null };
  return refusal(409, 'VOUCHER_USED', used.channel === 'counter' ? 'Already given at a service point.' : 'Already given on the website.', {
    used,
  });
}

async function redeemInTx(tx: LedgerTx, tenantId: string, code: CanonicalCode, input: PartnerRedeemRequest, now: Date): Promise<Answer> {
  const [voucher] = await tx
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.code, code)));
  if (!voucher) return refusal(422, 'UNKNOWN_VOUCHER', 'This is not a voucher of this municipality.');
  const [round] = await tx
    .select()
    .from(rounds)
    .where(and(eq(rounds.tenantId, tenantId), eq(rounds.id, voucher.roundId)));
  const numbers = [...new Set(input.parts.map((p) => p.initiativeNumber))];
  const found = await tx
    .select({ id: initiatives.id, number: initiatives.number, status: initiatives.status })
    .from(initiatives)
    .where(and(eq(initiatives.tenantId, tenantId), inArray(initiatives.number, numbers)));
  const idOf = new Map(found.map((i) => [i.number, i.id]));
  if (numbers.some((n) => !idOf.has(n))) {
    return refusal(422, 'UNKNOWN_INITIATIVE', 'An initiative of the parts is not one of this municipality.');
  }
  const parts = input.parts.map((p) => ({ initiativeId: idOf.get(p.initiativeNumber) ?? '', amountCents: p.amountCents }));
  const valueCents = round?.valueCents ?? 0;
  const problem = checkSplit(parts, valueCents);
  if (problem)
    return refusal(422, 'SPLIT_INVALID', 'The parts do not add up to the voucher’s value, or name an initiative twice.', { problem });

  const at = now.toISOString();
  const donation: DonationFacts = {
    redemptionId: randomUUID(),
    roundId: voucher.roundId,
    codeHash: voucher.codeHash,
    districtCode: voucher.districtCode,
    buurtCode: voucher.buurtCode,
    valueCents,
    parts,
    intakeId: null,
    needsConfirmation: false,
  };
  // The rules a device's donation is decided by; online there is no "pending": a flag is a refusal, said at once.
  const flags = donationFlags(donation, at, 0, {
    voucher: { district: voucher.districtCode },
    round: round ? { valueCents: round.valueCents, from: round.activeFrom, until: round.activeUntil, status: round.status } : null,
    statusOf: new Map(found.map((i) => [i.id, i.status])),
  });
  const first = flags[0];
  if (first) return refusalFor(first, round?.status, round ? at < new Date(round.activeFrom).toISOString() : false);

  const holding = await insertHolding(tx, [
    {
      tenantId,
      redemptionId: donation.redemptionId,
      deviceId: null,
      seq: null,
      channel: 'website',
      roundId: donation.roundId,
      codeHash: donation.codeHash,
      districtCode: donation.districtCode,
      buurtCode: donation.buurtCode,
      valueCents,
      state: 'counted',
      deviceTime: at,
      flags: [],
    },
  ]);
  if (!holding.has(donation.redemptionId)) return usedAnswer(tx, tenantId, donation.roundId, donation.codeHash);
  await insertParts(tx, [donation]);
  const effects = new BatchEffects();
  effects.changes.push({
    kind: 'used',
    data: { roundId: donation.roundId, h: donation.codeHash, at, channel: 'website', redemptionId: donation.redemptionId },
  });
  // In id order, as a device batch does, so concurrent writers lock initiative rows alike.
  for (const part of [...parts].sort((a, b) => a.initiativeId.localeCompare(b.initiativeId))) {
    await addToInitiative(tx, tenantId, part.initiativeId, part.amountCents, 1, effects);
  }
  effects.changes.push(...(await initiativeSnapshots(tx, tenantId, [...effects.touchedInitiatives])));
  await emitChanges(tx, tenantId, effects.changes);
  return {
    status: 201,
    body: {
      redemptionId: donation.redemptionId,
      outcome: 'counted',
      roundId: donation.roundId,
      valueCents,
      at,
      parts: input.parts.map((p) => ({ initiativeNumber: p.initiativeNumber, amountCents: p.amountCents })),
    },
  };
}

/**
 * Run a partner's request once per idempotency key. The key is claimed first in the same transaction: a concurrent
 * retry waits for it and then gets the stored answer; the same key with another request is refused. Keys are
 * unique per credential across every kind of request.
 */
export async function once(
  db: LedgerDb | LedgerTx,
  partner: Partner,
  key: string,
  request: unknown,
  run: (tx: LedgerTx) => Promise<Answer>,
): Promise<Answer> {
  return (await onceWithOrigin(db, partner, key, request, run)).answer;
}

/** once, also saying whether the answer is one stored earlier for this key. */
export async function onceWithOrigin(
  db: LedgerDb | LedgerTx,
  partner: Partner,
  key: string,
  request: unknown,
  run: (tx: LedgerTx) => Promise<Answer>,
): Promise<{ answer: Answer; repeated: boolean }> {
  const requestHash = createHash('sha256').update(canonicalJson(request)).digest('hex');
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(partnerRequests)
      .values({ credentialId: partner.id, key, tenantId: partner.tenantId, requestHash, status: 0, response: {} })
      .onConflictDoNothing()
      .returning({ key: partnerRequests.key });
    if (claimed.length === 0) {
      const [earlier] = await tx
        .select()
        .from(partnerRequests)
        .where(and(eq(partnerRequests.credentialId, partner.id), eq(partnerRequests.key, key)));
      if (!earlier || earlier.requestHash !== requestHash) {
        return { answer: refusal(422, 'IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for another request.'), repeated: false };
      }
      return { answer: { status: earlier.status, body: earlier.response as Answer['body'] }, repeated: true };
    }
    const answer = await run(tx);
    await tx
      .update(partnerRequests)
      .set({ status: answer.status, response: answer.body })
      .where(and(eq(partnerRequests.credentialId, partner.id), eq(partnerRequests.key, key)));
    return { answer, repeated: false };
  });
}

/** Redeem once per key inside the caller's transaction (the website's daily file, web-import.ts). */
export function redeemIn(tx: LedgerTx, partner: Partner, key: string, code: CanonicalCode, input: PartnerRedeemRequest, givenAt: Date) {
  return onceWithOrigin(tx, partner, key, { kind: 'redeem', code, parts: input.parts }, (inner) =>
    redeemInTx(inner, partner.tenantId, code, input, givenAt),
  );
}

/** Redeem once per idempotency key (see once). */
export function redeemOnline(
  db: LedgerDb,
  partner: Partner,
  key: string,
  code: CanonicalCode,
  input: PartnerRedeemRequest,
  now = new Date(),
): Promise<Answer> {
  return once(db, partner, key, { kind: 'redeem', code, parts: input.parts }, (tx) => redeemInTx(tx, partner.tenantId, code, input, now));
}

/**
 * Undo a donation given on this municipality's website, while its round is open (the council's rule: a voucher
 * given can be corrected within its round). Reversing twice is once. Counter donations are the counter's to reverse.
 */
export async function reverseOnline(
  db: LedgerDb,
  partner: Partner,
  redemptionId: string,
  reason: string,
  now = new Date(),
): Promise<Answer> {
  return db.transaction(async (tx) => {
    const d = await lockDonation(tx, partner.tenantId, redemptionId);
    if (!d || d.channel !== 'website') return refusal(404, 'NOT_FOUND', 'No donation of the website with this id.');
    if (d.state === 'reversed') return { status: 200, body: { redemptionId, state: 'reversed' } };
    if (d.state !== 'counted') return refusal(422, 'NOT_REVERSIBLE', `This donation is ${d.state}; a wijkregisseur settles it.`);
    const [round] = await tx
      .select()
      .from(rounds)
      .where(and(eq(rounds.tenantId, partner.tenantId), eq(rounds.id, d.roundId)));
    if (!round || round.status === 'closed' || now.toISOString() > new Date(round.activeUntil).toISOString()) {
      return refusal(422, 'ROUND_CLOSED', 'The round of this donation has ended: it can no longer be reversed.');
    }
    const effects = new BatchEffects();
    await reverseDonation(tx, partner.tenantId, d, effects, now.toISOString());
    effects.changes.push(...(await initiativeSnapshots(tx, partner.tenantId, [...effects.touchedInitiatives])));
    await emitChanges(tx, partner.tenantId, effects.changes);
    // Who undid it and why, with the donation (the same columns a wijkregisseur's decision uses).
    await tx
      .update(donations)
      .set({ settledAt: now.toISOString(), settledBy: `website: ${partner.name}`, settlementNote: reason })
      .where(eq(donations.redemptionId, d.redemptionId));
    return { status: 200, body: { redemptionId, state: 'reversed' } };
  });
}
