/**
 * A voucher given on the platform's website (POST /partner/v1/redemptions): decided by the same rules as a
 * device's donation (donation-rules.ts) and written through the same insert under the same partial unique index
 * (donation-effects.ts), with channel `website`. Online, so the ledger answers at once: counted, or refused with
 * the reason (already used — where and when —, unknown, round closed, an initiative not collecting). An offline
 * counter that took the same voucher earlier meets the web donation when it syncs: contested, settled by a person.
 * Idempotent by the website's key: a retry after a lost answer gets the stored answer, nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { checkSplit } from '../../core/split.js';
import type { PartnerRedeemRequest, PartnerRedemption } from '../../core/partner-api.js';
import type { CanonicalCode } from '../../core/voucher-code.js';
import { donations, rounds } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { BatchEffects } from './batch.js';
import { anyOf } from './bulk.js';
import { emitChanges } from './changes.js';
import { addToInitiative, insertHolding, insertParts, lockDonation, reverseDonation } from './donation-effects.js';
import { donationFlags, type DonationFacts, type DonationFlag } from './donation-rules.js';
import { isRetryable } from './errors.js';
import { claimKeys, refusal, storeAnswers, type Answer, type Earlier } from './partner-requests.js';
import type { Partner } from './partners.js';
import { initiativeSnapshots } from './snapshots.js';
import { voucherHolder } from './partner-reads.js';

export { once, refusal, type Answer } from './partner-requests.js';

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

/** One web redemption as the website asked it: who, under which key, which voucher, and when it was given. */
export interface WebRedemption {
  partner: Partner;
  key: string;
  code: CanonicalCode;
  input: PartnerRedeemRequest;
  at: Date;
}

const keyedOf = (item: WebRedemption) => ({
  partner: item.partner,
  key: item.key,
  request: { kind: 'redeem', code: item.code, parts: item.input.parts },
});

interface VoucherFacts {
  code: string;
  roundId: string;
  codeHash: string;
  districtCode: string;
  buurtCode: string | null;
  round: { valueCents: number; activeFrom: string; activeUntil: string; status: string } | null;
}

/** The vouchers of the batch with their rounds, and the initiatives its parts name: two queries for any number. */
async function factsOf(tx: LedgerTx, tenantId: string, items: readonly WebRedemption[]) {
  const voucherRows = (await tx.execute(sql`
    select v.code, v.round_id, v.code_hash, v.district_code, v.buurt_code,
           r.value_cents, r.active_from, r.active_until, r.status
      from vouchers v left join rounds r on r.tenant_id = v.tenant_id and r.id = v.round_id
     where v.tenant_id = ${tenantId} and ${anyOf(sql`v.code`, [...new Set(items.map((i) => i.code))], 'text')}`)) as unknown as {
    rows: {
      code: string;
      round_id: string;
      code_hash: string;
      district_code: string;
      buurt_code: string | null;
      value_cents: number | null;
      active_from: string | Date | null;
      active_until: string | Date | null;
      status: string | null;
    }[];
  };
  const voucherOf = new Map<string, VoucherFacts>(
    voucherRows.rows.map((v) => [
      v.code,
      {
        code: v.code,
        roundId: v.round_id,
        codeHash: v.code_hash,
        districtCode: v.district_code,
        buurtCode: v.buurt_code,
        round:
          v.value_cents === null || v.active_from === null || v.active_until === null || v.status === null
            ? null
            : {
                valueCents: v.value_cents,
                activeFrom: new Date(v.active_from).toISOString(),
                activeUntil: new Date(v.active_until).toISOString(),
                status: v.status,
              },
      },
    ]),
  );
  const numbers = [...new Set(items.flatMap((i) => i.input.parts.map((p) => p.initiativeNumber)))];
  const found = (await tx.execute(sql`
    select id, number, status from initiatives
     where tenant_id = ${tenantId} and number = any(${sql.param(numbers)}::integer[])`)) as unknown as {
    rows: { id: string; number: number; status: string }[];
  };
  return { voucherOf, initiativeOf: new Map(found.rows.map((i) => [i.number, i])) };
}

/** Decide one web redemption by the rules a device's donation is decided by: the donation to write, or the refusal. */
function decide(item: WebRedemption, facts: Awaited<ReturnType<typeof factsOf>>): DonationFacts | Answer {
  const voucher = facts.voucherOf.get(item.code);
  if (!voucher) return refusal(422, 'UNKNOWN_VOUCHER', 'This is not a voucher of this municipality.');
  const { round } = voucher;
  if (item.input.parts.some((p) => !facts.initiativeOf.has(p.initiativeNumber))) {
    return refusal(422, 'UNKNOWN_INITIATIVE', 'An initiative of the parts is not one of this municipality.');
  }
  const parts = item.input.parts.map((p) => ({
    initiativeId: facts.initiativeOf.get(p.initiativeNumber)?.id ?? '',
    amountCents: p.amountCents,
  }));
  const valueCents = round?.valueCents ?? 0;
  const problem = checkSplit(parts, valueCents);
  if (problem)
    return refusal(422, 'SPLIT_INVALID', 'The parts do not add up to the voucher’s value, or name an initiative twice.', { problem });
  const at = item.at.toISOString();
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
  // Online there is no "pending": a flag is a refusal, said at once.
  const flags = donationFlags(donation, at, 0, {
    voucher: { district: voucher.districtCode },
    round: round ? { valueCents: round.valueCents, from: round.activeFrom, until: round.activeUntil, status: round.status } : null,
    statusOf: new Map([...facts.initiativeOf.values()].map((i) => [i.id, i.status])),
  });
  const first = flags[0];
  if (first) return refusalFor(first, round?.status, round ? at < round.activeFrom : false);
  return donation;
}

const isAnswer = (x: DonationFacts | Answer): x is Answer => 'status' in x;

/**
 * Redeem a batch of web redemptions of one municipality in the caller's transaction, each once per key: the keys
 * claimed in one statement, the vouchers and initiatives read in two, every accepted donation written through the
 * same insert under the same partial unique index as a device's (the first use holds the voucher; a later one in
 * this batch or anywhere is refused as used), the initiatives' totals moved once per initiative, and one set of
 * changes for the devices. Answers in the items' order. The keys of one call must differ.
 */
export async function redeemBatchIn(tx: LedgerTx, tenantId: string, items: readonly WebRedemption[]): Promise<Earlier[]> {
  if (items.some((i) => i.partner.tenantId !== tenantId)) throw new Error('a web batch holds one municipality');
  const keyed = items.map(keyedOf);
  const earlier = await claimKeys(tx, keyed);
  const answers: (Earlier | undefined)[] = [...earlier];
  const fresh = items.flatMap((item, i) => (earlier[i] ? [] : [{ item, i, keyed: keyedOf(item) }]));
  if (fresh.length > 0) {
    const facts = await factsOf(
      tx,
      tenantId,
      fresh.map((f) => f.item),
    );
    const accepted: { item: WebRedemption; i: number; donation: DonationFacts }[] = [];
    for (const f of fresh) {
      const decided = decide(f.item, facts);
      if (isAnswer(decided)) answers[f.i] = { answer: decided, repeated: false };
      else accepted.push({ ...f, donation: decided });
    }
    await writeAccepted(tx, tenantId, accepted, answers);
    await storeAnswers(
      tx,
      fresh.map((f) => ({ item: f.keyed, answer: answered(answers[f.i]).answer })),
    );
  }
  return answers.map(answered);
}

function answered(a: Earlier | undefined): Earlier {
  if (!a) throw new Error('web redemption without an answer');
  return a;
}

/** Write the accepted donations (the voucher index decides who holds), their parts, totals and changes. */
async function writeAccepted(
  tx: LedgerTx,
  tenantId: string,
  accepted: readonly { item: WebRedemption; i: number; donation: DonationFacts }[],
  answers: (Earlier | undefined)[],
): Promise<void> {
  if (accepted.length === 0) return;
  // Sorted by voucher, as a device batch is: concurrent writers take the index's locks in the same order.
  const inOrder = [...accepted].sort((x, y) =>
    x.donation.codeHash < y.donation.codeHash ? -1 : x.donation.codeHash > y.donation.codeHash ? 1 : 0,
  );
  const holding = await insertHolding(
    tx,
    inOrder.map(({ item, donation }) => ({
      tenantId,
      redemptionId: donation.redemptionId,
      deviceId: null,
      seq: null,
      channel: 'website' as const,
      roundId: donation.roundId,
      codeHash: donation.codeHash,
      districtCode: donation.districtCode,
      buurtCode: donation.buurtCode,
      valueCents: donation.valueCents,
      state: 'counted' as const,
      deviceTime: item.at.toISOString(),
      flags: [],
    })),
  );
  const held = accepted.filter((a) => holding.has(a.donation.redemptionId));
  for (const lost of accepted.filter((a) => !holding.has(a.donation.redemptionId))) {
    answers[lost.i] = { answer: await usedAnswer(tx, tenantId, lost.donation.roundId, lost.donation.codeHash), repeated: false };
  }
  if (held.length === 0) return;
  await insertParts(
    tx,
    held.map((h) => h.donation),
  );
  const effects = new BatchEffects();
  const perInitiative = new Map<string, { cents: number; n: number }>();
  for (const { item, donation } of held) {
    effects.changes.push({
      kind: 'used',
      data: {
        roundId: donation.roundId,
        h: donation.codeHash,
        at: item.at.toISOString(),
        channel: 'website',
        redemptionId: donation.redemptionId,
      },
    });
    for (const part of donation.parts) {
      const sum = perInitiative.get(part.initiativeId) ?? { cents: 0, n: 0 };
      perInitiative.set(part.initiativeId, { cents: sum.cents + part.amountCents, n: sum.n + 1 });
    }
  }
  // In id order, as a device batch does, so concurrent writers lock initiative rows alike.
  for (const [id, sum] of [...perInitiative].sort(([a], [b]) => a.localeCompare(b))) {
    await addToInitiative(tx, tenantId, id, sum.cents, sum.n, effects);
  }
  effects.changes.push(...(await initiativeSnapshots(tx, tenantId, [...effects.touchedInitiatives])));
  await emitChanges(tx, tenantId, effects.changes);
  for (const { item, i, donation } of held) {
    answers[i] = {
      answer: {
        status: 201,
        body: {
          redemptionId: donation.redemptionId,
          outcome: 'counted',
          roundId: donation.roundId,
          valueCents: donation.valueCents,
          at: item.at.toISOString(),
          parts: item.input.parts.map((p) => ({ initiativeNumber: p.initiativeNumber, amountCents: p.amountCents })),
        } satisfies PartnerRedemption,
      },
      repeated: false,
    };
  }
}

/** Redeem once per key inside the caller's transaction (the website's daily file, web-import.ts). */
export async function redeemIn(tx: LedgerTx, item: WebRedemption): Promise<Earlier> {
  const [answer] = await redeemBatchIn(tx, item.partner.tenantId, [item]);
  if (!answer) throw new Error('web redemption without an answer');
  return answer;
}

interface Waiting {
  item: WebRedemption;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

/**
 * The website's redemptions as they arrive, written in groups (group commit). Every web donation moves its
 * initiative's total and the municipality's change feed, which one transaction at a time can hold; so per
 * municipality one transaction runs, and the requests that arrived meanwhile go together in the next one (at
 * most `maxBatch`). Unloaded a request is alone in its transaction; under load many share one commit. An answer
 * is sent only after its transaction committed. A failed group is run again one request at a time, so one
 * request's failure is never another's.
 */
export class WebRedemptionQueue {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly running = new Set<string>();

  constructor(
    private readonly db: LedgerDb,
    private readonly maxBatch = 100,
  ) {}

  redeem(item: WebRedemption): Promise<Answer> {
    const tenantId = item.partner.tenantId;
    return new Promise<Answer>((resolve, reject) => {
      const queue = this.waiting.get(tenantId) ?? [];
      queue.push({ item, resolve, reject });
      this.waiting.set(tenantId, queue);
      if (!this.running.has(tenantId)) void this.drain(tenantId);
    });
  }

  private async drain(tenantId: string): Promise<void> {
    this.running.add(tenantId);
    try {
      for (;;) {
        const group = this.takeGroup(tenantId);
        if (group.length === 0) return;
        try {
          const answers = await this.run(tenantId, group);
          group.forEach((w, i) => w.resolve(answered(answers[i]).answer));
        } catch (error) {
          if (group.length === 1) group.forEach((w) => w.reject(error));
          else await this.runAlone(tenantId, group);
        }
      }
    } finally {
      this.running.delete(tenantId);
    }
  }

  /** The next group: the oldest waiting requests, at most one per key (a retry waits for the next group). */
  private takeGroup(tenantId: string): Waiting[] {
    const queue = this.waiting.get(tenantId) ?? [];
    const group: Waiting[] = [];
    const keys = new Set<string>();
    const rest: Waiting[] = [];
    for (const w of queue) {
      const key = `${w.item.partner.id}/${w.item.key}`;
      if (group.length < this.maxBatch && !keys.has(key)) {
        keys.add(key);
        group.push(w);
      } else rest.push(w);
    }
    if (rest.length === 0) this.waiting.delete(tenantId);
    else this.waiting.set(tenantId, rest);
    return group;
  }

  private async runAlone(tenantId: string, group: readonly Waiting[]): Promise<void> {
    for (const w of group) {
      try {
        const [answer] = await this.run(tenantId, [w]);
        w.resolve(answered(answer).answer);
      } catch (error) {
        w.reject(error);
      }
    }
  }

  /** One transaction, run again on a deadlock or serialization failure (it did nothing). */
  private async run(tenantId: string, group: readonly Waiting[]): Promise<Earlier[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) =>
          redeemBatchIn(
            tx,
            tenantId,
            group.map((w) => w.item),
          ),
        );
      } catch (error) {
        if (attempt >= 5 || !isRetryable(error)) throw error;
      }
    }
  }
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
