/**
 * Issue 4's target: with 5,000 initiatives, listing and searching take < 100 ms at the service layer
 * (searching by title, number, and — for roles that see people — the initiator's name; 15,000 people).
 * Compared with the bare engine: the same query as one prepared statement on the same store.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { themes } from '../core/initiative-status.js';
import { initiativePeople, initiatives } from '../db/schema.js';
import { listInitiatives } from '../services/initiatives/list.js';
import { benchStore, root } from './setup.js';

const COUNT = Number(process.env.BENCH_INITIATIVES ?? 5000);
const RUNS = 200;
const surnames = ['de Vries', 'Jansen', 'Bosman', 'El Amrani', 'Smit', 'Yilmaz', 'Mulder', 'Visser'];
const words = [
  'bankje',
  'moestuin',
  'speeltuin',
  'bloembak',
  'jeu de boules',
  'buurtbieb',
  'verlichting',
  'picknicktafel',
  'fietsenrek',
  'kunstwerk',
];

function timed(fn: () => unknown): { p50: number; p99: number; rows: number } {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = fn();
    times.push(performance.now() - start);
    rows = Array.isArray(result) ? result.length : 0;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round((times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0) * 100) / 100;
  return { p50: at(50), p99: at(99), rows };
}

async function main(): Promise<void> {
  const { dir, store, districtsCsv: csv } = await benchStore('bb-bench-init-', { demo: false });
  const { db, sqlite } = store;
  const districts = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0] ?? '');
  const statuses = [
    'spaarfase',
    'spaarfase',
    'spaarfase',
    'ingediend',
    'in_beoordeling',
    'streefbedrag_behaald',
    'uitgevoerd',
    'niet_geslaagd',
  ] as const;
  db.transaction((tx) => {
    for (let i = 0; i < COUNT; i++) {
      const now = new Date(Date.now() - i * 3_600_000).toISOString();
      const id = randomUUID();
      tx.insert(initiatives)
        .values({
          id,
          number: 10_000 + i,
          title: `${words[i % words.length]} ${i} in de straat`,
          summary: 'Een idee van buren voor de buurt.',
          districtCode: districts[i % districts.length] ?? '',
          theme: themes[i % themes.length] ?? 'overig',
          status: statuses[i % statuses.length] ?? 'spaarfase',
          targetCents: 30_000 + (i % 50) * 3_000,
          collectedCents: (i * 750) % 30_000,
          deadline: new Date(Date.now() + ((i % 180) - 20) * 86_400_000).toISOString().slice(0, 10),
          createdAt: now,
          updatedAt: now,
        })
        .run();
      // Every initiative registered at a counter has an initiator and co-organisers on the device.
      for (const [role, n] of [
        ['initiator', 0],
        ['co-organiser', 1],
        ['co-organiser', 2],
      ] as const) {
        tx.insert(initiativePeople)
          .values({
            id: randomUUID(),
            initiativeId: id,
            role,
            name: `${surnames[(i + n) % surnames.length]} ${i}-${n}`,
            phone: '',
            email: '',
            postcode: '7601AB',
            houseNumber: String(n + 1),
            addition: '',
            consentAt: now,
          })
          .run();
      }
    }
  });
  const bare = sqlite.prepare(`SELECT * FROM initiatives WHERE title LIKE ? ESCAPE '\\' ORDER BY number LIMIT 1000`);
  const bareOrInitiator = sqlite.prepare(
    `SELECT * FROM initiatives i WHERE i.title LIKE @q ESCAPE '\\' OR EXISTS (SELECT 1 FROM initiative_people p
       WHERE p.initiative_id = i.id AND p.role = 'initiator' AND p.erased_at IS NULL AND p.name LIKE @q ESCAPE '\\')
     ORDER BY number LIMIT 1000`,
  );
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version },
    initiatives: COUNT,
    runs: RUNS,
    listAll: timed(() => listInitiatives(db, {})),
    listDistrictCollectingClosest: timed(() => listInitiatives(db, { districtCode: 'WK014110', status: 'spaarfase', sort: 'closest' })),
    searchTitle: timed(() => listInitiatives(db, { query: 'moestuin' })),
    searchNumber: timed(() => listInitiatives(db, { query: '12345' })),
    searchTitleOrInitiator: timed(() => listInitiatives(db, { query: 'bosman' }, { byInitiator: true })),
    bareSearchTitle: timed(() => bare.all('%moestuin%')),
    bareSearchTitleOrInitiator: timed(() => bareOrInitiator.all({ q: '%bosman%' })),
    targetMs: 100,
  };
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'initiatives.json'), JSON.stringify(results, null, 2));
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
