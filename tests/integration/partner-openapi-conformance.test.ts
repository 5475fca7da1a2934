/**
 * The partner API against its own OpenAPI document, as a supplier's generated client sees it: every answer the ledger
 * gives on a partner route — to good calls, retries, wrong credentials and every kind of bad input — must have a
 * status the document names for that operation (or its `default`), and a body that validates against the schema the
 * document gives for that status. Real ledger, real PostgreSQL, plain HTTP on a real port; the document is the one
 * the ledger serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import { freshLedger, seedLedger, type TestLedger } from '../helpers/ledger';
import { createPartner } from '../../server/ledger/partners';
import { vouchers } from '../../server/db/schema';

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};
type Call = { method: 'GET' | 'POST'; path: string; token?: string | null; body?: string; headers?: Record<string, string> };
type Answer = { call: Call; status: number; text: string; contentType: string };

let ledger: TestLedger;
let base: string;
let doc: Doc;
let full: string;
let readOnly: string;
let codes: string[];
const answers: Answer[] = [];

async function send(call: Call): Promise<Answer> {
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  const token = call.token === undefined ? full : call.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (call.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${base}${call.path}`, { method: call.method, headers, body: call.body });
  const answer = { call, status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? '' };
  answers.push(answer);
  return answer;
}

/** The document's operation for a concrete path: `{name}` matches one path segment. */
function operationOf(method: string, path: string) {
  const bare = path.split('?')[0]!;
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(bare) && item[method.toLowerCase()]) return { template, operation: item[method.toLowerCase()]! };
  }
  return null;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

beforeAll(async () => {
  ledger = await freshLedger();
  await seedLedger(ledger, 6, [100_000, 50_000]);
  codes = (await ledger.db.select({ code: vouchers.code }).from(vouchers).where(eq(vouchers.tenantId, 'almelo'))).map((v) => v.code);
  base = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
  full = (await createPartner(ledger.db, 'almelo', 'Website', ['initiatives:read', 'vouchers:redeem', 'initiatives:register'])).token;
  readOnly = (await createPartner(ledger.db, 'almelo', 'Alleen lezen', ['initiatives:read'])).token;
  doc = JSON.parse((await send({ method: 'GET', path: '/partner/v1/openapi.json', token: null })).text) as Doc;
});
afterAll(async () => {
  await ledger?.drop();
});

describe('the partner API answers as its OpenAPI document says', () => {
  it('every status is documented for its operation and every body validates against the documented schema', async () => {
    const json = JSON.stringify;
    const registration = {
      title: 'Bankje bij de vijver',
      summary: 'Een bankje om uit te rusten bij de vijver.',
      districtCode: 'WK014113',
      theme: 'groen',
      targetCents: 60_000,
      deadline: null,
      volunteersNeeded: 2,
      volunteerTasks: 'plaatsen',
      materialsWanted: '',
      details: null,
    };
    const redeem = (code: string) => json({ code, parts: [{ initiativeNumber: 1001, amountCents: 750 }] });
    const key = (k: string) => ({ 'idempotency-key': k });

    // The read side, good and bad.
    for (const path of [
      '/partner/v1/initiatives',
      '/partner/v1/initiatives?after=0&limit=1',
      '/partner/v1/initiatives?after=-1',
      '/partner/v1/initiatives?limit=100000',
      '/partner/v1/initiatives?after=abc&limit=',
      '/partner/v1/initiatives?after=99999999999999999999',
      '/partner/v1/districts',
      '/partner/v1/rounds',
      `/partner/v1/vouchers/${codes[0]}`,
      `/partner/v1/vouchers/${codes[0]!.toLowerCase()}`,
      '/partner/v1/vouchers/ABCD',
      `/partner/v1/vouchers/${'A'.repeat(64)}`,
      `/partner/v1/vouchers/${'A'.repeat(101)}`,
      '/partner/v1/vouchers/%00',
      '/partner/v1/vouchers/%E0%A4%A',
    ]) {
      await send({ method: 'GET', path });
      await send({ method: 'GET', path, token: null });
      await send({ method: 'GET', path, token: 'bbp_0123456789abcdef0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
      await send({ method: 'GET', path, token: 'not a token' });
    }
    await send({ method: 'GET', path: `/partner/v1/vouchers/${codes[0]}`, token: readOnly });
    await send({ method: 'GET', path: `/partner/v1/initiatives?after=${'9'.repeat(150)}` });
    await send({ method: 'GET', path: '/partner/v1/rounds', headers: { 'x-padding': 'x'.repeat(20_000) } });

    // Redemptions: counted, retried, used, refused, malformed in every way.
    const counted = await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[1]!), headers: key('conf-1') });
    expect(counted.status).toBe(201);
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[1]!), headers: key('conf-1') });
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[2]!), headers: key('conf-1') });
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[1]!), headers: key('conf-2') });
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[3]!) });
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[3]!), headers: key('') });
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[3]!), headers: key('x'.repeat(101)) });
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[3]!), headers: key('conf-3'), token: readOnly });
    await send({ method: 'POST', path: '/partner/v1/redemptions', body: redeem(codes[3]!), headers: key('conf-3'), token: null });
    for (const [n, body] of [
      json({ code: codes[4], parts: [{ initiativeNumber: 9999, amountCents: 750 }] }),
      json({ code: codes[4], parts: [{ initiativeNumber: 1001, amountCents: 700 }] }),
      json({ code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', parts: [{ initiativeNumber: 1001, amountCents: 750 }] }),
      json({ code: codes[4], parts: [] }),
      json({ code: codes[4], parts: [{ initiativeNumber: 1001, amountCents: 750 }], extra: 1 }),
      json({ code: codes[4], parts: [{ initiativeNumber: 2 ** 31, amountCents: 750 }] }),
      json([1, 2]),
      'null',
      '{"code":',
      '',
      json({ code: 'a\u0000b', parts: [{ initiativeNumber: 1001, amountCents: 750 }] }),
      '{"code":"\\ud800","parts":[{"initiativeNumber":1001,"amountCents":750}]}',
      `${'['.repeat(200)}${']'.repeat(200)}`,
      json({ code: codes[4], parts: [{ initiativeNumber: 1001, amountCents: 750 }], pad: 'x'.repeat(2 ** 20) }),
    ].entries()) {
      await send({ method: 'POST', path: '/partner/v1/redemptions', body, headers: key(`bad-${n}`) });
    }
    await send({
      method: 'POST',
      path: '/partner/v1/redemptions',
      body: redeem(codes[4]!),
      headers: { ...key('ct-1'), 'content-type': 'text/plain' },
    });

    // Reversal.
    const id = (JSON.parse(counted.text) as { redemptionId: string }).redemptionId;
    const reverse = (rid: string, body: string, token?: string | null) =>
      send({ method: 'POST', path: `/partner/v1/redemptions/${rid}/reverse`, body, token });
    await reverse(id, json({ reason: 'Verkeerd initiatief gekozen' }));
    await reverse(id, json({ reason: 'Verkeerd initiatief gekozen' }));
    await reverse(id, json({ reason: 'kort' }));
    await reverse('00000000-0000-4000-8000-000000000000', json({ reason: 'Bestaat niet meer' }));
    await reverse('not-a-uuid', json({ reason: 'Bestaat niet meer' }));
    await reverse(id, '{');
    await reverse(id, json({ reason: 'Verkeerd initiatief gekozen' }), readOnly);
    await reverse(id, json({ reason: 'Verkeerd initiatief gekozen' }), null);

    // Registration.
    const register = (body: string, k: string | null, token?: string | null) =>
      send({ method: 'POST', path: '/partner/v1/initiatives', body, headers: k === null ? {} : key(k), token });
    const registered = await register(json(registration), 'reg-1');
    expect(registered.status).toBe(201);
    await register(json(registration), 'reg-1');
    await register(json({ ...registration, title: 'Ander bankje bij de vijver' }), 'reg-1');
    await register(json({ ...registration, districtCode: 'WK999999' }), 'reg-2');
    await register(json({ ...registration, targetCents: 5 }), 'reg-3');
    await register(json({ ...registration, theme: 'iets' }), 'reg-4');
    await register(json(registration), null);
    await register(json(registration), 'reg-5', readOnly);
    await register('[]', 'reg-6');

    // Elsewhere under /partner: an operation that does not exist, a method that does not.
    await send({ method: 'GET', path: '/partner/v1/nothing-here' });
    await send({ method: 'POST', path: '/partner/v1/districts', body: '{}' });

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi');
    const problems: string[] = [];
    for (const answer of answers) {
      const { call, status } = answer;
      const where = `${call.method} ${call.path.slice(0, 80)} → ${status}`;
      const found = operationOf(call.method, call.path);
      if (!found) {
        // No such operation: the refusal must still be the documented error shape.
        if (status < 400 || status >= 500) problems.push(`${where}: not an operation, but not a 4xx either`);
        const valid = ajv.validate({ $ref: 'openapi#/components/schemas/Error' }, JSON.parse(answer.text));
        if (!valid) problems.push(`${where}: ${ajv.errorsText()}`);
        continue;
      }
      const code = String(status) in found.operation.responses ? String(status) : 'default';
      const response = found.operation.responses[code];
      if (!response) {
        problems.push(`${where}: status not in the document (${Object.keys(found.operation.responses).join(', ')})`);
        continue;
      }
      const schema = response.content?.['application/json']?.schema;
      if (!schema) continue;
      if (!answer.contentType.startsWith('application/json')) {
        problems.push(`${where}: content-type ${answer.contentType}`);
        continue;
      }
      const ref = `openapi#/${pointer('paths', found.template, call.method.toLowerCase(), 'responses', code, 'content', 'application/json', 'schema')}`;
      if (!ajv.validate({ $ref: ref }, JSON.parse(answer.text))) problems.push(`${where}: ${ajv.errorsText()}`);
    }
    expect(answers.length).toBeGreaterThan(90);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
