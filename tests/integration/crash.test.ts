/**
 * Kill -9 at random moments while redeeming, many times over. Afterwards every donation the child
 * reported as confirmed is in the store exactly once, no half-written donation exists, the
 * initiatives' totals equal their parts, and the outbox chain verifies. The same with a bulk intake scanned between
 * the donations: every paper confirmed is there once, numbered in the intake without a gap or a double, and the open
 * intake's record on its initiative's row equals its papers.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../services/platform/outbox';
import { makeApp, root, setUpDevice, TEST_KEY } from '../helpers/app';

const KILLS = Number(process.env.CRASH_KILLS ?? 20);

type Mode = 'redeem' | 'mixed';

function runUntilKilled(
  dir: string,
  start: number,
  killAfterMs: number,
  mode: Mode,
): Promise<{ confirmed: Map<number, string>; refused: number[]; reasons: string[]; lastIndex: number; done: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      [path.join(root, 'tests', 'crash', 'redeem-loop.ts'), dir, String(start), mode],
      {
        env: { ...process.env, BUURTBALIE_STORE_KEY: TEST_KEY },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so the kill reaches every process under it (a loader may fork).
        detached: true,
      },
    );
    const confirmed = new Map<number, string>();
    const refused: number[] = [];
    const reasons: string[] = [];
    let lastIndex = start - 1;
    let done = false;
    let buffer = '';
    let errors = '';
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [word, index, id] = line.split(' ');
        if (word === 'READY') setTimeout(() => (child.pid ? process.kill(-child.pid, 'SIGKILL') : child.kill('SIGKILL')), killAfterMs);
        if (word === 'CONFIRMED') confirmed.set(Number(index), id!);
        if (word === 'REFUSED') refused.push(Number(index));
        if (word === 'REFUSED') reasons.push(id!);
        if (word === 'CONFIRMED' || word === 'REFUSED') lastIndex = Number(index);
        if (word === 'DONE') done = true;
        if (word === 'ERROR') reject(new Error(line + errors));
      }
    });
    // 'close', not 'exit': only then has every line the child wrote been read.
    child.on('close', () => resolve({ confirmed, refused, reasons, lastIndex, done }));
  });
}

/** A demo device whose collecting initiatives cannot reach their target, closed: the kill loop's store, and its totals before. */
function preparedDevice() {
  return (async () => {
    const t = makeApp();
    await setUpDevice(t, true);
    // The loop donates hundreds of vouchers to two initiatives; a target they cannot reach keeps
    // them collecting (reaching it would rightly stop further donations, which is not under test here).
    t.app.store!.sqlite.prepare(`UPDATE initiatives SET target_cents = 100000000 WHERE status = 'spaarfase'`).run();
    const before = new Map(
      (t.app.store!.sqlite.prepare(`SELECT id, collected_cents AS c FROM initiatives`).all() as { id: string; c: number }[]).map((r) => [
        r.id,
        r.c,
      ]),
    );
    t.app.close();
    return { dir: t.dir, before };
  })();
}

/** Runs the child and kills it, KILLS times or more; answers what it confirmed and how many answers a kill swallowed. */
async function killLoop(dir: string, mode: Mode) {
  const confirmed = new Map<number, string>();
  let next = 0;
  let inFlightCommits = 0;
  let inFlightScans = 0;
  // On a loaded machine a child may be killed before it confirms anything: then the next kill comes a
  // little later, and there are more runs, so the test always has enough confirmed donations to mean something.
  let slower = 0;
  for (let run = 0; (run < KILLS || confirmed.size <= KILLS / 2) && run < KILLS * 4 && next < 600; run++) {
    const start = next;
    const result = await runUntilKilled(dir, start, 2 + slower + Math.floor(Math.random() * 40), mode);
    slower = result.confirmed.size === 0 ? slower + 25 : slower;
    for (const [i, id] of result.confirmed) confirmed.set(i, id);
    if (process.env.CRASH_DEBUG)
      process.stderr.write(`run ${run}: from ${start}, confirmed ${result.confirmed.size}, refused ${result.refused.join(',')}\n`);
    // Only the voucher in flight at the previous kill may come back as "already used here" (or, scanned into the
    // intake again, as a double in the stack): committed, but killed before it could say so. Anything else would be a
    // lost or doubled write.
    for (const [k, i] of result.refused.entries()) {
      expect(i, `run ${run} refused voucher ${i}`).toBe(start);
      const scanned = mode === 'mixed' && i % 2 === 1;
      expect(result.reasons[k]).toBe(scanned ? 'INTAKE:duplicate-in-stack' : 'VOUCHER_REFUSED:used-here');
      inFlightCommits += 1;
      if (scanned) inFlightScans += 1;
    }
    next = result.lastIndex + 1;
  }
  expect(confirmed.size).toBeGreaterThan(KILLS / 2);
  return { confirmed, inFlightCommits, inFlightScans };
}

/** Every confirmed donation once, every donation whole, the totals their parts, and the chain whole. */
function expectWhole(sqlite: Database.Database, confirmed: Map<number, string>, inFlightCommits: number, before: Map<string, number>) {
  const rows = sqlite
    .prepare('SELECT id, value_cents AS v, outbox_seq AS seq, intake_id AS intakeId, intake_item_no AS itemNo FROM redemptions')
    .all() as {
    id: string;
    v: number;
    seq: number;
    intakeId: string | null;
    itemNo: number | null;
  }[];
  const ids = new Set(rows.map((r) => r.id));
  const papers = new Set(rows.filter((r) => r.intakeId).map((r) => `intake:${r.intakeId}:${r.itemNo}`));
  for (const id of confirmed.values()) {
    if (id.startsWith('intake:')) expect(papers.has(id), `confirmed paper ${id} is missing`).toBe(true);
    else expect(ids.has(id), `confirmed donation ${id} is missing`).toBe(true);
  }
  expect(rows.length).toBe(ids.size);
  // Exactly the confirmed ones, plus commits whose answer the kill swallowed (seen as used-here on resume, or the very last one).
  expect(rows.length - confirmed.size).toBeGreaterThanOrEqual(inFlightCommits);
  expect(rows.length - confirmed.size).toBeLessThanOrEqual(inFlightCommits + 1);
  // No voucher counts twice.
  expect(
    sqlite
      .prepare(
        'SELECT count(*) FROM (SELECT round_id, code_hash FROM redemptions WHERE reversed_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1)',
      )
      .pluck()
      .get(),
  ).toBe(0);
  // Every donation is whole: parts add up to its value, and its outbox event exists and names it.
  for (const r of rows) {
    const sum = sqlite.prepare('SELECT coalesce(sum(amount_cents), 0) FROM donation_parts WHERE redemption_id = ?').pluck().get(r.id);
    expect(sum).toBe(r.v);
    const event = sqlite.prepare(`SELECT json_extract(payload, '$.redemptionId') FROM outbox WHERE seq = ?`).pluck().get(r.seq);
    expect(event).toBe(r.id);
    // Its receipt number committed with it (a donation at the counter; an intake's papers get one receipt at its end).
    if (r.intakeId) continue;
    const receipt = sqlite.prepare(`SELECT receipt_no FROM receipts WHERE kind = 'donation' AND ref_id = ?`).pluck().get(r.id);
    expect(receipt, `donation ${r.id} has no receipt`).toEqual(expect.any(Number));
  }
  expect(sqlite.prepare(`SELECT count(*) FROM outbox WHERE type = 'donation.recorded'`).pluck().get()).toBe(rows.length);
  // Totals are exactly the starting amounts plus the parts.
  const totals = sqlite
    .prepare(
      'SELECT i.id, i.collected_cents AS c, coalesce(sum(p.amount_cents), 0) AS parts FROM initiatives i LEFT JOIN donation_parts p ON p.initiative_id = i.id GROUP BY i.id',
    )
    .all() as {
    id: string;
    c: number;
    parts: number;
  }[];
  for (const row of totals) expect(row.c).toBe((before.get(row.id) ?? 0) + row.parts);
  return rows;
}

describe('a crash at any moment', () => {
  it(`loses no confirmed donation and writes no half donation (${KILLS} kills)`, async () => {
    const { dir, before } = await preparedDevice();
    const { confirmed, inFlightCommits } = await killLoop(dir, 'redeem');
    const again = makeApp({ dir });
    expectWhole(again.app.store!.sqlite, confirmed, inFlightCommits, before);
    expect(verifyChain(again.app.store!.db)).toBeNull();
    again.app.close();
  }, 180_000);

  it(`loses no confirmed paper of a bulk intake and counts none twice (${KILLS} kills)`, async () => {
    const { dir, before } = await preparedDevice();
    const { confirmed, inFlightCommits, inFlightScans } = await killLoop(dir, 'mixed');
    const again = makeApp({ dir });
    const sqlite = again.app.store!.sqlite;
    const rows = expectWhole(sqlite, confirmed, inFlightCommits, before);
    // One intake, gone on with after every restart, and still open.
    const intakes = sqlite.prepare('SELECT id, finished_at AS finishedAt, first_redemption_id AS first FROM bulk_intakes').all() as {
      id: string;
      finishedAt: string | null;
      first: string;
    }[];
    expect(intakes).toHaveLength(1);
    const intake = intakes[0]!;
    expect(intake.finishedAt).toBeNull();
    const accepted = rows.filter((r) => r.intakeId === intake.id);
    expect(accepted.length).toBeGreaterThan(KILLS / 4);
    expect(intake.first).toBe(accepted.map((r) => r.id).sort()[0]);
    // Its papers are numbered 1…n without a gap or a double, accepted ones on their donation, refused ones as items.
    const refused = sqlite.prepare('SELECT item_no FROM bulk_intake_items WHERE intake_id = ?').pluck().all(intake.id) as number[];
    expect(refused.length).toBe(inFlightScans);
    const numbers = [...accepted.map((r) => r.itemNo!), ...refused].sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, k) => k + 1));
    // The open intake's record on its initiative's row is exactly its papers.
    const record = sqlite
      .prepare('SELECT intake_items AS items, intake_accepted AS accepted, intake_cents AS cents FROM initiatives WHERE intake_id = ?')
      .get(intake.id);
    expect(record).toEqual({ items: numbers.length, accepted: accepted.length, cents: accepted.reduce((sum, r) => sum + r.v, 0) });
    expect(verifyChain(again.app.store!.db)).toBeNull();
    again.app.close();
  }, 180_000);
});
