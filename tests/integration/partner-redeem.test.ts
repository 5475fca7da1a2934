/**
 * A voucher given on the website and at a counter, one ledger: the website (plain HTTP from docs/partner-api.md)
 * and real devices (the app on encrypted SQLite with its own sync client) against a real ledger on PostgreSQL.
 * Both orders of double use, a retry after a lost answer, concurrent retries, and every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { enrolledDevice, listeningLedger, type Device } from '../helpers/devices';
import { failure, root, unwrap, type TestApp } from '../helpers/app';
import type { TestLedger } from '../helpers/ledger';
import { createPartner } from '../../server/ledger/partners';
import { addInitiative } from '../../server/admin/ops';
import { devices, donations, initiatives as ledgerInitiatives, partnerCredentials } from '../../server/db/schema';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initiatives as localInitiatives } from '../../db/schema';

let ledger: TestLedger;
let url: string;
let codes: string[];
let initiativeId: string;
let token: string;
let counter: Device;
const apps: TestApp[] = [];

async function redeem(body: unknown, key: string | null, withToken = token) {
  const response = await fetch(`${url}/partner/v1/redemptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${withToken}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const give = (code: string, key: string | null, number = 1001) =>
  redeem({ code, parts: [{ initiativeNumber: number, amountCents: 750 }] }, key);
const ledgerCollected = async () =>
  (await ledger.db.select().from(ledgerInitiatives).where(eq(ledgerInitiatives.id, initiativeId)))[0]!.collectedCents;
const countedFor = async (codeIndex: number) => {
  const rows = await ledger.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(donations)
    .where(
      and(
        eq(donations.state, 'counted'),
        sql`${donations.codeHash} in (select code_hash from vouchers where code = ${codes[codeIndex]!.replace(/-/g, '')})`,
      ),
    );
  return rows[0]!.n;
};

beforeAll(async () => {
  ({ ledger, url, codes, initiativeId } = await listeningLedger(40));
  ({ token } = await createPartner(ledger.db, 'almelo', 'Website Almelo Buurt Samen', ['initiatives:read', 'vouchers:redeem']));
  counter = await enrolledDevice(ledger, url, 'Balie W', apps);
});
afterAll(async () => {
  for (const t of apps) t.app.close();
  await ledger?.drop();
});

describe('redeeming on the website', () => {
  it('counts a web donation once; a retry after a lost answer gets the same answer; the counter learns the voucher is used', async () => {
    const before = await ledgerCollected();
    const first = await give(codes[0]!, 'web-0001');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      outcome: 'counted',
      roundId: '2026-2',
      valueCents: 750,
      parts: [{ initiativeNumber: 1001, amountCents: 750 }],
    });
    const retry = await give(codes[0]!, 'web-0001');
    expect(retry).toEqual(first);
    expect(await ledgerCollected()).toBe(before + 750);
    expect((await ledger.db.select().from(donations).where(eq(donations.channel, 'website'))).length).toBe(1);
    // The same key for another voucher: refused, nothing written.
    expect(await give(codes[1]!, 'web-0001')).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_MISMATCH' } });

    // The website's own feed has the new total.
    const feed = await fetch(`${url}/partner/v1/initiatives?after=0`, { headers: { authorization: `Bearer ${token}` } });
    const items = ((await feed.json()) as { items: { number: number; collectedCents: number }[] }).items;
    expect(items.find((i) => i.number === 1001)?.collectedCents).toBe(await ledgerCollected());

    await counter.t.app.sync!.run();
    const check = unwrap(await counter.clerk.call('vouchers:check', { code: codes[0]! }));
    expect(check).toMatchObject({ status: 'used-elsewhere', channel: 'website' });
    const local = counter.t.app.store!.db.select().from(localInitiatives).where(eq(localInitiatives.id, initiativeId)).get()!;
    expect(local.collectedCents).toBe(await ledgerCollected());
  });

  it('ten concurrent retries of one request: one donation, ten equal answers', async () => {
    const before = await ledgerCollected();
    const answers = await Promise.all(Array.from({ length: 10 }, () => give(codes[2]!, 'web-concurrent')));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(201);
    expect(await ledgerCollected()).toBe(before + 750);
    expect(await countedFor(2)).toBe(1);
  });

  it('a voucher a counter gave and synced: the website is told at once where and when', async () => {
    unwrap(await counter.clerk.call('vouchers:redeem', { code: codes[3]!, parts: [{ initiativeId, amountCents: 750 }] }));
    await counter.t.app.sync!.run();
    const refused = await give(codes[3]!, 'web-0003');
    expect(refused.status).toBe(409);
    const [device] = await ledger.db.select().from(devices); // the one counter enrolled here
    expect(refused.body).toMatchObject({ code: 'VOUCHER_USED', used: { channel: 'counter', servicePoint: device!.servicePoint } });
    expect(Date.parse((refused.body.used as { at: string }).at)).toBeGreaterThan(0);
    expect(await countedFor(3)).toBe(1);
  });

  it('a voucher an offline counter took while the website counted it: the counter’s is contested on sync, counted once', async () => {
    // The counter is offline: its donation waits in the outbox.
    unwrap(await counter.clerk.call('vouchers:redeem', { code: codes[4]!, parts: [{ initiativeId, amountCents: 750 }] }));
    const web = await give(codes[4]!, 'web-0004');
    expect(web.status).toBe(201);
    const before = await ledgerCollected();
    await counter.t.app.sync!.run();
    expect(await ledgerCollected()).toBe(before); // the counter's donation did not count
    expect(await countedFor(4)).toBe(1);
    const conflicts = unwrap(await counter.director.call('sync:conflicts', {}));
    expect(conflicts.some((c) => c.state === 'open')).toBe(true);
    const local = counter.t.app.store!.db.select().from(localInitiatives).where(eq(localInitiatives.id, initiativeId)).get()!;
    expect(local.collectedCents).toBe(await ledgerCollected());
  });

  it('refuses what the rules refuse, with a stable code, and stores nothing', async () => {
    const before = await ledgerCollected();
    const { generateVoucherCode } = await import('../../core/voucher-code');
    expect(await give(generateVoucherCode(), 'web-r1')).toMatchObject({ status: 422, body: { code: 'UNKNOWN_VOUCHER' } });
    expect(await give(codes[5]!, 'web-r2', 4242)).toMatchObject({ status: 422, body: { code: 'UNKNOWN_INITIATIVE' } });
    const waiting = await addInitiative(ledger.db, 'almelo', {
      title: 'Nog niet goedgekeurd',
      summary: 'Test.',
      districtCode: 'WK014113',
      theme: 'groen',
      status: 'in_beoordeling',
      targetCents: 10_000,
      deadline: null,
    });
    expect(await give(codes[5]!, 'web-r3', waiting.number)).toMatchObject({ status: 422, body: { code: 'INITIATIVE_NOT_COLLECTING' } });
    expect(await redeem({ code: codes[5], parts: [{ initiativeNumber: 1001, amountCents: 500 }] }, 'web-r4')).toMatchObject({
      status: 422,
      body: { code: 'SPLIT_INVALID', problem: 'sum-mismatch' },
    });
    expect(await give('nonsense', 'web-r5')).toMatchObject({ status: 400, body: { code: 'INVALID_CODE' } });
    expect(await give(codes[5]!, null)).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
    expect(await give(codes[5]!, 'bad key with spaces')).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
    for (const body of [
      {},
      { code: codes[5] },
      { code: codes[5], parts: [] },
      { code: codes[5], parts: [{ initiativeNumber: 1001, amountCents: 750 }], extra: 1 },
      [],
    ]) {
      expect((await redeem(body, 'web-r6')).status, JSON.stringify(body)).toBe(400);
    }
    const readOnly = await createPartner(ledger.db, 'almelo', 'Lezen', ['initiatives:read']);
    expect(await redeem({ code: codes[5], parts: [{ initiativeNumber: 1001, amountCents: 750 }] }, 'web-r7', readOnly.token)).toMatchObject(
      {
        status: 403,
        body: { code: 'FORBIDDEN_SCOPE' },
      },
    );
    expect(await ledgerCollected()).toBe(before);
    // The voucher is still free: the website can give it now.
    expect((await give(codes[5]!, 'web-r8')).status).toBe(201);
    expect(failure(await counter.clerk.call('vouchers:redeem', { code: 'x', parts: [] })).code).toBe('VALIDATION');
  });

  it('reverses a web donation within its round: the total goes back, the voucher is free again, twice is once', async () => {
    const reverse = async (id: string, body: unknown) => {
      const response = await fetch(`${url}/partner/v1/redemptions/${id}/reverse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const before = await ledgerCollected();
    const made = await give(codes[6]!, 'web-0006');
    expect(made.status).toBe(201);
    const id = made.body.redemptionId as string;
    expect(await reverse(id, { reason: 'Bewoner koos het verkeerde initiatief' })).toEqual({
      status: 200,
      body: { redemptionId: id, state: 'reversed' },
    });
    expect(await reverse(id, { reason: 'Nog een keer gevraagd' })).toEqual({ status: 200, body: { redemptionId: id, state: 'reversed' } });
    expect(await ledgerCollected()).toBe(before);
    const [row] = await ledger.db.select().from(donations).where(eq(donations.redemptionId, id));
    expect(row).toMatchObject({
      state: 'reversed',
      settlementNote: 'Bewoner koos het verkeerde initiatief',
      settledBy: 'website: Website Almelo Buurt Samen',
    });
    // Free again: on the website at once, at the counter after its sync.
    await counter.t.app.sync!.run();
    expect(unwrap(await counter.clerk.call('vouchers:check', { code: codes[6]! })).status).toBe('valid');
    expect((await give(codes[6]!, 'web-0006-again')).status).toBe(201);
    // What the website may not reverse: a counter's donation, an unknown id, without a reason.
    const counterDonation = (await ledger.db.select().from(donations).where(eq(donations.channel, 'counter')))[0]!;
    expect(await reverse(counterDonation.redemptionId, { reason: 'Dat mag niet' })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await reverse('00000000-0000-4000-8000-000000000000', { reason: 'Onbekend id' })).toMatchObject({ status: 404 });
    expect(await reverse('not-an-id', { reason: 'Onbekend id' })).toMatchObject({ status: 404 });
    expect(await reverse(id, {})).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
  });

  it('the website’s daily file: the same checks and outcomes, twice is once, one bad line and nothing is imported', async () => {
    const { partnerById } = await import('../../server/ledger/partners');
    const { importWebRedemptions } = await import('../../server/ledger/web-import');
    const [credential] = await ledger.db.select().from(partnerCredentials);
    const partner = (await partnerById(ledger.db, 'almelo', credential!.id))!;
    const at = new Date().toISOString();
    const second = await addInitiative(ledger.db, 'almelo', {
      title: 'Tweede doel',
      summary: 'Test.',
      districtCode: 'WK014113',
      theme: 'spelen',
      status: 'spaarfase',
      targetCents: 100_000,
      deadline: null,
    });
    unwrap(await counter.clerk.call('vouchers:redeem', { code: codes[12]!, parts: [{ initiativeId, amountCents: 750 }] }));
    await counter.t.app.sync!.run();
    const good = [
      'key,code,given_at,parts',
      `file-1,${codes[7]},${at},1001:750`,
      `file-2,${codes[8]!.toLowerCase()},${at},1001:500|${second.number}:250`,
      `file-3,${codes[12]},${at},1001:750`, // given at the counter just now
      // A moment with an offset (Amsterdam in winter) is the same moment: counted.
      `file-8,${codes[13]},${new Date(Date.parse(at) + 3_600_000).toISOString().replace('Z', '+01:00')},1001:750`,
    ].join('\n');
    const before = await ledgerCollected();
    const report = await importWebRedemptions(ledger.db, partner, good);
    expect(report).toMatchObject({ lines: 4, problems: [], counted: 3, again: 0 });
    expect(report.refused).toEqual([expect.objectContaining({ line: 4, key: 'file-3', code: 'VOUCHER_USED' })]);
    expect(await ledgerCollected()).toBe(before + 750 + 500 + 750);
    // The same file again: nothing changes.
    expect(await importWebRedemptions(ledger.db, partner, good)).toMatchObject({ counted: 0, again: 4 });
    expect(await ledgerCollected()).toBe(before + 750 + 500 + 750);

    const bad = [
      'key,code,given_at,parts',
      `file-4,${codes[9]},${at},1001:750`,
      'file-5,NONSENSE,yesterday,1001',
      `file-4,${codes[10]},${at},1001:750`,
      // No offset: which hour would that be? The ledger's own time zone is not the website's.
      `file-7,${codes[10]},2026-12-03T10:15:02,1001:750`,
    ].join('\n');
    const refused = await importWebRedemptions(ledger.db, partner, bad);
    expect(refused.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(refused.problems[2]!.problem).toMatch(/with Z or an offset/);
    expect(refused.counted).toBe(0);
    expect((await give(codes[9]!, 'web-0009')).status).toBe(201); // still free: nothing of the file was imported
    expect((await importWebRedemptions(ledger.db, partner, 'code;wrong\n')).problems).toEqual([
      { line: 1, problem: 'the first line must be: key,code,given_at,parts' },
    ]);

    // As the administrator runs it.
    const file = path.join(os.tmpdir(), `web-${Date.now()}.csv`);
    fs.writeFileSync(file, ['key,code,given_at,parts', `file-6,${codes[11]},${at},1001:750`].join('\n'));
    const run = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      [path.join(root, 'server', 'admin', 'cli.ts'), 'web:import', file, '--partner', partner.id],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: ledger.url },
      },
    );
    expect(run.stdout.toString()).toContain('1 line(s): 1 counted, 0 imported before (unchanged), 0 refused.');
  }, 60_000);
  it('a burst shares transactions (group commit): each voucher counted once, a retry answered alike, a failing request fails alone', async () => {
    const { partnerById } = await import('../../server/ledger/partners');
    const { WebRedemptionQueue } = await import('../../server/ledger/web-donations');
    const { parseVoucherCode } = await import('../../core/voucher-code');
    const [credential] = await ledger.db.select().from(partnerCredentials).where(eq(partnerCredentials.name, 'Website Almelo Buurt Samen'));
    const partner = (await partnerById(ledger.db, 'almelo', credential!.id))!;
    let transactions = 0;
    const counting = new Proxy(ledger.db, {
      get(target, property, receiver) {
        if (property !== 'transaction') return Reflect.get(target, property, receiver) as unknown;
        return (...args: Parameters<typeof target.transaction>) => {
          transactions += 1;
          return target.transaction(...args);
        };
      },
    });
    const queue = new WebRedemptionQueue(counting, 8);
    const item = (i: number, key: string, p = partner) => {
      const code = parseVoucherCode(codes[i]!);
      if (!code.ok) throw new Error('test code');
      return {
        partner: p,
        key,
        code: code.code,
        input: { code: codes[i]!, parts: [{ initiativeNumber: 1001, amountCents: 750 }] },
        at: new Date(),
      };
    };
    const before = await ledgerCollected();
    const vouchers = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29];
    const burst = [
      ...vouchers.map((i) => queue.redeem(item(i, `burst-${i}`))),
      ...vouchers.map((i) => queue.redeem(item(i, `burst-again-${i}`))), // the same vouchers under other keys: used
      queue.redeem(item(20, 'burst-20')), // a retry of the first, while it may still be running
      queue.redeem(item(30, 'burst-broken', { ...partner, id: 'not-a-credential' })), // fails in the database
    ];
    const settled = await Promise.allSettled(burst);
    const values = settled.map((s) => (s.status === 'fulfilled' ? s.value : null));
    expect(values.slice(0, 10).map((a) => a?.status)).toEqual(vouchers.map(() => 201));
    expect(values.slice(10, 20).map((a) => a?.status)).toEqual(vouchers.map(() => 409));
    expect(values[20]).toEqual(values[0]);
    expect(settled[21]!.status).toBe('rejected');
    expect(await ledgerCollected()).toBe(before + 10 * 750);
    for (const i of vouchers) expect(await countedFor(i)).toBe(1);
    expect(await countedFor(30)).toBe(0);
    // 22 requests in fewer transactions than requests (groups of at most 8; the broken group once more alone).
    expect(transactions).toBeLessThan(22);
    // The broken request's key holds nothing: the website may send it again with a valid credential.
    expect((await queue.redeem(item(30, 'burst-broken'))).status).toBe(201);
  });
});
