/**
 * Accountability at the scale of a city year (issue 15): 33,795 households in 12 districts and 60 buurten, two
 * rounds (67,590 codes), 1,000 initiatives, 30,000 counted donations, on the real PostgreSQL. Targets: the ledger
 * computes the monitor's figures for a request in < 1 s; the device answers the Monitor (stored figures parsed,
 * checked and derived as the screen does) in < 200 ms; the jaarverantwoording as PDF + XLSX in < 5 s. Each next to
 * the bare engine in the same run: one GROUP BY over the donations; JSON.parse of the same figures; JSON of the
 * same report document. Seeding writes rows with SQL (this measures reading, not ingest: bench/sync.ts does that).
 * Needs PostgreSQL on 127.0.0.1:5432 (BB_TEST_PG to point elsewhere); makes and drops its own database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openLedger } from '../server/db/connect.js';
import { createTenant, generateCodes, importAddresses, upsertRound } from '../server/admin/ops.js';
import { reserve } from '../server/ledger/budget.js';
import { monitorSnapshot } from '../server/ledger/monitor.js';
import { monitorView, storeLedgerMonitor } from '../services/monitor/snapshot.js';
import { makeAnnualReport } from '../services/reports/reports.js';
import { annualReport } from '../core/report-model.js';
import { participation, roundTrend } from '../core/monitor.js';
import { yearOf } from '../core/business-day.js';
import { silentLogger } from '../services/platform/deps.js';
import { benchStore, machine, root } from './setup.js';

const PG = process.env.BB_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 33_795);
const INITIATIVES = Number(process.env.BENCH_INITIATIVES ?? 1_000);
const DONATIONS = Number(process.env.BENCH_DONATIONS ?? 30_000);
const RUNS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round2 = (x: number) => Math.round(x * 100) / 100;
async function timed(runs: number, f: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await f();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const name = `bb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const ledger = await openLedger({ databaseUrl: PG.replace(/\/[^/]*$/, `/${name}`), poolSize: 4 });
  const { db } = ledger;
  const year = yearOf(new Date());
  try {
    const districtsCsv = fs.readFileSync(path.join(root, 'resources', 'data', 'almelo-wijken.csv'), 'utf8');
    await createTenant(db, 'almelo', 'Gemeente Almelo', districtsCsv);
    const codes = districtsCsv
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',')[0] ?? '');
    process.stdout.write(
      `Seeding ${HOUSEHOLDS.toLocaleString('en')} addresses, two rounds, ${INITIATIVES} initiatives, ${DONATIONS.toLocaleString('en')} donations…\n`,
    );
    const lines = ['postcode,house_number,addition,street,buurt_code,district_code'];
    for (let i = 0; i < HOUSEHOLDS; i++) {
      const d = i % codes.length;
      lines.push(
        `760${i % 10}BM,${Math.floor(i / 10) + 1},,Benchstraat (synthetisch),BU0141${String(d).padStart(2, '0')}0${i % 5},${codes[d]}`,
      );
    }
    await importAddresses(db, 'almelo', lines.join('\n'));
    for (const [id, from, until, status] of [
      ['2026-1', `${year}-01-01T00:00:00Z`, `${year}-06-30T00:00:00Z`, 'closed'],
      ['2026-2', `${year}-07-01T00:00:00Z`, `${year}-12-31T00:00:00Z`, 'open'],
    ] as const) {
      await upsertRound(db, 'almelo', { id, valueCents: 750, activeFrom: from, activeUntil: until, status });
      await generateCodes(db, 'almelo', id);
    }
    await db.execute(sql`
      insert into initiatives (tenant_id, id, number, title, summary, district_code, theme, status, target_cents, collected_cents, approved_at)
      select 'almelo', gen_random_uuid(), 1000 + g, 'Initiatief ' || g, 'Voor de meting.',
             (array[${sql.join(
               codes.map((c) => sql`${c}`),
               sql`, `,
             )}])[1 + g % ${codes.length}],
             (array['groen','spelen','ontmoeting','veiligheid','duurzaamheid','cultuur','sport_en_bewegen','ouderen','jeugd','overig'])[1 + g % 10],
             (array['spaarfase','spaarfase','spaarfase','streefbedrag_behaald','in_uitvoering','uitgevoerd','niet_geslaagd','ingediend'])[1 + g % 8],
             50000 + (g % 20) * 5000, 0, case when g % 8 = 7 then null else now() end
      from generate_series(1, ${INITIATIVES}) g`);
    await db.execute(sql`
      with picked as (
        select v.round_id, v.code_hash, v.district_code, v.buurt_code, r.active_from, r.active_until,
               row_number() over (order by md5(v.code_hash)) as n
        from vouchers v join rounds r on r.tenant_id = v.tenant_id and r.id = v.round_id
        where v.tenant_id = 'almelo')
      insert into donations (tenant_id, redemption_id, channel, round_id, code_hash, district_code, buurt_code, value_cents, state, device_time)
      select 'almelo', gen_random_uuid(), case when n % 10 < 3 then 'counter' else 'website' end, round_id, code_hash, district_code, buurt_code,
             750, 'counted', to_char((active_from + (active_until - active_from) * ((n % 997) / 997.0)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
      from picked where n <= ${DONATIONS}`);
    await db.execute(sql`
      insert into donation_parts (redemption_id, part_no, initiative_id, amount_cents)
      select d.redemption_id, 1, i.id, 750 from donations d
      join lateral (select id from initiatives where tenant_id = 'almelo' and status = 'spaarfase' offset (abs(hashtext(d.redemption_id::text)) % 300) limit 1) i on true`);
    await db.execute(sql`
      update initiatives i set collected_cents = s.c, donations = s.n
      from (select initiative_id, sum(amount_cents) as c, count(*) as n from donation_parts group by initiative_id) s
      where i.id = s.initiative_id`);
    for (const [k, code] of codes.entries()) {
      await reserve(
        db,
        'almelo',
        { year, districtCode: code, totalCents: 1_691_600 + k, reason: 'Meting: reservering' },
        { actor: 'beheerder bench' },
      );
    }
    await db.execute(sql`analyze`);

    // 1. The ledger's figures for one request, against one GROUP BY over the same donations.
    const ledgerMs = await timed(RUNS, () => monitorSnapshot(db, 'almelo'));
    const bareLedgerMs = await timed(RUNS, () =>
      db.execute(sql`select round_id, district_code, buurt_code, channel, count(*) from donations
                     where tenant_id = 'almelo' and state = 'counted' group by 1, 2, 3, 4`),
    );
    const snapshot = await monitorSnapshot(db, 'almelo');
    const json = JSON.stringify(snapshot);

    // 2. The device: the stored figures read, checked and derived as the Monitor screen does.
    const device = await benchStore('bb-bench-acc-', { demo: false });
    device.store.db.transaction((tx) => storeLedgerMonitor(tx, snapshot, new Date().toISOString()));
    const deviceMs = await timed(RUNS * 3, () => {
      const view = monitorView(device.store.db, device.clock, silentLogger);
      for (const r of view.snapshot.rounds) participation(view.snapshot, r.id, 'Hele gemeente');
      roundTrend(view.snapshot);
      return view.snapshot.budget.filter((a) => a.year === year);
    });
    const bareDeviceMs = await timed(RUNS * 3, () => JSON.parse(json));

    // 3. The jaarverantwoording, PDF and XLSX, against the same document as JSON.
    const deps = { db: device.store.db, clock: device.clock, log: silentLogger, fontsDir: path.join(root, 'resources', 'fonts') };
    const reportMs = await timed(3, async () => {
      await makeAnnualReport(deps, { year, districtCode: null, format: 'pdf' });
      await makeAnnualReport(deps, { year, districtCode: null, format: 'xlsx' });
    });
    const bareReportMs = await timed(3, () =>
      JSON.stringify(
        annualReport(snapshot, year, null, {
          source: { fromLedger: true, asOf: '', asOfText: '' },
          carriedOut: [],
          platform: 'Almelo Buurt Samen',
        }),
      ),
    );
    device.store.close();
    fs.rmSync(device.dir, { recursive: true, force: true });

    const results = {
      date: new Date().toISOString(),
      machine: machine(),
      setup: {
        households: HOUSEHOLDS,
        rounds: 2,
        initiatives: INITIATIVES,
        donations: DONATIONS,
        snapshotBytes: json.length,
        database: 'PostgreSQL 127.0.0.1',
      },
      ledgerFigures: { ms: round2(ledgerMs), bareGroupByMs: round2(bareLedgerMs), ratio: round2(ledgerMs / bareLedgerMs), targetMs: 1000 },
      deviceMonitor: { ms: round2(deviceMs), bareJsonParseMs: round2(bareDeviceMs), ratio: round2(deviceMs / bareDeviceMs), targetMs: 200 },
      annualReportPdfAndXlsx: {
        ms: round2(reportMs),
        bareJsonMs: round2(bareReportMs),
        ratio: round2(reportMs / bareReportMs),
        targetMs: 5000,
      },
    };
    fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench', 'results', 'accountability.json'), JSON.stringify(results, null, 2));
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await ledger.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
