/**
 * A partner's requests run once per idempotency key (table partner_requests). The key is claimed first, in the
 * same transaction as the work: a concurrent retry waits on the claimed row and then gets the stored answer; the
 * same key with another request is refused. Keys are unique per credential across every kind of request.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { canonicalJson, type ProtocolError } from '../../core/sync/protocol.js';
import type { PartnerRedemption } from '../../core/partner-api.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { bulkInsert } from './bulk.js';
import type { Partner } from './partners.js';

export interface Answer {
  status: number;
  body:
    PartnerRedemption | ProtocolError | { redemptionId: string; state: 'reversed' } | { id: string; number: number; status: 'ingediend' };
}

export const refusal = (status: number, code: ProtocolError['code'], message: string, extra: Partial<ProtocolError> = {}): Answer => ({
  status,
  body: { code, message, ...extra },
});

/** One request under its key: who sent it, the key, and what was asked (hashed, to tell a retry from a reuse). */
export interface KeyedRequest {
  partner: Partner;
  key: string;
  request: unknown;
}

export interface Earlier {
  answer: Answer;
  repeated: boolean;
}

const requestHash = (request: unknown) => createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * Claim every key in one statement. Answers, per request, the earlier outcome when the key was claimed before
 * (its stored answer, or a refusal when the key came with another request); undefined when it is now this
 * transaction's to answer. The keys of one call must differ (the caller groups retries apart).
 */
export async function claimKeys(tx: LedgerTx, items: readonly KeyedRequest[]): Promise<(Earlier | undefined)[]> {
  const hashes = items.map((i) => requestHash(i.request));
  const claimed = await bulkInsert<{ credential_id: string; key: string }>(
    tx,
    'partner_requests',
    [
      { name: 'credential_id', type: 'uuid', values: items.map((i) => i.partner.id) },
      { name: 'key', type: 'text', values: items.map((i) => i.key) },
      { name: 'tenant_id', type: 'text', values: items.map((i) => i.partner.tenantId) },
      { name: 'request_hash', type: 'text', values: hashes },
      { name: 'status', type: 'integer', values: items.map(() => 0) },
      { name: 'response', type: 'jsonb', values: items.map(() => ({})) },
    ],
    sql`on conflict (credential_id, key) do nothing returning credential_id, key`,
  );
  const mine = new Set(claimed.map((c) => `${c.credential_id}/${c.key}`));
  const taken = items.filter((i) => !mine.has(`${i.partner.id}/${i.key}`));
  const stored = new Map<string, { request_hash: string; status: number; response: Answer['body'] }>();
  if (taken.length > 0) {
    const rows = (await tx.execute(sql`
      select p.credential_id, p.key, p.request_hash, p.status, p.response
        from partner_requests p
        join unnest(${sql.param(taken.map((i) => i.partner.id))}::uuid[], ${sql.param(taken.map((i) => i.key))}::text[]) as t(c, k)
          on p.credential_id = t.c and p.key = t.k`)) as unknown as {
      rows: { credential_id: string; key: string; request_hash: string; status: number; response: Answer['body'] }[];
    };
    for (const r of rows.rows) stored.set(`${r.credential_id}/${r.key}`, r);
  }
  return items.map((item, i) => {
    if (mine.has(`${item.partner.id}/${item.key}`)) return undefined;
    const earlier = stored.get(`${item.partner.id}/${item.key}`);
    if (!earlier || earlier.request_hash !== hashes[i]) {
      return { answer: refusal(422, 'IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for another request.'), repeated: false };
    }
    return { answer: { status: earlier.status, body: earlier.response }, repeated: true };
  });
}

/** Store the answers of the keys this transaction claimed, in one statement. */
export async function storeAnswers(tx: LedgerTx, answered: readonly { item: KeyedRequest; answer: Answer }[]): Promise<void> {
  if (answered.length === 0) return;
  await tx.execute(sql`
    update partner_requests p set status = t.s, response = t.r::jsonb
      from unnest(
        ${sql.param(answered.map((a) => a.item.partner.id))}::uuid[],
        ${sql.param(answered.map((a) => a.item.key))}::text[],
        ${sql.param(answered.map((a) => a.answer.status))}::integer[],
        ${sql.param(answered.map((a) => JSON.stringify(a.answer.body)))}::text[]
      ) as t(c, k, s, r)
     where p.credential_id = t.c and p.key = t.k`);
}

/** once, also saying whether the answer is one stored earlier for this key. */
export async function onceWithOrigin(
  db: LedgerDb | LedgerTx,
  partner: Partner,
  key: string,
  request: unknown,
  run: (tx: LedgerTx) => Promise<Answer>,
): Promise<Earlier> {
  return db.transaction(async (tx) => {
    const item = { partner, key, request };
    const [earlier] = await claimKeys(tx, [item]);
    if (earlier) return earlier;
    const answer = await run(tx);
    await storeAnswers(tx, [{ item, answer }]);
    return { answer, repeated: false };
  });
}

/** Run a partner's request once per idempotency key. */
export async function once(
  db: LedgerDb | LedgerTx,
  partner: Partner,
  key: string,
  request: unknown,
  run: (tx: LedgerTx) => Promise<Answer>,
): Promise<Answer> {
  return (await onceWithOrigin(db, partner, key, request, run)).answer;
}
