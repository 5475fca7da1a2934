/**
 * The ledger answers every request with a state, never a 500 (issue: "the ledger answers 500 where it
 * must answer a state"): deep JSON, a reused eventId (also across municipalities), lone surrogates, a
 * null body, wrong and missing content types, an oversized body a plain client must actually receive,
 * an empty push, bounded refusals, a rate-limited enrolment, and a fuzz run of signed hostile pushes
 * after which the ledger is still healthy. Real PostgreSQL, real HTTP where the socket matters.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq } from 'drizzle-orm';
import { districtsCsv, freshLedger, seedLedger, seedRound, SimDevice, type TestLedger } from '../helpers/ledger';
import { addInitiative, createEnrolmentCodeFor, createTenant } from '../../server/admin/ops';
import { auditLog, devices, events, quarantine, refusalCounts, vouchers } from '../../server/db/schema';
import { MAX_BODY_BYTES, PROTOCOL_VERSION, enrolmentProofString, pushResponseSchema, protocolErrorSchema } from '../../core/sync/protocol';
import { chainAudit } from '../../common/audit-chain';
import { generateDeviceKeys, signText } from '../../common/protocol-crypto';
import { MAX_JSON_DEPTH } from '../../core/text';
import { TEXT_REPAIRED } from '../../server/ledger/ingest';
import { PER_DEVICE_PER_DAY } from '../../server/ledger/refusals';

let ledger: TestLedger;
let hashes: string[];
let initiativeId: string;
let url: string;

beforeAll(async () => {
  ledger = await freshLedger();
  const seeded = await seedLedger(ledger, 60, [10_000_000]);
  initiativeId = seeded.initiatives[0]!.id;
  hashes = (await ledger.db.select({ h: vouchers.codeHash }).from(vouchers).where(eq(vouchers.tenantId, ledger.tenantId))).map((v) => v.h);
  url = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => ledger?.drop());

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const results = (body: string) => pushResponseSchema.parse(JSON.parse(body)).results;

describe('every well-signed request gets a state, never a 500', () => {
  it('a body nested 10,000 levels deep is refused as MALFORMED with the bound, from a known device too', async () => {
    const device = await new SimDevice().enrol(ledger);
    const payload = `{"protocol":1,"deviceId":"${device.id}","events":[],"x":${nested(10_000)}}`;
    const res = await ledger.server.inject({
      method: 'POST',
      url: '/v1/push',
      headers: device.headers('POST', '/v1/push', payload),
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(protocolErrorSchema.parse(res.json())).toMatchObject({ code: 'MALFORMED', maxDepth: MAX_JSON_DEPTH });
    // A payload just deeper than any event needs, inside a valid event, is refused the same way.
    const deep = device.rawEvent('day.closed', JSON.parse(`{"a":${nested(MAX_JSON_DEPTH + 2)}}`) as Record<string, unknown>);
    expect((await device.push(ledger, [deep])).statusCode).toBe(400);
  });

  it('a new event reusing a stored eventId is stored and quarantined per municipality; another municipality learns nothing', async () => {
    const a = await new SimDevice('A').enrol(ledger);
    const first = a.donation('2026-2', hashes[0]!, initiativeId);
    expect(results((await a.push(ledger, [first])).body)[0]!.outcome).toBe('accepted');
    // Same tenant: a second event with that id is not a new event.
    const b = await new SimDevice('B').enrol(ledger);
    const payload = b.donation('2026-2', hashes[1]!, initiativeId).payload;
    b.rollback(1);
    const reuse = b.rawEvent('donation.recorded', payload, 2, undefined, first.eventId);
    const answer = results((await b.push(ledger, [reuse])).body);
    expect(answer[0]).toMatchObject({ outcome: 'quarantined', reason: 'eventId used before' });
    // Stored in the chain all the same, so the device's queue goes on behind it.
    expect(results((await b.push(ledger, [b.donation('2026-2', hashes[1]!, initiativeId)])).body)[0]!.outcome).toBe('accepted');
    // Another municipality on the same ledger: the same id is simply its own event (no 500, no hint).
    await createTenant(ledger.db, 'hengelo', 'Gemeente Hengelo', districtsCsv);
    const hengeloHashes = await seedRound(ledger.db, 'hengelo', 3);
    const hengeloInitiative = await addInitiative(ledger.db, 'hengelo', {
      title: 'Elders',
      summary: 'x',
      districtCode: 'WK014113',
      theme: 'groen',
      status: 'spaarfase',
      targetCents: 100_000,
      deadline: null,
    });
    const other = await new SimDevice('H').enrol({ ...ledger, tenantId: 'hengelo' });
    const theirs = other.donation('2026-2', hengeloHashes[0]!, hengeloInitiative.id).payload;
    other.rollback(1);
    const same = other.rawEvent('donation.recorded', theirs, 2, undefined, first.eventId);
    expect(results((await other.push({ ...ledger, tenantId: 'hengelo' }, [same])).body)[0]!.outcome).toBe('accepted');
  });

  it('a lone surrogate (half an emoji) in any string is stored as U+FFFD with the reason; the resend is a duplicate', async () => {
    const device = await new SimDevice().enrol(ledger);
    const reversed = device.event('donation.reversed', {
      reversalId: randomUUID(),
      redemptionId: randomUUID(),
      reason: 'Verkeerd \ud83d gekozen',
      approvedBy: 'regie',
      businessDay: '2026-12-03',
    });
    const answer = results((await device.push(ledger, [reversed])).body);
    expect(answer[0]).toMatchObject({ outcome: 'overruled' }); // unknown donation: a state, not a 500
    const [row] = await ledger.db
      .select()
      .from(events)
      .where(and(eq(events.deviceId, device.id), eq(events.seq, 1)));
    expect((row!.payload as { reason: string }).reason).toBe('Verkeerd \uFFFD gekozen');
    expect(row!.reason).toBe('unknown donation');
    const second = device.event('day.closed', {
      businessDay: '2026-12-03',
      zNumber: 1,
      donations: { count: 0, totalCents: 0 },
      reversals: { count: 0, totalCents: 0 },
      netCents: 0,
    });
    const keyed = device.rawEvent('intake.finished', { ['k\udc00']: 1 });
    const more = results((await device.push(ledger, [second, keyed])).body);
    expect(more.map((r) => r.outcome)).toEqual(['accepted', 'quarantined']);
    const again = results((await device.push(ledger, [reversed, second, keyed])).body);
    expect(again.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const [stored] = await ledger.db
      .select()
      .from(events)
      .where(and(eq(events.deviceId, device.id), eq(events.seq, 3)));
    expect(stored!.payload).toEqual({ ['k\uFFFD']: 1 });
    expect(TEXT_REPAIRED).toMatch(/U\+FFFD/);
  });

  it('U+0000 or half a surrogate pair in any other body (enrolment, audit trail) is MALFORMED, saying where; nothing is stored', async () => {
    const probe = await new SimDevice('Tekst').enrol(ledger);
    // JSON escapes in the body text, as a client sends them: "\u0000" and "\ud83d" (half an emoji).
    const withText = (body: object, field: string, escaped: string) => JSON.stringify(body).replace(`"${field}-here"`, `"${escaped}"`);
    const enrolBody = async () => {
      const keys = generateDeviceKeys();
      const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'Tekst 2');
      const proof = signText(keys.privateKey, enrolmentProofString(code, keys.publicKey));
      return { protocol: PROTOCOL_VERSION, code, publicKey: keys.publicKey, proof, deviceName: 'Balie 1', servicePoint: 'Balie' };
    };
    const before = (await ledger.db.select({ id: devices.id }).from(devices)).length;
    for (const [field, escaped] of [
      ['deviceName', 'Balie\\u0000 1'],
      ['servicePoint', 'Wijkcentrum \\ud83d'],
    ] as const) {
      const body = { ...(await enrolBody()), [field]: `${field}-here` };
      const res = await ledger.server.inject({
        method: 'POST',
        url: '/v1/enrol',
        headers: { 'content-type': 'application/json' },
        payload: withText(body, field, escaped),
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json(), field).toMatchObject({ code: 'MALFORMED' });
      expect(res.json().message, field).toContain(`at ${field}`);
    }
    expect((await ledger.db.select({ id: devices.id }).from(devices)).length).toBe(before);
    // An audit entry, correctly chained, with U+0000 in its details: refused, and the trail holds nothing of it.
    const entry = chainAudit(
      null,
      {
        at: new Date().toISOString(),
        actorId: 's',
        actorRole: 'beheerder',
        action: 'settings-changed',
        subject: null,
        detail: { value: 'detail-here' },
        ok: true,
      },
      'c1',
    );
    const auditBody = withText({ deviceId: probe.id, entries: [entry] }, 'detail', 'x\\u0000y');
    const audit = await ledger.server.inject({
      method: 'POST',
      url: '/v1/audit',
      headers: probe.headers('POST', '/v1/audit', auditBody),
      payload: auditBody,
    });
    expect(audit.statusCode).toBe(400);
    expect(audit.json().message).toContain('at entries.0.detail.value');
    expect(await ledger.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.deviceId, probe.id))).toHaveLength(0);
    // Odd paging parameters on the signed reads are a state too.
    for (const query of [
      'after=1e999',
      'after=-1',
      'after=99999999999999999999',
      'limit=abc',
      'after=%00',
      'after=2147483648',
      'after=0x10',
    ]) {
      for (const path of ['/v1/pull', '/v1/events']) {
        const target = `${path}?${query}`;
        const res = await ledger.server.inject({ method: 'GET', url: target, headers: probe.headers('GET', target, '') });
        expect(res.statusCode, target).toBeLessThan(500);
      }
    }
  });

  it('a signed push whose body is null, an array or a string is MALFORMED', async () => {
    const device = await new SimDevice().enrol(ledger);
    for (const payload of ['null', '[]', '"x"', '{"protocol":1}']) {
      const res = await ledger.server.inject({
        method: 'POST',
        url: '/v1/push',
        headers: device.headers('POST', '/v1/push', payload),
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().code, payload).toBe('MALFORMED');
    }
  });

  it('a correctly signed body as text/plain, or without a content type, is 415 — not a signature failure', async () => {
    const device = await new SimDevice().enrol(ledger);
    const payload = JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId: device.id, events: [] });
    const headers = device.headers('POST', '/v1/push', payload);
    const plain = await ledger.server.inject({
      method: 'POST',
      url: '/v1/push',
      headers: { ...headers, 'content-type': 'text/plain' },
      payload,
    });
    expect(plain.statusCode).toBe(415);
    expect(plain.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const { 'content-type': _drop, ...bare } = headers;
    const none = await ledger.server.inject({ method: 'POST', url: '/v1/push', headers: bare, payload });
    expect(none.statusCode).toBe(415);
    // With a charset it is JSON all the same.
    const utf8 = await ledger.server.inject({
      method: 'POST',
      url: '/v1/push',
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
      payload,
    });
    expect(utf8.statusCode).toBe(200);
  });

  it('an empty push answers the sequence the ledger expects next, and stores nothing', async () => {
    const device = await new SimDevice().enrol(ledger);
    const empty = await device.push(ledger, []);
    expect(empty.statusCode).toBe(200);
    expect(pushResponseSchema.parse(empty.json())).toMatchObject({ expectedSeq: 1, results: [] });
    await device.push(ledger, [device.donation('2026-2', hashes[20]!, initiativeId)]);
    expect(pushResponseSchema.parse((await device.push(ledger, [])).json()).expectedSeq).toBe(2);
  });

  it('a body over 4 MiB is answered 413 to a plain client that writes it all before reading', async () => {
    const size = MAX_BODY_BYTES + 512 * 1024;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${url}/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(size) },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk.subarray(0, Math.min(chunk.length, size - sent)));
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'BATCH_TOO_LARGE', maxBytes: MAX_BODY_BYTES });
  });

  it('unauthenticated junk is counted with a digest, not stored; a device’s own refusals are capped per day', async () => {
    const before = (await ledger.db.select().from(quarantine)).length;
    for (let i = 0; i < 30; i++) {
      await ledger.server.inject({
        method: 'POST',
        url: '/v1/push',
        headers: { 'content-type': 'application/json' },
        payload: `{"junk":${i}}`,
      });
    }
    expect((await ledger.db.select().from(quarantine)).length).toBe(before);
    const [counted] = await ledger.db.select().from(refusalCounts).where(eq(refusalCounts.code, 'BAD_SIGNATURE'));
    expect(counted!.count).toBeGreaterThanOrEqual(30);
    // A known device's malformed pushes are kept, up to the cap, then only counted.
    const device = await new SimDevice().enrol(ledger);
    const bad = device.donation('2026-2', hashes[21]!, initiativeId);
    for (let i = 0; i < PER_DEVICE_PER_DAY + 5; i++) await device.push(ledger, [{ ...bad, seq: 5 }, bad]);
    const kept = await ledger.db.select().from(quarantine).where(eq(quarantine.deviceId, device.id));
    expect(kept).toHaveLength(PER_DEVICE_PER_DAY);
    expect((await ledger.server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  }, 60_000);

  it('enrolment is rate-limited per source address: 429 with the protocol error and Retry-After', async () => {
    const limited = await freshLedger({ enrolPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await limited.server.inject({
          method: 'POST',
          url: '/v1/enrol',
          payload: {
            protocol: 1,
            code: 'WRONG-CODE-0000',
            publicKey: 'x'.repeat(44),
            proof: 'y'.repeat(88),
            deviceName: 'x',
            servicePoint: 'y',
          },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    } finally {
      await limited.drop();
    }
  });

  it('fuzz: signed hostile pushes (depth, size, unicode, reused ids, odd types) never get a 500, and the ledger stays healthy', async () => {
    const device = await new SimDevice('Fuzz').enrol(ledger);
    const hostileString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('\u0000', '\ud83d', '\udc00x', '\u202e', 'x'.repeat(5000), ''),
    );
    const hostileValue = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        hostileString,
        fc.double(),
        fc.integer(),
        fc.constant(null),
        fc.boolean(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    const types = fc.constantFrom(
      'donation.recorded',
      'donation.reversed',
      'initiative.registered',
      'conflict.settled',
      'x.y',
      'donation.decided',
    );
    let statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(types, fc.dictionary(hostileString, hostileValue, { maxKeys: 6 }), fc.integer({ min: 1, max: 3 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.boolean(),
        async (specs, reuse) => {
          const first = randomUUID();
          const batch = specs.map(([type, payload, version], i) =>
            device.rawEvent(type, payload, version, undefined, reuse && i > 0 ? first : i === 0 ? first : randomUUID()),
          );
          const res = await device.push(ledger, batch);
          statuses.add(res.statusCode);
          expect(res.statusCode, res.body).not.toBe(500);
          if (res.statusCode !== 200) device.rollback(batch.length);
        },
      ),
      { numRuns: 150 },
    );
    expect([...statuses].every((s) => s === 200 || s === 400 || s === 409 || s === 413 || s === 422)).toBe(true);
    statuses = new Set();
    const health = await ledger.server.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    // The device can still push a normal donation after all that.
    const normal = await device.push(ledger, [device.donation('2026-2', hashes[40]!, initiativeId)]);
    expect(normal.statusCode).toBe(200);
  }, 120_000);
});
