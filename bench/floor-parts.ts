/**
 * `npm run bench:floor`: what each part of the data model costs a donation and an intake scan. The floor
 * (`bareSameWork`, bench/bare.ts: the bare engine doing a donation's whole work) is measured whole and with one part
 * left out at a time, next to the store and the bare single-row insert (the unit of issue #14's goals), all in turns,
 * sample by sample, so a slower minute of a shared machine slows them alike. It answers, before anyone builds it, what
 * a change to the data model could win on the goals' ratios; the floors without a part do not do what the store must.
 * Figures: bench/results/floor-parts.json and the console; docs/benchmarks.md records them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatVoucherCode } from '../core/voucher-code.js';
import { checkVoucher, redeemVoucher } from '../services/counter/vouchers.js';
import { scanIntake, startIntake } from '../services/counter/intakes.js';
import { machine, root } from './setup.js';
import { bareEngine, bareSameWork, floorParts, pagesLogged, type FloorPart } from './bare.js';
import { counterStore, sizes, mean, percentile, round, timed } from './counter-store.js';

const { registry: REGISTRY, stored: STORED, samples: SAMPLES } = sizes;
/** A quiet moment (checkpoints, not timed) every this many operations, as in bench/run.ts. */
const QUIET_EVERY = 50;

async function main(): Promise<void> {
  const { dir, store, keyHex: KEY, clock, caller, targetId, codes } = await counterStore('bb-floor-');
  const { db } = store;
  const bare = bareEngine(dir, KEY);
  const variants: { name: string; without: FloorPart[] }[] = [
    { name: 'floor', without: [] },
    ...floorParts.map((p) => ({ name: `floor without ${p}`, without: [p] })),
  ];
  process.stdout.write(`Copying the store into ${variants.length} floors…\n`);
  const floors = variants.map((v) => ({ ...v, engine: bareSameWork(dir, KEY, store.sqlite, targetId, v.without) }));
  // Each engine its own unused codes: the store's after the stored ones, each floor's after those.
  let next = STORED;
  const take = () => codes[next++]!;
  const need = (1 + floors.length) * 2 * (SAMPLES + QUIET_EVERY);
  if (STORED + need > codes.length) throw new Error(`BENCH_REGISTRY must be at least ${STORED + need}`);

  const quiet = () => {
    store.idleCheckpoint();
    store.idleCheckpoint();
    for (const f of floors) f.engine.checkpoint();
  };
  const rows = [{ name: 'bare insert' }, { name: 'store' }, ...floors].map((r) => ({
    name: r.name,
    donation: [] as number[],
    scan: [] as number[],
  }));
  const [bareRow, storeRow, ...floorRows] = rows as [(typeof rows)[0], (typeof rows)[0], ...(typeof rows)[0][]];
  const pages = new Map<string, { donation: number; scan: number }>(rows.map((r) => [r.name, { donation: 0, scan: 0 }]));

  // Donations: check + commit, as bench/run.ts times them.
  for (let k = 0; k < SAMPLES; k++) {
    if (k % QUIET_EVERY === 0) quiet();
    const code = formatVoucherCode(take());
    inTurns(k, [
      () => bareRow.donation.push(timed(() => bare.one())),
      () =>
        storeRow.donation.push(
          timed(() => {
            if (checkVoucher(db, clock, caller, code).status !== 'valid') throw new Error('unexpected check');
            redeemVoucher(db, clock, caller, code, [{ initiativeId: targetId, amountCents: 750 }]);
          }),
        ),
      ...floors.map((f, i) => {
        const floorCode = take();
        return () => floorRows[i]!.donation.push(timed(() => f.engine.one(floorCode)));
      }),
    ]);
  }
  // Pages per donation: QUIET_EVERY donations after a checkpoint, counted in the write-ahead log.
  quiet();
  for (let k = 0; k < QUIET_EVERY; k++) {
    redeemVoucher(db, clock, caller, formatVoucherCode(take()), [{ initiativeId: targetId, amountCents: 750 }]);
    for (const f of floors) f.engine.one(take());
  }
  pages.get('store')!.donation = pagesLogged(store.sqlite) / QUIET_EVERY;
  for (const f of floors) pages.get(f.name)!.donation = f.engine.pagesLogged() / QUIET_EVERY;

  // Intake scans, one code a call: stacks of 60 with a quiet moment between them.
  quiet();
  const intake = startIntake(db, clock, caller, targetId);
  for (let k = 0; k < SAMPLES; k++) {
    if (k % 60 === 0) quiet();
    const code = formatVoucherCode(take());
    inTurns(k, [
      () => bareRow.scan.push(timed(() => bare.one())),
      () => storeRow.scan.push(timed(() => scanIntake(db, clock, caller, intake.id, [code]))),
      ...floors.map((f, i) => {
        const floorCode = take();
        return () => floorRows[i]!.scan.push(timed(() => f.engine.scan(floorCode)));
      }),
    ]);
  }
  quiet();
  for (let k = 0; k < QUIET_EVERY; k++) {
    scanIntake(db, clock, caller, intake.id, [formatVoucherCode(take())]);
    for (const f of floors) f.engine.scan(take());
  }
  pages.get('store')!.scan = pagesLogged(store.sqlite) / QUIET_EVERY;
  for (const f of floors) pages.get(f.name)!.scan = f.engine.pagesLogged() / QUIET_EVERY;
  for (const f of floors) f.engine.close();
  bare.close();
  store.close();

  // The goals' ratios as bench/run.ts computes them: p50 of check + commit to the bare insert's, and the one-code
  // intake's throughput to the bare insert's (sums of the samples).
  const bareP50 = percentile(bareRow.donation, 50);
  const bareScanSum = bareRow.scan.reduce((a, b) => a + b, 0);
  const floorFull = floorRows[0]!;
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    setup: { registry: REGISTRY, storedDonations: STORED, samples: SAMPLES, dir: process.env.BENCH_DIR ?? os.tmpdir() },
    rows: rows.map((r) => ({
      name: r.name,
      donationP50us: round(percentile(r.donation, 50) * 1000, 0),
      donationToBareP50: round(percentile(r.donation, 50) / bareP50),
      scanMeanUs: round(mean(r.scan) * 1000, 0),
      scanToBare: round(bareScanSum / r.scan.reduce((a, b) => a + b, 0)),
      ...(r === bareRow
        ? {}
        : { pagesPerDonation: round(pages.get(r.name)!.donation, 1), pagesPerScan: round(pages.get(r.name)!.scan, 1) }),
      // What leaving the part out saves, as a share of the whole floor's time.
      ...(floorRows.includes(r) && r !== floorFull
        ? {
            donationSaving: `${round((1 - percentile(r.donation, 50) / percentile(floorFull.donation, 50)) * 100, 1)} %`,
            scanSaving: `${round((1 - mean(r.scan) / mean(floorFull.scan)) * 100, 1)} %`,
          }
        : {}),
    })),
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'floor-parts.json'), JSON.stringify(results, null, 2));
  fs.rmSync(dir, { recursive: true, force: true });
  const columns = [
    'name',
    'donationP50us',
    'donationToBareP50',
    'scanMeanUs',
    'scanToBare',
    'pagesPerDonation',
    'pagesPerScan',
    'donationSaving',
    'scanSaving',
  ];
  for (const row of [Object.fromEntries(columns.map((c) => [c, c])), ...results.rows] as Record<string, unknown>[])
    process.stdout.write(`${columns.map((c, i) => String(row[c] ?? '').padEnd(i === 0 ? 32 : 18)).join('')}\n`);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

/**
 * Runs each of `turns` once, starting at a different one each sample: measured in a fixed order, the engines late in
 * the turn came out about 2 % faster than the first floor even for a part not on their path.
 */
function inTurns(k: number, turns: (() => unknown)[]): void {
  for (let i = 0; i < turns.length; i++) turns[(k + i) % turns.length]!();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
