/**
 * The device's sync client against a ledger that answers wrongly: a proxy on a real port in front of the real ledger
 * replaces answers, as a broken cache, a half-restored ledger or a hostile middlebox would. The client must stop with
 * its Dutch "unexpected answer" message — never loop for ever, never acknowledge or apply what it cannot trust — and
 * sync normally once the ledger answers right. Also: a ledger restored by other means than its restore script is
 * found by the first device that is ahead of its change feed, and every device pulls the feed again.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, gt } from 'drizzle-orm';
import type { TestLedger } from '../helpers/ledger';
import { unwrap, type TestApp } from '../helpers/app';
import { enrolledDevice as enrolDevice, listeningLedger, type Device } from '../helpers/devices';
import { addInitiative } from '../../server/admin/ops';
import { changes, donations, initiatives as ledgerInitiatives, tenants } from '../../server/db/schema';
import { initiativeHistory, initiatives as localInitiatives } from '../../db/schema';
import { getSyncValue, setSyncValue } from '../../services/sync/state';
import { countUnsent } from '../../services/platform/outbox';

let ledger: TestLedger;
let url: string;
let codes: string[];
let initiativeId: string;
const apps: TestApp[] = [];

type Replace = (path: string, after: URLSearchParams, real: { status: number; body: string }) => { status: number; body: string } | null;
let replace: Replace = () => null;
const seen: string[] = [];
let proxy: http.Server;
let proxyUrl: string;

beforeAll(async () => {
  ({ ledger, url, codes, initiativeId } = await listeningLedger(30));
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
        );
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        // The real ledger answers first (a push is stored), then the answer may be replaced.
        const real = await fetch(`${url}${req.url}`, { method: req.method, headers: headers as Record<string, string>, body });
        const text = Buffer.from(await real.arrayBuffer()).toString('utf8');
        const { pathname, searchParams } = new URL(req.url!, 'http://x');
        seen.push(pathname);
        const swapped = replace(pathname, searchParams, { status: real.status, body: text });
        res.writeHead(swapped?.status ?? real.status, { 'content-type': 'application/json' });
        res.end(swapped?.body ?? text);
      })();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const t of apps) t.app.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await ledger?.drop();
});

const serverTime = () => new Date().toISOString();
const redeem = (d: Device, code: string) => d.clerk.call('vouchers:redeem', { code, parts: [{ initiativeId, amountCents: 750 }] });

describe('the sync client and a ledger that answers wrongly', () => {
  it('stops with its Dutch message, never loops, acknowledges and applies nothing it cannot trust; then syncs normally', async () => {
    const d = await enrolDevice(ledger, url, 'Hostile', apps);
    const db = d.t.app.store!.db;
    setSyncValue(db, 'serverUrl', proxyUrl);
    unwrap(await redeem(d, codes[0]!));
    const cases: [string, Replace][] = [
      // A push answer that expects what was just sent: sending the batch again would never end.
      [
        'push never moves on',
        (path) =>
          path === '/v1/push'
            ? { status: 200, body: JSON.stringify({ expectedSeq: 1, serverTime: serverTime(), clockSkewMs: 0, results: [] }) }
            : null,
      ],
      // A push answer that is JSON but not the protocol's.
      ['push answer not the protocol’s', (path) => (path === '/v1/push' ? { status: 200, body: JSON.stringify({ ok: true }) } : null)],
      // "More" for ever without moving: a broken cache that keeps serving one page.
      [
        'pull never moves on',
        (path, q) =>
          path === '/v1/pull'
            ? { status: 200, body: JSON.stringify({ changes: [], cursor: Number(q.get('after')), more: true, serverTime: serverTime() }) }
            : null,
      ],
      // After a restore of this device's backup: its own events, "more" for ever and none in it.
      [
        'own events never come',
        (path) => {
          if (path !== '/v1/events') return null;
          return { status: 200, body: JSON.stringify({ events: [], nextSeq: 99, more: true }) };
        },
      ],
      // A cursor behind the device's own.
      [
        'pull goes back',
        (path) =>
          path === '/v1/pull'
            ? { status: 200, body: JSON.stringify({ changes: [], cursor: 0, more: false, serverTime: serverTime() }) }
            : null,
      ],
    ];
    for (const [name, swap] of cases) {
      replace = swap;
      seen.length = 0;
      if (name.startsWith('own events')) setSyncValue(db, 'chainCatchUp', '1');
      const cursor = getSyncValue(db, 'cursor');
      await expect(d.t.app.sync!.run(), name).rejects.toThrow(/onverwacht antwoord/);
      // Each asked once (a push stops at its first wrong answer; a pull at the page that does not move on).
      expect(seen.filter((p) => p === '/v1/pull').length, name).toBeLessThanOrEqual(1);
      expect(seen.filter((p) => p === '/v1/push').length, name).toBeLessThanOrEqual(1);
      expect(seen.filter((p) => p === '/v1/events').length, name).toBeLessThanOrEqual(1);
      // Nothing acknowledged from a push answer it could not trust; no cursor from a page it could not trust.
      if (name.startsWith('push')) expect(countUnsent(db), name).toBe(1);
      expect(getSyncValue(db, 'cursor'), name).toBe(cursor);
      expect(unwrap(await d.clerk.call('sync:status', {})).lastError, name).toMatch(/onverwacht antwoord/);
    }
    replace = () => null;
    await d.t.app.sync!.run();
    expect(getSyncValue(db, 'chainCatchUp')).toBeNull();
    expect(countUnsent(db)).toBe(0);
    expect(d.t.app.sync!.status()).toMatchObject({ unsent: 0, lastError: null });
    // The donation reached the ledger once, through all of it.
    expect(
      await ledger.db
        .select()
        .from(donations)
        .where(eq(donations.deviceId, getSyncValue(db, 'deviceId')!)),
    ).toHaveLength(1);
  }, 60_000);

  it('a ledger restored without its script: the first device ahead of the feed marks it, and every device pulls it again', async () => {
    const a = await enrolDevice(ledger, url, 'Voor', apps);
    const b = await enrolDevice(ledger, url, 'Achter', apps);
    unwrap(await redeem(a, codes[5]!));
    await a.t.app.sync!.run();
    await b.t.app.sync!.run();
    const [tenant] = await ledger.db.select().from(tenants);
    const cursorA = Number(getSyncValue(a.t.app.store!.db, 'cursor'));
    expect(cursorA).toBe(tenant!.changeSeq);
    // As a restore of an older copy of the database does it: the last changes gone, the numbering back.
    const back = tenant!.changeSeq - 3;
    await ledger.db.delete(changes).where(gt(changes.id, back));
    await ledger.db.update(tenants).set({ changeSeq: back });
    const fresh = await addInitiative(ledger.db, tenant!.id, {
      title: 'Na het herstel',
      summary: 'Een nummer dat de apparaten al voorbij waren.',
      districtCode: 'WK014113',
      theme: 'spelen',
      status: 'spaarfase',
      targetCents: 40_000,
      deadline: '2027-06-01',
    });
    const has = (d: Device) =>
      d.t.app.store!.db.select().from(localInitiatives).where(eq(localInitiatives.id, fresh.id)).get() !== undefined;
    await a.t.app.sync!.run();
    expect(has(a)).toBe(true);
    const [marked] = await ledger.db.select().from(tenants);
    expect(marked!.feedEpoch).not.toBe(tenant!.feedEpoch);
    expect(marked!.feedBase).toBe(0);
    // The other device, as far as the first, is not taken for another restore; the new epoch brings it back too.
    await b.t.app.sync!.run();
    expect(has(b)).toBe(true);
    expect(getSyncValue(b.t.app.store!.db, 'feedEpoch')).toBe(marked!.feedEpoch);
    expect((await ledger.db.select().from(tenants))[0]!.feedEpoch).toBe(marked!.feedEpoch);
    // And both go on as usual: a later change reaches both once.
    unwrap(await redeem(b, codes[6]!));
    await b.t.app.sync!.run();
    await a.t.app.sync!.run();
    // Pulling everything again changed no money: the initiative's total on each device is the ledger's.
    const [row] = await ledger.db.select().from(ledgerInitiatives).where(eq(ledgerInitiatives.id, initiativeId));
    for (const d of [a, b]) {
      expect(d.t.app.store!.db.select().from(localInitiatives).where(eq(localInitiatives.id, initiativeId)).get()!.collectedCents).toBe(
        row!.collectedCents,
      );
    }
  }, 60_000);

  it('reading a restored feed again over several pages leaves the initiatives’ history as it was', async () => {
    const d = await enrolDevice(ledger, url, 'Geschiedenis', apps);
    const db = d.t.app.store!.db;
    const [tenant] = await ledger.db.select().from(tenants);
    const add = (title: string, targetCents: number) =>
      addInitiative(ledger.db, tenant!.id, {
        title,
        summary: 'Voor de test van de geschiedenis.',
        districtCode: 'WK014113',
        theme: 'groen',
        status: 'spaarfase',
        targetCents,
        deadline: null,
      });
    // An initiative that reaches its target far down the feed: its spaarfase snapshot more than a page before it.
    const small = await add('Klein doel', 750);
    for (let i = 0; i < 520; i++) await add(`Vulling ${i}`, 100_000);
    await d.t.app.sync!.run();
    unwrap(await d.clerk.call('vouchers:redeem', { code: codes[20]!, parts: [{ initiativeId: small.id, amountCents: 750 }] }));
    await d.t.app.sync!.run();
    await add('Erna 1', 100_000);
    await add('Erna 2', 100_000);
    await d.t.app.sync!.run();
    const history = () =>
      db
        .select()
        .from(initiativeHistory)
        .where(eq(initiativeHistory.initiativeId, small.id))
        .all()
        .map((h) => `${h.fromStatus}→${h.toStatus}`);
    const known = history();
    expect(known.at(-1)).toBe('spaarfase→streefbedrag_behaald');
    // A restore of an older copy, without the script: the last two changes gone; the device reads the whole feed again.
    const [now] = await ledger.db.select().from(tenants);
    await ledger.db.delete(changes).where(gt(changes.id, now!.changeSeq - 2));
    await ledger.db.update(tenants).set({ changeSeq: now!.changeSeq - 2 });
    await add('Na het herstel 2', 100_000);
    await d.t.app.sync!.run();
    expect(getSyncValue(db, 'feedReplayUntil')).toBeNull();
    expect(db.select().from(localInitiatives).where(eq(localInitiatives.id, small.id)).get()!.status).toBe('streefbedrag_behaald');
    // No "back to spaarfase" and no second "target reached" from passing through the old snapshots again.
    expect(history()).toEqual(known);
  }, 120_000);
});
