/**
 * The device protocol as a third party implements it from docs/sync-protocol.md alone (tests/helpers/doc-client.ts:
 * Node's crypto and fetch, nothing of Buurtbalie's code), against the real ledger on the real PostgreSQL over a real
 * port: enrol, pull the round, registry and initiatives, compute a voucher's codeHash by the document's formula, push
 * a donation, retry it, lose a voucher to another device, every refusal the document promises for a push, the audit
 * trail, the device's own events and the monitor. If the document and the ledger disagree anywhere on this path, this
 * fails — the app's own client could not notice, because it shares the protocol's code with the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshLedger, seedLedger, type TestLedger } from '../helpers/ledger';
import { createEnrolmentCodeFor, importBatchFile } from '../../server/admin/ops';
import { vouchers } from '../../server/db/schema';
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { DocClient, codeHashOf, canonical, type DocEvent } from '../helpers/doc-client';

let ledger: TestLedger;
let base: string;
let codes: string[];

beforeAll(async () => {
  ledger = await freshLedger();
  await seedLedger(ledger, 8, [100_000]);
  codes = (await ledger.db.select({ code: vouchers.code }).from(vouchers).where(eq(vouchers.tenantId, 'almelo'))).map((v) => v.code);
  base = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await ledger?.drop();
});

async function enrolled(name: string): Promise<DocClient> {
  const client = new DocClient(base);
  const { code } = await createEnrolmentCodeFor(ledger.db, 'almelo', name);
  // §2: hyphens and case do not matter; the proof signs the code exactly as sent.
  const answer = await client.enrol(code.toLowerCase(), name, 'Wijkcentrum Test');
  expect(answer).toMatchObject({ status: 200, body: { deviceId: expect.any(String), tenant: { id: 'almelo' } } });
  return client;
}

const printed = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`;

describe('a client written from docs/sync-protocol.md alone', () => {
  it('canonical JSON as §1 describes it', () => {
    expect(canonical({ b: 1, a: [true, null, 'é', 1.0], c: undefined, B: { z: '\ud83d', y: 0.5 } })).toBe(
      '{"B":{"y":0.5,"z":"\\ud83d"},"a":[true,null,"é",1],"b":1}',
    );
  });

  it('enrols, pulls, pushes a donation that counts, retries it, loses a voucher to another device; every documented refusal', async () => {
    const a = await enrolled('Balie A');
    const b = await enrolled('Balie B');

    // §4: the round with its salt, the registry as hashes, the initiatives.
    const { changes, cursor } = await a.pullAll();
    const round = changes.find((c) => c.kind === 'round')!.data as { id: string; salt: string; valueCents: number };
    const registry = new Set(
      changes.filter((c) => c.kind === 'registry').flatMap((c) => (c.data.vouchers as { h: string; d: string }[]).map((v) => v.h)),
    );
    const initiative = changes.find((c) => c.kind === 'initiative')!.data as { id: string; collectedCents: number };
    expect(round.salt).toMatch(/^[0-9a-f]+$/);
    expect(a.feedEpoch).toMatch(/^[0-9a-f-]{36}$/);
    // The document's codeHash formula gives the ledger's own hashes, printed form or canonical, any case.
    expect(codes.every((code) => registry.has(codeHashOf(round.salt, code)))).toBe(true);
    expect(codeHashOf(round.salt, printed(codes[0]!).toLowerCase())).toBe(codeHashOf(round.salt, codes[0]!));

    const donation = (client: DocClient, code: string) =>
      client.event('donation.recorded', 2, {
        redemptionId: crypto.randomUUID(),
        roundId: round.id,
        codeHash: codeHashOf(round.salt, code),
        districtCode: 'WK014113',
        buurtCode: null,
        valueCents: round.valueCents,
        parts: [{ initiativeId: initiative.id, amountCents: round.valueCents }],
        intakeId: null,
        needsConfirmation: false,
        businessDay: new Date().toISOString().slice(0, 10),
      });

    // §3: an empty push tells where the ledger stands.
    expect(await a.push([])).toMatchObject({ status: 200, body: { expectedSeq: 1, results: [] } });
    const first = donation(a, codes[0]!);
    const pushed = await a.push([first]);
    expect(pushed).toMatchObject({
      status: 200,
      body: { expectedSeq: 2, clockSkewMs: 0, results: [{ seq: 1, eventId: first.eventId, outcome: 'accepted' }] },
    });
    // A lost answer: the same event again is a duplicate that says what it became.
    expect((await a.push([first])).body.results).toEqual([expect.objectContaining({ seq: 1, outcome: 'duplicate', stored: 'accepted' })]);

    // The same voucher at another counter: stored, contested, pointing at the holder.
    const other = donation(b, codes[0]!);
    const contested = await b.push([other]);
    expect(contested.body.results).toEqual([
      expect.objectContaining({
        seq: 1,
        outcome: 'contested',
        winner: expect.objectContaining({ redemptionId: first.payload.redemptionId, deviceId: a.deviceId }),
      }),
    ]);

    // §4: the donation counted in the initiative's total; every device learns the voucher is used; both get the conflict.
    const after = await a.pullAll(cursor);
    const latest = after.changes.filter((c) => c.kind === 'initiative' && c.data.id === initiative.id).at(-1)!;
    expect(latest.data.collectedCents).toBe(initiative.collectedCents + round.valueCents);
    expect(after.changes).toContainEqual(
      expect.objectContaining({
        kind: 'used',
        data: expect.objectContaining({ h: codeHashOf(round.salt, codes[0]!), channel: 'counter' }),
      }),
    );
    expect(after.changes.some((c) => c.kind === 'conflict')).toBe(true);
    expect((await b.pullAll(cursor)).changes.some((c) => c.kind === 'conflict')).toBe(true);

    // §0/§3 refusals, each with the documented status, code and extra member; nothing stored by any of them.
    const gapEvent: DocEvent = { ...donation(a, codes[1]!), seq: 5 };
    a.seq = 1;
    a.prevHash = first.hash;
    expect(await a.push([gapEvent])).toMatchObject({ status: 409, body: { code: 'SEQUENCE_GAP', expectedSeq: 2 } });
    const forged = donation(a, codes[1]!);
    expect(await a.push([{ ...forged, hash: 'f'.repeat(64) }])).toMatchObject({ status: 422, body: { code: 'CHAIN_BROKEN', seq: 2 } });
    expect(await a.push([{ ...first, payload: { ...first.payload, valueCents: 1 } }])).toMatchObject({
      status: 409,
      body: { code: 'CHAIN_BROKEN', seq: 1 },
    });
    expect(await a.push([forged], { tamper: (raw) => raw.replace('"protocol":1', '"protocol":1 ') })).toMatchObject({
      status: 401,
      body: { code: 'BAD_SIGNATURE' },
    });
    expect(await a.send('POST', '/v1/push', { protocol: 2, deviceId: a.deviceId, events: [] })).toMatchObject({
      status: 400,
      body: { code: 'UNSUPPORTED_PROTOCOL' },
    });
    expect(await a.send('POST', '/v1/push', { protocol: 1, deviceId: b.deviceId, events: [] })).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED' },
    });
    const stranger = new DocClient(base);
    stranger.deviceId = '00000000-0000-4000-8000-000000000000';
    expect(await stranger.push([])).toMatchObject({ status: 401, body: { code: 'UNKNOWN_DEVICE' } });
    // The event refused above is the next one after all: it goes through now.
    expect((await a.push([forged])).body.results).toEqual([expect.objectContaining({ seq: 2, outcome: 'accepted' })]);

    // §4c: the device's own events, exactly as pushed.
    const own = await a.send('GET', '/v1/events?after=0&limit=10');
    expect(own).toMatchObject({ status: 200, body: { nextSeq: 3, more: false } });
    expect((own.body.events as DocEvent[]).map((e) => [e.seq, e.hash, canonical(e.payload)])).toEqual([
      [1, first.hash, canonical(first.payload)],
      [2, forged.hash, canonical(forged.payload)],
    ]);

    // §4d: the audit trail, chained as described; a retry is harmless.
    const entries = [a.auditEntry('login', { method: 'pin' }), a.auditEntry('export', { kind: 'day-report', ids: ['x-1'] })];
    expect(await a.send('POST', '/v1/audit', { deviceId: a.deviceId, entries })).toMatchObject({
      status: 200,
      body: { storedThrough: 2 },
    });
    expect(await a.send('POST', '/v1/audit', { deviceId: a.deviceId, entries })).toMatchObject({
      status: 200,
      body: { storedThrough: 2 },
    });

    // A device back on a backup made after the first entry: a new line forking from it, beside the old one.
    const restored = Object.assign(new DocClient(base), { deviceId: a.deviceId, keys: a.keys, auditSeq: 1, auditPrev: entries[0]!.hash });
    const forked = restored.auditEntry('backup-restored', { from: 'reservekopie' });
    expect(forked).toMatchObject({ seq: 2, prevHash: entries[0]!.hash });
    expect(await restored.send('POST', '/v1/audit', { deviceId: a.deviceId, entries: [forked] })).toMatchObject({
      status: 200,
      body: { storedThrough: 2 },
    });
    // A line that neither starts at 1 nor forks from an entry the ledger holds.
    const stray = Object.assign(new DocClient(base), { deviceId: a.deviceId, keys: a.keys, auditSeq: 6, auditPrev: 'a'.repeat(64) });
    expect(await stray.send('POST', '/v1/audit', { deviceId: a.deviceId, entries: [stray.auditEntry('login', {})] })).toMatchObject({
      status: 409,
      body: { code: 'SEQUENCE_GAP', expectedSeq: 1 },
    });

    // §4b: the monitor counts the two counted vouchers at the counter.
    const monitor = await a.send('GET', '/v1/monitor');
    expect(monitor.status).toBe(200);
    expect(monitor.body.format).toBe('buurtbalie-monitor/1');
    const figures = (monitor.body.rounds as { id: string; figures: { area: string; counter: number }[] }[]).find((r) => r.id === round.id)!;
    expect(figures.figures.find((f) => f.area === '*')).toMatchObject({ counter: 2 });
  });

  it('sends, finds, fetches and erases a photo as §4a describes', async () => {
    const client = await enrolled('Balie Foto');
    const { changes, cursor } = await client.pullAll();
    const initiativeId = (changes.find((c) => c.kind === 'initiative')!.data as { id: string }).id;
    const png = (red: number) => {
      const image = new PNG({ width: 2, height: 2 });
      image.data.fill(red);
      return PNG.sync.write(image);
    };
    const bytes = png(200);
    const id = crypto.randomUUID();
    const put = (body: unknown) => client.send('PUT', `/v1/photos/${id}`, body);
    const upload = { initiativeId, purpose: 'idee', dataBase64: bytes.toString('base64') };
    expect(await put(upload)).toEqual({ status: 200, body: { stored: true, erased: false } });
    expect(await put(upload)).toEqual({ status: 200, body: { stored: true, erased: false } });
    expect(await put({ ...upload, dataBase64: png(10).toString('base64') })).toMatchObject({
      status: 409,
      body: { code: 'PHOTO_CONFLICT' },
    });
    expect(await put({ ...upload, dataBase64: Buffer.from('not an image').toString('base64') })).toMatchObject({
      status: 400,
      body: { code: 'NOT_A_PHOTO' },
    });
    expect(
      await client.send('PUT', `/v1/photos/${crypto.randomUUID()}`, { ...upload, initiativeId: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ status: 404, body: { code: 'UNKNOWN_INITIATIVE' } });

    // The pull names it with its SHA-256; the bytes come back with their content-type and that hash.
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const after = await client.pullAll(cursor);
    expect(after.changes).toContainEqual(
      expect.objectContaining({
        kind: 'photo',
        data: expect.objectContaining({ id, initiativeId, purpose: 'idee', mime: 'image/png', size: bytes.length, sha256, deleted: false }),
      }),
    );
    const fetched = await client.request('GET', `/v1/photos/${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);

    // Erased: twice is once; a pull says deleted; the bytes are gone; sending it again is answered as erased.
    expect((await client.send('DELETE', `/v1/photos/${id}`)).status).toBe(200);
    expect((await client.send('DELETE', `/v1/photos/${id}`)).status).toBe(200);
    expect((await client.pullAll(after.cursor)).changes).toContainEqual(
      expect.objectContaining({ kind: 'photo', data: expect.objectContaining({ id, deleted: true }) }),
    );
    expect(await client.send('GET', `/v1/photos/${id}`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await put(upload)).toEqual({ status: 200, body: { stored: false, erased: true } });
  });

  it('hands its unsent events to the administrator as the §7 file; the next online push finds them duplicate', async () => {
    const client = await enrolled('Laptop Wijkondersteuner');
    const { changes } = await client.pullAll();
    const initiativeId = (changes.find((c) => c.kind === 'initiative')!.data as { id: string }).id;
    const events = [1, 2].map((score) =>
      client.event(
        'feedback.given',
        1,
        { feedbackId: crypto.randomUUID(), score, businessDay: new Date().toISOString().slice(0, 10) },
        null,
      ),
    );
    const offer = client.event('volunteer.signed-up', 1, {
      volunteerId: crypto.randomUUID(),
      initiativeId,
      kind: 'volunteer',
      quantity: null,
      consentAt: new Date().toISOString(),
    });
    const file = client.batchFile([...events, offer]);
    // Changed after signing: refused, nothing taken in.
    await expect(importBatchFile(ledger.db, file.replace('"kind":"volunteer"', '"kind":"material"'))).rejects.toThrow(/signature/);
    const imported = await importBatchFile(ledger.db, file);
    expect(imported).toMatchObject({ deviceId: client.deviceId, expectedSeq: 4 });
    expect(imported.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    const online = await client.push([...events, offer]);
    expect((online.body.results as { outcome: string; stored: string }[]).map((r) => [r.outcome, r.stored])).toEqual([
      ['duplicate', 'accepted'],
      ['duplicate', 'accepted'],
      ['duplicate', 'accepted'],
    ]);
  });
});
