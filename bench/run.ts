/**
 * `npm run bench`: the counter's speed targets (issue 3), measured on a real encrypted store,
 * each next to the bare engine (raw better-sqlite3, same cipher, WAL and synchronous=FULL) in the
 * same run. Figures are written to bench/results/latest.json; docs/benchmarks.md records them.
 *
 * Targets, with 100,000 codes in the registry and 50,000 donations stored:
 *   check a code + commit a donation: p99 < 20 ms · bulk intake ≥ 500 codes/s · load a 35,000-code registry < 1 s
 * and (issue #14) as ratios to the bare insert of the same run: check + commit ≤ 2× at p50 and ≤ 5× at p99, one-code
 * bulk intake ≥ 0.5×. Three bare baselines: a single-row insert (the goals' unit), the same rows as a donation
 * (`bareSameRows`), and the same work — reads, checks and writes — as a donation and an intake scan (`bareSameWork`):
 * the data model's floor, so the store's ratio to it is what our own code costs. Also a check alone (`checkOnly`), of a
 * code in the registry and of one that is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatVoucherCode, generateVoucherCode } from '../core/voucher-code.js';
import { importRegistryFile } from '../services/counter/registry.js';
import { checkVoucher, redeemVoucher } from '../services/counter/vouchers.js';
import { scanIntake, startIntake } from '../services/counter/intakes.js';
import { machine, root } from './setup.js';
import { bareEngine, bareSameRows, bareSameWork } from './bare.js';
import { counterStore, sizes, percentile, registryFile, round, timed } from './counter-store.js';

const { registry: REGISTRY, stored: STORED, samples: SAMPLES } = sizes;
const BULK = Number(process.env.BENCH_BULK ?? 2_000);
/** A quiet moment (the store's idle checkpoint) every this many donations, as between residents at a counter. */
const QUIET_EVERY = 50;

async function main(): Promise<void> {
  const { dir, store, keyHex: KEY, clock, caller, targetId, codes } = await counterStore('bb-bench-');
  const { db } = store;

  // 1. Load a 35,000-code registry file (parse + validate + write), vs the bare engine's bulk insert.
  const registryCodes = Array.from({ length: 35_000 }, () => generateVoucherCode());
  const text = JSON.stringify(registryFile(registryCodes, '2027-1'));
  const loadStart = performance.now();
  importRegistryFile(db, text);
  const loadMs = performance.now() - loadStart;
  const bare = bareEngine(dir, KEY);
  const bareLoadMs = bare.bulkLoad(35_000);

  // 2. Check + commit one donation, SAMPLES times, each its own durable transaction:
  //    a) a counter's day: every QUIET_EVERY donations a quiet moment (not timed) in which the store's own idle
  //       checkpoint runs, as it does between residents — the WAL is emptied and reused, never grown;
  //    b) back to back, never quiet: the WAL grows past what it keeps, the worst case of a long burst.
  const quietMoment = () => {
    store.idleCheckpoint(); // sees the writes since the last tick: not quiet yet
    store.idleCheckpoint(); // quiet: checkpoint
  };
  const donate = (k: number) => {
    const code = formatVoucherCode(codes[STORED + k]!);
    const start = performance.now();
    const check = checkVoucher(db, clock, caller, code);
    if (check.status !== 'valid') throw new Error(`unexpected ${check.status}`);
    redeemVoucher(db, clock, caller, code, [{ initiativeId: targetId, amountCents: 750 }]);
    return performance.now() - start;
  };
  // The store and the three bare engines are measured in turns, sample by sample (store, bare insert, same rows, same
  // work, again), so a slower minute of a shared machine slows all four alike and the ratios compare like with like.
  const same = bareSameRows(dir, KEY, store.sqlite, targetId);
  for (let k = 0; k < STORED / 10; k++) same.one(); // some rows in the indexes first, like the store's
  const work = bareSameWork(dir, KEY, store.sqlite, targetId);
  const workCodes = codes.slice(STORED + 2 * SAMPLES, STORED + 3 * SAMPLES);
  const times: number[] = [];
  const bareTimes: number[] = [];
  const sameTimes: number[] = [];
  const workTimes: number[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    if (k % QUIET_EVERY === 0) {
      quietMoment();
      work.checkpoint();
    }
    times.push(donate(k));
    bareTimes.push(timed(() => bare.one()));
    sameTimes.push(timed(() => same.one()));
    workTimes.push(timed(() => work.one(workCodes[k]!)));
  }
  same.close();
  quietMoment();
  const backToBack: number[] = [];
  for (let k = SAMPLES; k < 2 * SAMPLES; k++) backToBack.push(donate(k));

  // 3. Bulk intake: codes per second through scanIntake, every accepted code a durable donation.
  //    a) one code per call (one transaction and disk sync per code);
  //    b) bursts of 10, as the UI sends what queued up while the previous call ran (group commit).
  //    Stacks of 60 (what an initiator brings), a quiet moment between stacks (not timed).
  const intake = startIntake(db, clock, caller, targetId);
  const single = codes.slice(STORED + 2 * SAMPLES, STORED + 2 * SAMPLES + BULK);
  const workIntakeCodes = codes.slice(STORED + 3 * SAMPLES, STORED + 3 * SAMPLES + BULK);
  let singleSeconds = 0;
  let workIntakeSeconds = 0;
  let bareBulkSeconds = 0;
  single.forEach((code, k) => {
    if (k % 60 === 0) {
      quietMoment();
      work.checkpoint();
    }
    singleSeconds += timed(() => scanIntake(db, clock, caller, intake.id, [code])) / 1000;
    bareBulkSeconds += timed(() => bare.one()) / 1000;
    workIntakeSeconds += timed(() => work.scan(workIntakeCodes[k]!)) / 1000;
  });
  work.close();
  quietMoment();
  const burst = codes.slice(STORED + 2 * SAMPLES + BULK, STORED + 2 * SAMPLES + 2 * BULK);
  const burstStart = performance.now();
  for (let k = 0; k < burst.length; k += 10) scanIntake(db, clock, caller, intake.id, burst.slice(k, k + 10));
  const burstSeconds = (performance.now() - burstStart) / 1000;

  // 4. A check alone (nothing stored), in turns: a code the registry holds, and one it does not — what a laptop whose
  //    registry has gone stale asks for every voucher issued after its last sync (vouchers.ts, roundOpenAt).
  const knownChecks: number[] = [];
  const unknownChecks: number[] = [];
  const unused = codes.slice(STORED + 2 * SAMPLES + 2 * BULK, STORED + 3 * SAMPLES + 2 * BULK);
  const notInRegistry = Array.from({ length: SAMPLES }, () => formatVoucherCode(generateVoucherCode()));
  const checkTimed = (code: string, expected: string) =>
    timed(() => {
      const status = checkVoucher(db, clock, caller, code).status;
      if (status !== expected) throw new Error(`unexpected ${status}`);
    });
  for (let k = 0; k < SAMPLES; k++) {
    knownChecks.push(checkTimed(formatVoucherCode(unused[k]!), 'valid'));
    unknownChecks.push(checkTimed(notInRegistry[k]!, 'unknown'));
  }
  bare.close();
  store.close();

  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    setup: {
      registry: REGISTRY,
      storedDonations: STORED,
      samples: SAMPLES,
      bulkCodes: BULK,
      durability: 'WAL + synchronous=FULL, SQLCipher-4 encrypted, both sides',
    },
    checkAndCommit: {
      p50ms: round(percentile(times, 50)),
      p99ms: round(percentile(times, 99)),
      bareInsertP50ms: round(percentile(bareTimes, 50)),
      bareInsertP99ms: round(percentile(bareTimes, 99)),
      ratioP50: round(percentile(times, 50) / percentile(bareTimes, 50)),
      ratioP99: round(percentile(times, 99) / percentile(bareTimes, 99)),
      bareSameRowsP50ms: round(percentile(sameTimes, 50)),
      bareSameRowsP99ms: round(percentile(sameTimes, 99)),
      ratioToSameRowsP50: round(percentile(times, 50) / percentile(sameTimes, 50)),
      bareSameWorkP50ms: round(percentile(workTimes, 50)),
      bareSameWorkP99ms: round(percentile(workTimes, 99)),
      sameWorkToBareP50: round(percentile(workTimes, 50) / percentile(bareTimes, 50)),
      ratioToSameWorkP50: round(percentile(times, 50) / percentile(workTimes, 50)),
      quietEvery: QUIET_EVERY,
      backToBackP50ms: round(percentile(backToBack, 50)),
      backToBackP99ms: round(percentile(backToBack, 99)),
      backToBackRatioP50: round(percentile(backToBack, 50) / percentile(bareTimes, 50)),
      targetP99ms: 20,
    },
    bulkIntake: {
      oneCodePerCallPerSecond: round(BULK / singleSeconds, 0),
      burstsOf10PerSecond: round(BULK / burstSeconds, 0),
      bareInsertsPerSecond: round(BULK / bareBulkSeconds, 0),
      ratioOneCodeToBare: round(bareBulkSeconds / singleSeconds),
      bareSameWorkPerSecond: round(BULK / workIntakeSeconds, 0),
      sameWorkToBare: round(bareBulkSeconds / workIntakeSeconds),
      ratioOneCodeToSameWork: round(workIntakeSeconds / singleSeconds),
      target: 500,
    },
    checkOnly: {
      inRegistryP50us: round(percentile(knownChecks, 50) * 1000, 1),
      inRegistryP99us: round(percentile(knownChecks, 99) * 1000, 1),
      notInRegistryP50us: round(percentile(unknownChecks, 50) * 1000, 1),
      notInRegistryP99us: round(percentile(unknownChecks, 99) * 1000, 1),
    },
    registryLoad35k: { ms: round(loadMs, 0), bareBulkInsertMs: round(bareLoadMs, 0), ratio: round(loadMs / bareLoadMs), targetMs: 1000 },
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2));
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
