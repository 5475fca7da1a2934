/**
 * One voucher counts once across every channel (issue 16): random streams of donations on two simulated devices
 * (offline, pushing in batches whose answers may be lost and are then sent again) and on the website (each request
 * possibly retried with its key), interleaved at random. Whatever the order: exactly one counted donation per voucher
 * used, every other device use contested, every other web use refused as used, a web retry answered as the first
 * time, and each initiative's total the sum of what counts. Each run is its own municipality on the real PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq } from 'drizzle-orm';
import { districtsCsv, freshLedger, seedRound, SimDevice, type TestLedger } from '../helpers/ledger';
import { addInitiative, createTenant } from '../../server/admin/ops';
import { createPartner } from '../../server/ledger/partners';
import { donations, initiatives, vouchers } from '../../server/db/schema';
import type { WireEvent } from '../../core/sync/protocol';

let ledger: TestLedger;
let run = 0;
beforeAll(async () => {
  ledger = await freshLedger();
});
afterAll(async () => ledger?.drop());

const VOUCHERS = 8;
const takers = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: VOUCHERS - 1 }), { maxLength: 6 }), { minLength: 3, maxLength: 3 });
/** Which channel acts next (0, 1: a device pushes its next batch; 2: the website gives its next voucher), and how. */
const steps = fc.array(fc.record({ who: fc.integer({ min: 0, max: 2 }), size: fc.integer({ min: 1, max: 3 }), lost: fc.boolean() }), {
  maxLength: 24,
});

describe('one voucher, every channel', () => {
  it('counts each voucher once whichever channel took it first, in any order, with retries', async () => {
    await fc.assert(
      fc.asyncProperty(takers, steps, async (taken, plan) => {
        run += 1;
        const tenantId = `web-${run}-${randomBytes(3).toString('hex')}`;
        await createTenant(ledger.db, tenantId, `Gemeente ${run}`, districtsCsv);
        const scoped = { ...ledger, tenantId };
        const target = await addInitiative(ledger.db, tenantId, {
          title: 'Doel',
          summary: 'x',
          districtCode: 'WK014110',
          theme: 'groen',
          status: 'spaarfase',
          targetCents: 100_000_000,
          deadline: null,
        });
        await seedRound(ledger.db, tenantId, VOUCHERS);
        const pool = await ledger.db
          .select({ code: vouchers.code, h: vouchers.codeHash })
          .from(vouchers)
          .where(eq(vouchers.tenantId, tenantId));
        const { token } = await createPartner(ledger.db, tenantId, 'Website', ['vouchers:redeem']);
        const sims = [await new SimDevice('D0').enrol(scoped), await new SimDevice('D1').enrol(scoped)];
        const outbox: WireEvent[][] = sims.map((d, i) => (taken[i] ?? []).map((v) => d.donation('2026-2', pool[v]!.h, target.id)));
        const sent = [0, 0];
        const web = [...(taken[2] ?? [])];
        const webAnswers = new Map<number, { status: number; body: string }>();

        const push = async (i: number, size: number, lost: boolean) => {
          const events = outbox[i]!;
          if (sent[i]! >= events.length) return;
          const batch = events.slice(sent[i], sent[i]! + size);
          const res = await sims[i]!.push(scoped, batch);
          expect(res.statusCode).toBe(200);
          if (!lost) sent[i] = sent[i]! + batch.length; // a lost answer: the device sends the same events again later
        };
        const give = async (v: number) => {
          const res = await ledger.server.inject({
            method: 'POST',
            url: '/partner/v1/redemptions',
            headers: { authorization: `Bearer ${token}`, 'idempotency-key': `v-${v}`, 'content-type': 'application/json' },
            payload: JSON.stringify({ code: pool[v]!.code, parts: [{ initiativeNumber: target.number, amountCents: 750 }] }),
          });
          return { status: res.statusCode, body: JSON.stringify(res.json()) };
        };
        for (const step of plan) {
          if (step.who < 2) await push(step.who, step.size, step.lost);
          else if (web.length > 0) {
            const v = web[0]!;
            const answer = await give(v);
            if (!step.lost) {
              web.shift();
              webAnswers.set(v, answer);
            }
          }
        }
        // Everything arrives in the end: the devices' remaining events, the website's remaining vouchers.
        for (const i of [0, 1]) while (sent[i]! < outbox[i]!.length) await push(i, 50, false);
        for (const v of web) webAnswers.set(v, await give(v));
        // A web retry after the end gets the first answer again, and changes nothing.
        for (const [v, first] of webAnswers) expect(JSON.parse((await give(v)).body)).toEqual(JSON.parse(first.body));

        const used = new Set(taken.flat());
        const rows = await ledger.db.select().from(donations).where(eq(donations.tenantId, tenantId));
        for (const v of used) {
          const ofVoucher = rows.filter((r) => r.codeHash === pool[v]!.h);
          expect(
            ofVoucher.filter((r) => r.state === 'counted'),
            `voucher ${v}`,
          ).toHaveLength(1);
          expect(ofVoucher.filter((r) => r.state !== 'counted').every((r) => r.state === 'contested')).toBe(true);
        }
        // Every device use is stored once; the web's are stored only when they counted.
        const deviceUses = (taken[0] ?? []).length + (taken[1] ?? []).length;
        expect(rows.filter((r) => r.channel === 'counter')).toHaveLength(deviceUses);
        for (const [v, answer] of webAnswers) {
          const counted = rows.find((r) => r.codeHash === pool[v]!.h && r.state === 'counted');
          if (answer.status === 201) expect(counted?.channel).toBe('website');
          else {
            expect(answer.status).toBe(409);
            expect(counted?.channel).toBe('counter');
          }
        }
        const [total] = await ledger.db
          .select()
          .from(initiatives)
          .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, target.id)));
        expect(total!.collectedCents).toBe(750 * used.size);
        expect(rows.filter((r) => r.state === 'counted')).toHaveLength(used.size);
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});
