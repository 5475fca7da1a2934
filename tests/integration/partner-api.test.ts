/**
 * The partner API as the platform's website uses it, written from docs/partner-api.md and the OpenAPI document only:
 * plain HTTP on a real port, a bearer token, JSON. Against a real ledger on the real PostgreSQL, with a simulated
 * device pushing donations through the device protocol, and a second municipality on the same ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import fc from 'fast-check';
import { freshLedger, seedLedger, SimDevice, type TestLedger } from '../helpers/ledger';
import { createPartner, revokePartner } from '../../server/ledger/partners';
import { addInitiative, createTenant } from '../../server/admin/ops';
import { buildLedgerServer } from '../../server/app';
import { districtsCsv } from '../helpers/ledger';
import { changes, tenants, vouchers } from '../../server/db/schema';
import { and, eq, gt } from 'drizzle-orm';

/** The website's side: only what the documentation says. */
class Website {
  constructor(
    readonly base: string,
    readonly token: string,
  ) {}
  async get(
    path: string,
    token: string | null = this.token,
  ): Promise<{ status: number; body: Record<string, unknown> & unknown[]; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: (await response.json()) as never, headers: response.headers };
  }
  /** Every initiative change since `after`, page after page. */
  async feed(after = 0) {
    const items: Record<string, unknown>[] = [];
    let cursor = after;
    for (;;) {
      const page = await this.get(`/partner/v1/initiatives?after=${cursor}&limit=2`);
      expect(page.status).toBe(200);
      items.push(...(page.body.items as Record<string, unknown>[]));
      cursor = page.body.cursor as number;
      if (!page.body.more) return { items, cursor };
    }
  }
}

let ledger: TestLedger;
let site: Website;
let base: string;
let codes: string[];
let initiativeId: string;

beforeAll(async () => {
  ledger = await freshLedger();
  const seeded = await seedLedger(ledger, 20, [100_000, 50_000]);
  initiativeId = seeded.initiatives[0]!.id;
  codes = (await ledger.db.select({ code: vouchers.code }).from(vouchers).where(eq(vouchers.tenantId, 'almelo'))).map((v) => v.code);
  base = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await createPartner(ledger.db, 'almelo', 'Website Almelo Buurt Samen', ['initiatives:read', 'vouchers:redeem']);
  site = new Website(base, token);
});
afterAll(async () => {
  await ledger?.drop();
});

describe('the partner API, read side', () => {
  it('publishes its OpenAPI document without a credential', async () => {
    const doc = await site.get('/partner/v1/openapi.json', null);
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({ openapi: '3.1.0' });
    expect(Object.keys((doc.body as unknown as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/partner/v1/initiatives', '/partner/v1/vouchers/{code}', '/partner/v1/districts', '/partner/v1/rounds']),
    );
  });

  it('reads initiatives as a paged feed; a counter’s donation shows in the total after that counter’s sync', async () => {
    const first = await site.feed();
    expect(first.items.map((i) => i.number)).toEqual([1001, 1002]);
    expect(first.items[0]).toMatchObject({ status: 'spaarfase', targetCents: 100_000, collectedCents: 0, description: null });
    expect(Object.keys(first.items[0]!)).not.toContain('registration');
    // Nothing new: an empty page with the same cursor.
    const again = await site.get(`/partner/v1/initiatives?after=${first.cursor}`);
    expect(again.body).toMatchObject({ items: [], cursor: first.cursor, more: false });

    const device = await new SimDevice('Balie').enrol(ledger);
    const hash = (await ledger.db.select({ h: vouchers.codeHash }).from(vouchers).where(eq(vouchers.code, codes[0]!)))[0]!.h;
    const pushed = await device.push(ledger, [device.donation('2026-2', hash, initiativeId)]);
    expect(pushed.statusCode).toBe(200);
    const next = await site.feed(first.cursor);
    expect(next.items).toEqual([expect.objectContaining({ number: 1001, collectedCents: 750, donations: 1 })]);

    // The voucher itself: used at a counter (its service point), when; nothing about who.
    const used = await site.get(`/partner/v1/vouchers/${codes[0]!.toLowerCase()}`);
    expect(used.body).toMatchObject({ status: 'used', roundId: '2026-2', channel: 'counter', servicePoint: 'Test' });
    expect(Object.keys(used.body)).toEqual(expect.arrayContaining(['at']));
  });

  it('checks vouchers: valid, unknown, and a code that is not one', async () => {
    const formatted = `${codes[1]!.slice(0, 4)}-${codes[1]!.slice(4, 8)}-${codes[1]!.slice(8, 12)}-${codes[1]!.slice(12)}`;
    expect((await site.get(`/partner/v1/vouchers/${formatted}`)).body).toMatchObject({
      status: 'valid',
      roundId: '2026-2',
      valueCents: 750,
    });
    const { ALPHABET, generateVoucherCode } = await import('../../core/voucher-code');
    expect((await site.get(`/partner/v1/vouchers/${generateVoucherCode()}`)).body).toEqual({ status: 'unknown' });
    // One symbol changed: the check symbols always catch that (a reversed code passed them now and then).
    const typo = codes[1]!.split('');
    typo[5] = ALPHABET[(ALPHABET.indexOf(typo[5]!) + 7) % ALPHABET.length]!;
    const bad = await site.get(`/partner/v1/vouchers/${typo.join('')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_CODE' });
    // An address part far too long: the router's refusal, in the same error format, without the address echoed.
    const long = await site.get(`/partner/v1/vouchers/${'A'.repeat(5000)}`);
    expect(long.status).toBe(414);
    expect(long.body).toEqual({ code: 'MALFORMED', message: 'A part of the address is too long.' });
    expect((await site.get(`/partner/v1/vouchers/${'A'.repeat(80)}`)).body).toMatchObject({ code: 'INVALID_CODE' });
  });

  it('lists districts and rounds', async () => {
    const districts = await site.get('/partner/v1/districts');
    expect(districts.body).toHaveLength(12);
    expect(districts.body[0]).toEqual({ code: 'WK014110', name: 'Binnenstad', kind: 'wijk' });
    expect((await site.get('/partner/v1/rounds')).body).toEqual([
      { id: '2026-2', valueCents: 750, activeFrom: '2026-07-01T00:00:00.000Z', activeUntil: '2027-06-30T00:00:00.000Z', status: 'open' },
    ]);
  });

  it('refuses without a token, with a wrong or revoked one, and without the scope; bad parameters are a 400, never a 500', async () => {
    expect((await site.get('/partner/v1/districts', null)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await site.get('/partner/v1/districts', 'bbp_nonsense')).status).toBe(401);
    const forged = site.token.slice(0, -3) + (site.token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await site.get('/partner/v1/districts', forged)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const readOnly = await createPartner(ledger.db, 'almelo', 'Alleen lezen', ['initiatives:read']);
    const denied = await site.get(`/partner/v1/vouchers/${codes[2]}`, readOnly.token);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'FORBIDDEN_SCOPE' });
    expect(await revokePartner(ledger.db, 'almelo', readOnly.id)).toBe(true);
    expect((await site.get('/partner/v1/districts', readOnly.token)).body).toMatchObject({ code: 'CREDENTIAL_REVOKED' });
    for (const query of ['after=-1', 'after=x', 'limit=0', 'limit=501', 'after=1e999', 'after=%00']) {
      const res = await site.get(`/partner/v1/initiatives?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ code: 'MALFORMED' });
    }
  });

  it('keeps municipalities apart: another municipality’s credential sees none of Almelo', async () => {
    await createTenant(ledger.db, 'hengelo', 'Gemeente Hengelo', districtsCsv);
    const { token } = await createPartner(ledger.db, 'hengelo', 'Website Hengelo', ['initiatives:read', 'vouchers:redeem']);
    const other = new Website(base, token);
    expect((await other.get('/partner/v1/initiatives')).body).toMatchObject({ items: [] });
    expect((await other.get(`/partner/v1/vouchers/${codes[1]}`)).body).toEqual({ status: 'unknown' });
    expect((await other.get('/partner/v1/rounds')).body).toEqual([]);
  });

  it('limits requests per credential, with retry-after', async () => {
    const limited = await buildLedgerServer({ db: ledger.db, kind: ledger.kind, logger: pino({ level: 'silent' }), partnerPerMinute: 3 });
    const { token } = await createPartner(ledger.db, 'almelo', 'Traag', ['initiatives:read']);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await limited.inject({ method: 'GET', url: '/partner/v1/districts', headers: { authorization: `Bearer ${token}` } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another credential has its own budget.
    const res = await limited.inject({ method: 'GET', url: '/partner/v1/districts', headers: { authorization: `Bearer ${site.token}` } });
    expect(res.statusCode).toBe(200);
    await limited.close();
  });

  it('registers initiatives from the website: public fields, the next number, once per key, to every device', async () => {
    const { token: registrar } = await createPartner(ledger.db, 'almelo', 'Website registratie', [
      'initiatives:register',
      'initiatives:read',
    ]);
    const post = async (body: unknown, key: string, withToken = registrar) => {
      const response = await fetch(`${base}/partner/v1/initiatives`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${withToken}`, 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const details = {
      description: 'Een moestuin voor de hele straat, met bakken op de stoep.',
      buurt: 'Centrum',
      location: 'Grotestraat',
      budgetLines: [{ item: 'Bakken en aarde', amountCents: 45_000 }],
      structuralCosts: 'nee',
      structuralCostsBy: '',
      supportMethod: 'handtekeningen',
      supportDescription: '24 handtekeningen',
      publicSpace: true,
      supportPercentage: 60,
      executionDate: '2027-04-01',
    };
    const initiative = {
      title: 'Moestuin in de straat',
      summary: 'Samen groente kweken in bakken op de stoep.',
      districtCode: 'WK014110',
      theme: 'groen',
      targetCents: 45_000,
      deadline: '2027-05-01',
      volunteersNeeded: 3,
      volunteerTasks: 'Bakken vullen',
      materialsWanted: 'Aarde',
      details,
    };
    const first = await post(initiative, 'reg-1');
    expect(first).toMatchObject({ status: 201, body: { number: 1003, status: 'ingediend' } });
    expect(await post(initiative, 'reg-1')).toEqual(first);
    // Five at once: five numbers, none twice.
    const many = await Promise.all([2, 3, 4, 5, 6].map((n) => post({ ...initiative, title: `Moestuin ${n}` }, `reg-${n}`)));
    expect(new Set(many.map((m) => m.body.number)).size).toBe(5);
    // Every device gets it on its next pull, with its public details.
    const device = await new SimDevice('Registratie').enrol(ledger);
    const { pullEverything } = await import('../helpers/ledger');
    const seen = (await pullEverything(ledger, device)).filter((c) => c.kind === 'initiative' && c.data.id === first.body.id);
    expect(seen.at(-1)).toMatchObject({ data: { number: 1003, status: 'ingediend', registration: { description: details.description } } });
    expect((await site.get('/partner/v1/initiatives?after=0')).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ number: 1003, description: details.description })]),
    );
    // Refused: a district of nowhere, a body that is not a registration, a credential without the scope.
    expect(await post({ ...initiative, districtCode: 'WK999999' }, 'reg-x1')).toMatchObject({
      status: 422,
      body: { code: 'UNKNOWN_DISTRICT' },
    });
    expect(await post({ ...initiative, targetCents: -1 }, 'reg-x2')).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
    expect(await post({ ...initiative, initiator: 'Jan Jansen' }, 'reg-x3')).toMatchObject({ status: 400 }); // no personal data accepted
    expect(await post(initiative, 'reg-x4', site.token)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_SCOPE' } });
  });
  it('refuses what the ledger could not store with a 400 that says where, never a 500; fuzzed bodies on every POST', async () => {
    const { token } = await createPartner(ledger.db, 'almelo', 'Website alles', [
      'initiatives:read',
      'vouchers:redeem',
      'initiatives:register',
    ]);
    const post = async (path: string, body: string, key: string) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const initiative = {
      title: 'Bankje bij de vijver',
      summary: 'Een bank om op uit te rusten bij de vijver.',
      districtCode: 'WK014110',
      theme: 'groen',
      targetCents: 45_000,
      deadline: null,
      volunteersNeeded: 0,
      volunteerTasks: '',
      materialsWanted: '',
      details: null,
    };
    // U+0000 and half a surrogate pair (half an emoji): PostgreSQL cannot store them; refused with the field named.
    for (const [field, text] of [
      ['title', 'Bankje\\u0000 bij de vijver'],
      ['summary', 'Een bank \\ud83d om op uit te rusten.'],
    ] as const) {
      const body = JSON.stringify({ ...initiative, [field]: 'x' }).replace('"x"', `"${text}"`);
      const res = await post('/partner/v1/initiatives', body, `text-${field}`);
      expect(res.status, field).toBe(400);
      expect(res.body, field).toMatchObject({ code: 'MALFORMED' });
      expect(String(res.body.message), field).toContain(`at ${field}`);
    }
    const reverse = await post(
      '/partner/v1/redemptions/00000000-0000-4000-8000-000000000000/reverse',
      '{"reason":"dubbel\\u0000 gegeven"}',
      'reverse-nul',
    );
    expect(reverse.status).toBe(400);
    expect(reverse.body).toMatchObject({ code: 'MALFORMED' });
    // Numbers beyond the ledger's 32-bit columns are a malformed request, not a lookup that fails.
    for (const [i, part] of [
      { initiativeNumber: 3_000_000_000, amountCents: 750 },
      { initiativeNumber: Number.MAX_SAFE_INTEGER, amountCents: 750 },
      { initiativeNumber: 1, amountCents: 3_000_000_000 },
    ].entries()) {
      const res = await post('/partner/v1/redemptions', JSON.stringify({ code: codes[10 + i], parts: [part] }), `big-${i}`);
      expect(res.status, JSON.stringify(part)).toBe(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED' });
    }
    // Anything at all on every POST: a structured refusal or an answer, never a 500.
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/partner/v1/redemptions',
          '/partner/v1/initiatives',
          '/partner/v1/redemptions/00000000-0000-4000-8000-000000000000/reverse',
        ),
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.record({
            code: fc.constantFrom(...codes.slice(12, 16), 'x'),
            parts: fc.array(fc.record({ initiativeNumber: fc.integer(), amountCents: fc.integer() })),
          }),
          fc.record({
            ...Object.fromEntries(Object.entries(initiative).map(([k, v]) => [k, fc.constant(v)])),
            title: fc.string({ unit: 'binary', maxLength: 30 }),
          }),
        ),
        fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/),
        async (path, body, key) => {
          const res = await post(path, JSON.stringify(body), key);
          statuses.add(res.status);
          expect(res.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
          if (res.status >= 400) expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        },
      ),
      { numRuns: 300 },
    );
    expect(statuses.has(400)).toBe(true);
  }, 120_000);
});

describe('the initiatives feed after the ledger was restored', () => {
  it('a website whose cursor passed the restored feed learns it from feedEpoch and reads the feed again', async () => {
    const first = await site.get('/partner/v1/initiatives?after=0');
    const epoch = first.body.feedEpoch as string;
    expect(epoch).toMatch(/^[0-9a-f-]{36}$/);
    const { cursor } = await site.feed();
    // As a restore of an older copy does it: the last changes gone, the numbering back; then a new initiative gets a
    // number the website already passed.
    const [tenant] = await ledger.db.select().from(tenants).where(eq(tenants.id, 'almelo'));
    const back = tenant!.changeSeq - 2;
    await ledger.db.delete(changes).where(and(eq(changes.tenantId, 'almelo'), gt(changes.id, back)));
    await ledger.db.update(tenants).set({ changeSeq: back }).where(eq(tenants.id, 'almelo'));
    const newInitiative = {
      title: 'Na het terugzetten',
      summary: 'Voor de test.',
      districtCode: 'WK014113',
      theme: 'groen',
      status: 'spaarfase',
      targetCents: 10_000,
      deadline: null,
    } as const;
    const fresh = await addInitiative(ledger.db, 'almelo', newInitiative);
    // With the old cursor: nothing new, but another epoch, based on nothing (the ledger found the restore itself).
    const page = await site.get(`/partner/v1/initiatives?after=${cursor}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ items: [], feedBase: 0 });
    expect(page.body.feedEpoch).not.toBe(epoch);
    // As the documentation says: from the lower of the cursor and feedBase.
    const again = await site.feed(Math.min(cursor, page.body.feedBase as number));
    expect(again.items.map((i) => i.id)).toContain(fresh.id);
    // The same cursor again is the same restore, not another epoch.
    expect((await site.get(`/partner/v1/initiatives?after=${cursor}`)).body.feedEpoch).toBe(page.body.feedEpoch);
    // A cursor near 2^53 (a client's bug, or worse) makes one new epoch but never moves the change numbers.
    const [numbering] = await ledger.db.select().from(tenants).where(eq(tenants.id, 'almelo'));
    const huge = await site.get(`/partner/v1/initiatives?after=${Number.MAX_SAFE_INTEGER}`);
    expect(huge.status).toBe(200);
    const [after] = await ledger.db.select().from(tenants).where(eq(tenants.id, 'almelo'));
    expect(after!.changeSeq).toBe(numbering!.changeSeq);
    const next = await addInitiative(ledger.db, 'almelo', { ...newInitiative, title: 'Daarna' });
    const page2 = await site.get(`/partner/v1/initiatives?after=${after!.changeSeq}`);
    expect((page2.body.items as { id: string }[]).map((i) => i.id)).toEqual([next.id]);
    expect(page2.body.cursor).toBe(after!.changeSeq + 1);
  });
});
