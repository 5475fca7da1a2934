/**
 * Property: random mixes of valid, unknown, wrong-round, wrong-value, unknown-initiative,
 * not-collecting and double-used donations over three devices, pushed in random batches and
 * interleavings with lost answers → every event ends in exactly one documented state, each voucher is
 * held by exactly one donation (counted when the ledger could decide it, pending when not) and any other
 * use is contested, the flags are the documented ones for what was wrong, and every initiative's total
 * equals the sum of its counted donations. Events are built through the catalogue (SimDevice.event).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq, inArray } from 'drizzle-orm';
import { districtsCsv, freshLedger, seedRound, SimDevice, type TestLedger } from '../helpers/ledger';
import { addInitiative, createTenant } from '../../server/admin/ops';
import { donationParts, donations, events, initiatives } from '../../server/db/schema';
import { pushResponseSchema, type WireEvent } from '../../core/sync/protocol';

let ledger: TestLedger;
let run = 0;
beforeAll(async () => {
  ledger = await freshLedger();
});
afterAll(async () => ledger?.drop());

const kinds = ['valid', 'unknown', 'wrong-round', 'wrong-value', 'unknown-initiative', 'not-collecting', 'double'] as const;
type Kind = (typeof kinds)[number];
/** The flags the ledger must give each kind (server/ledger/donation-rules.ts, docs/sync-protocol.md §5). */
const expectedFlags: Record<Kind, string[]> = {
  valid: [],
  double: [],
  unknown: ['unknown-voucher'],
  'wrong-round': ['unknown-round'],
  'wrong-value': ['wrong-value'],
  'unknown-initiative': ['unknown-initiative'],
  'not-collecting': ['initiative-not-collecting'],
};

describe('the ledger decides every donation', () => {
  it('every event one documented state; one holder per voucher; totals = sum of counted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(...kinds), { maxLength: 8 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.record({ device: fc.nat(2), size: fc.integer({ min: 1, max: 4 }), lost: fc.boolean() }), { maxLength: 25 }),
        async (streams, deliveries) => {
          run += 1;
          const tenantId = `dec-${run}-${randomBytes(3).toString('hex')}`;
          await createTenant(ledger.db, tenantId, `Gemeente ${run}`, districtsCsv);
          const pool = await seedRound(ledger.db, tenantId, 12);
          const add = (status: 'spaarfase' | 'afgewezen') =>
            addInitiative(ledger.db, tenantId, {
              title: status,
              summary: 'x',
              districtCode: 'WK014110',
              theme: 'groen',
              status,
              targetCents: 10_000_000,
              deadline: null,
            });
          const open = await add('spaarfase');
          const closed = await add('afgewezen');
          const scoped = { ...ledger, tenantId };
          const sims: SimDevice[] = [];
          for (let i = 0; i < 3; i++) sims.push(await new SimDevice(`D${i}`).enrol(scoped));

          // Build each device's stream through the catalogue; remember what each donation was meant to be.
          const meant = new Map<string, Kind>();
          let nextCode = 0;
          const usedCodes: string[] = [];
          const streamsOf: WireEvent[][] = sims.map((d, i) =>
            (streams[i] ?? []).map((kind) => {
              const fresh = () => {
                const h = pool[nextCode++ % pool.length]!;
                usedCodes.push(h);
                return h;
              };
              const codeHash =
                kind === 'unknown' ? randomBytes(32).toString('hex') : kind === 'double' && usedCodes.length > 0 ? usedCodes[0]! : fresh();
              const value = kind === 'wrong-value' ? 500 : 750;
              const target = kind === 'unknown-initiative' ? randomUUID() : kind === 'not-collecting' ? closed.id : open.id;
              const redemptionId = randomUUID();
              meant.set(redemptionId, kind);
              return d.event('donation.recorded', {
                redemptionId,
                roundId: kind === 'wrong-round' ? '1999-9' : '2026-2',
                codeHash,
                districtCode: 'WK014110',
                buurtCode: null,
                valueCents: value,
                parts: [{ initiativeId: target, amountCents: value }],
                intakeId: null,
                needsConfirmation: false,
                businessDay: '2026-12-03',
              });
            }),
          );
          const acked = [0, 0, 0];
          const send = async (i: number, batch: readonly WireEvent[], lost: boolean) => {
            const res = await sims[i]!.push(scoped, batch);
            expect(res.statusCode, res.body).not.toBe(500);
            if (res.statusCode !== 200) return; // a gap: the device starts again where the ledger says
            if (!lost) acked[i] = pushResponseSchema.parse(res.json()).expectedSeq - 1;
          };
          for (const step of deliveries) {
            const all = streamsOf[step.device]!;
            if (all.length > 0) await send(step.device, all.slice(acked[step.device], acked[step.device]! + step.size), step.lost);
          }
          for (const [i, all] of streamsOf.entries()) {
            for (let guard = 0; acked[i]! < all.length && guard < 20; guard++) await send(i, all.slice(acked[i], acked[i]! + 4), false);
          }

          // Every event stored once, in exactly one documented state.
          const stored = await ledger.db.select().from(events).where(eq(events.tenantId, tenantId));
          expect(stored).toHaveLength(meant.size);
          for (const e of stored) expect(['accepted', 'pending', 'contested']).toContain(e.outcome);
          const rows = await ledger.db.select().from(donations).where(eq(donations.tenantId, tenantId));
          expect(rows).toHaveLength(meant.size);
          const outcomeOf = new Map(stored.map((e) => [(e.payload as { redemptionId: string }).redemptionId, e.outcome]));
          const byVoucher = new Map<string, typeof rows>();
          for (const r of rows) byVoucher.set(`${r.roundId}/${r.codeHash}`, [...(byVoucher.get(`${r.roundId}/${r.codeHash}`) ?? []), r]);
          for (const uses of byVoucher.values()) {
            const holders = uses.filter((r) => r.state === 'counted' || r.state === 'pending');
            expect(holders).toHaveLength(1);
            expect(uses.filter((r) => r.state === 'contested')).toHaveLength(uses.length - 1);
          }
          for (const r of rows) {
            const kind = meant.get(r.redemptionId)!;
            // The flags say what was wrong, whether it holds the voucher or was contested.
            expect([...r.flags].sort(), kind).toEqual(expectedFlags[kind]);
            if (r.state !== 'contested') expect(r.state).toBe(r.flags.length === 0 ? 'counted' : 'pending');
            const answered = outcomeOf.get(r.redemptionId);
            expect(answered).toBe(r.state === 'counted' ? 'accepted' : r.state);
          }
          // Totals: the sum of counted donations, nothing else.
          const counted = rows.filter((r) => r.state === 'counted').map((r) => r.redemptionId);
          const parts =
            counted.length === 0 ? [] : await ledger.db.select().from(donationParts).where(inArray(donationParts.redemptionId, counted));
          const [row] = await ledger.db
            .select()
            .from(initiatives)
            .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, open.id)));
          expect(row!.collectedCents).toBe(parts.filter((p) => p.initiativeId === open.id).reduce((s, p) => s + p.amountCents, 0));
          const [shut] = await ledger.db
            .select()
            .from(initiatives)
            .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, closed.id)));
          expect(shut!.collectedCents).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
