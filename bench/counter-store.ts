/**
 * The counter's store as `bench/run.ts` and `bench/floor-parts.ts` measure it: a fresh encrypted store (setup.ts) with a
 * clerk, one collecting initiative, a registry of `registry` codes and `stored` donations already made through the
 * redemption service. The codes after the first `stored` are unused and in the registry.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { REGISTRY_FORMAT, type RegistryFile } from '../core/registry-file.js';
import { generateVoucherCode, type CanonicalCode } from '../core/voucher-code.js';
import { initiatives, staff } from '../db/schema.js';
import type { Actor } from '../services/platform/actor.js';
import { importRegistryFile, registryHash } from '../services/counter/registry.js';
import { redeemInTx } from '../services/counter/vouchers.js';
import { prepareStaffRow } from '../services/staff/staff.js';
import { benchStore, type BenchStore } from './setup.js';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);

/** Milliseconds `f` took. */
export function timed(f: () => void): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

/** A registry file for one open round (a day old, open for 30 more) holding `codes`, as the ledger sends it. */
export function registryFile(codes: CanonicalCode[], id: string): RegistryFile {
  const salt = randomBytes(16).toString('hex');
  const now = Date.now();
  return {
    format: REGISTRY_FORMAT,
    version: 1,
    asOf: new Date(now).toISOString(),
    round: {
      id,
      valueCents: 750,
      activeFrom: new Date(now - 86_400_000).toISOString(),
      activeUntil: new Date(now + 30 * 86_400_000).toISOString(),
      status: 'open',
    },
    salt,
    vouchers: codes.map((c, i) => ({ h: registryHash(salt, c), d: `WK01411${i % 10}` })),
    usedElsewhere: [],
  };
}

/** The sizes `bench/run.ts` and `bench/floor-parts.ts` measure at (BENCH_REGISTRY, BENCH_STORED, BENCH_SAMPLES to change). */
export const sizes = {
  registry: Number(process.env.BENCH_REGISTRY ?? 100_000),
  stored: Number(process.env.BENCH_STORED ?? 50_000),
  samples: Number(process.env.BENCH_SAMPLES ?? 1_000),
};

export interface CounterStore extends BenchStore {
  caller: Actor;
  /** The collecting initiative every donation goes to. */
  targetId: string;
  /** The registry's codes: the first `stored` are used. */
  codes: CanonicalCode[];
}

export async function counterStore(prefix: string): Promise<CounterStore> {
  const bench = await benchStore(prefix, { demo: true });
  const { db } = bench.store;
  const clerkRow = await prepareStaffRow(bench.clock, { name: 'Bench Balie', role: 'baliemedewerker', pin: '24680' });
  db.insert(staff).values(clerkRow).run();
  const caller: Actor = { staffId: clerkRow.id, role: 'baliemedewerker' };
  const target = db
    .select()
    .from(initiatives)
    .all()
    .find((i) => i.status === 'spaarfase');
  if (!target) throw new Error('no collecting initiative');
  // Tens of thousands of donations to one initiative: give it a target they cannot reach, so it keeps collecting.
  db.update(initiatives).set({ targetCents: 10_000_000_000 }).where(eq(initiatives.id, target.id)).run();

  process.stdout.write(`Generating ${sizes.registry.toLocaleString('en')} codes…\n`);
  const codes = Array.from({ length: sizes.registry }, () => generateVoucherCode());
  importRegistryFile(db, JSON.stringify(registryFile(codes, '2026-B')));

  process.stdout.write(`Storing ${sizes.stored.toLocaleString('en')} donations through the redemption service (batched)…\n`);
  for (let i = 0; i < sizes.stored; i += 1000) {
    db.transaction((tx) => {
      for (let j = i; j < Math.min(i + 1000, sizes.stored); j++)
        redeemInTx(tx, db, bench.clock, caller, codes[j]!, [{ initiativeId: target.id, amountCents: 750 }]);
    });
  }
  return { ...bench, caller, targetId: target.id, codes };
}
