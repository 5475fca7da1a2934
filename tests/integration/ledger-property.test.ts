/**
 * The property test of the sync protocol (LESSONS.md, "how the strongest ones test"): random
 * redemption streams on three devices, cut into batches, delivered shuffled and duplicated, with
 * answers lost → the ledger holds exactly the union, no duplicates, sequence high-water marks right,
 * and a donation is contested exactly when its voucher appears more than once. Each run is its own
 * municipality (tenant) in one database, so the run also checks that tenants never see each other.
 * Real PostgreSQL, real HTTP API (inject), real signatures.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import { districtsCsv, freshLedger, seedRound, SimDevice, type TestLedger } from '../helpers/ledger';
import { addInitiative, createTenant } from '../../server/admin/ops';
import { devices, donations, events, initiatives } from '../../server/db/schema';
import { pullResponseSchema, pushResponseSchema, protocolErrorSchema, type Change, type WireEvent } from '../../core/sync/protocol';

let ledger: TestLedger;
let run = 0;

beforeAll(async () => {
  ledger = await freshLedger();
});
afterAll(async () => ledger?.drop());

const VOUCHERS = 10;

/** Per device: which vouchers it takes (indices into the run's pool, each at most once per device). */
const streams = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: VOUCHERS - 1 }), { maxLength: 8 }), { minLength: 3, maxLength: 3 });
/** A delivery plan: which device sends next, how many events, and whether the answer is lost. */
const plan = fc.array(
  fc.record({ device: fc.integer({ min: 0, max: 2 }), size: fc.integer({ min: 1, max: 4 }), lost: fc.boolean(), replayFrom: fc.nat(6) }),
  { maxLength: 30 },
);

describe('sync protocol property', () => {
  it('ledger = union of the devices, nothing doubled, contested exactly when a voucher is used twice', async () => {
    await fc.assert(
      fc.asyncProperty(streams, plan, async (taken, deliveries) => {
        run += 1;
        const tenantId = `prop-${run}-${randomBytes(3).toString('hex')}`;
        await createTenant(ledger.db, tenantId, `Gemeente ${run}`, districtsCsv);
        const target = await addInitiative(ledger.db, tenantId, {
          title: 'Doel',
          summary: 'x',
          districtCode: 'WK014110',
          theme: 'groen',
          status: 'spaarfase',
          targetCents: 10_000_000,
          deadline: null,
        });
        // Codes of this municipality's registry: the ledger can decide every donation at once.
        const pool = await seedRound(ledger.db, tenantId, VOUCHERS);
        const scoped = { ...ledger, tenantId };
        const sims: SimDevice[] = [];
        for (let i = 0; i < 3; i++) sims.push(await new SimDevice(`D${i}`).enrol(scoped));
        const streamsOf = sims.map((d, i) => (taken[i] ?? []).map((v) => d.donation('2026-2', pool[v]!, target.id)));
        // What each device believes the ledger has (its acknowledged high-water mark).
        const acked = [0, 0, 0];

        const send = async (i: number, batch: readonly WireEvent[], lost: boolean) => {
          const res = await sims[i]!.push(scoped, batch);
          if (res.statusCode === 409) {
            const err = protocolErrorSchema.parse(res.json());
            expect(err.code).toBe('SEQUENCE_GAP');
            // As the client does: start again where the ledger says.
            return;
          }
          expect(res.statusCode).toBe(200);
          const answer = pushResponseSchema.parse(res.json());
          if (!lost) acked[i] = answer.expectedSeq - 1;
        };

        for (const step of deliveries) {
          const i = step.device;
          const all = streamsOf[i]!;
          if (all.length === 0) continue;
          // Usually from the acknowledged point; sometimes a replay of older events, sometimes a jump (gap).
          const start = Math.max(0, Math.min(all.length - 1, acked[i]! - step.replayFrom + (step.replayFrom === 6 ? 8 : 0)));
          await send(i, all.slice(start, start + step.size), step.lost);
        }
        // Finally every device sends whatever the ledger has not acknowledged, as the client would.
        for (const [i, all] of streamsOf.entries()) {
          for (let guard = 0; acked[i]! < all.length && guard < 20; guard++) await send(i, all.slice(acked[i], acked[i]! + 4), false);
        }

        // The union, exactly once.
        const stored = await ledger.db.select().from(events).where(eq(events.tenantId, tenantId));
        const sent = streamsOf.flat();
        expect(stored).toHaveLength(sent.length);
        expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set(sent.map((e) => e.eventId)));
        for (const [i, d] of sims.entries()) {
          const [row] = await ledger.db.select().from(devices).where(eq(devices.id, d.id));
          expect(row!.nextSeq).toBe(streamsOf[i]!.length + 1);
        }
        // Per voucher: one counted, the rest contested.
        const rows = await ledger.db.select().from(donations).where(eq(donations.tenantId, tenantId));
        expect(rows).toHaveLength(sent.length);
        const uses = new Map<string, number>();
        for (const e of sent) {
          const h = (e.payload as { codeHash: string }).codeHash;
          uses.set(h, (uses.get(h) ?? 0) + 1);
        }
        for (const [h, n] of uses) {
          const states = rows.filter((r) => r.codeHash === h).map((r) => r.state);
          expect(states.filter((s) => s === 'counted')).toHaveLength(1);
          expect(states.filter((s) => s === 'contested')).toHaveLength(n - 1);
        }
        const [initiative] = await ledger.db
          .select()
          .from(initiatives)
          .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, target.id)));
        expect(initiative!.collectedCents).toBe(750 * uses.size);
        expect(initiative!.donations).toBe(uses.size);

        // What a device pulls is its own tenant's only.
        const seen: Change[] = [];
        let after = 0;
        for (;;) {
          const page = pullResponseSchema.parse((await sims[0]!.pull(scoped, after)).json());
          seen.push(...page.changes);
          after = page.cursor;
          if (!page.more) break;
        }
        const usedHashes = seen.flatMap((c) => (c.kind === 'used' ? [c.data.h] : []));
        expect(new Set(usedHashes)).toEqual(new Set(uses.keys()));
        expect(seen.filter((c) => c.kind === 'initiative').every((c) => c.data.id === target.id)).toBe(true);
        const [other] = await ledger.db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(donations)
          .where(sql`${donations.tenantId} <> ${tenantId} and ${donations.codeHash} in ${pool}`);
        expect(other!.n).toBe(0);
      }),
      { numRuns: 30 },
    );
  }, 240_000);
});
