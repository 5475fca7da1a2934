/**
 * The whole HTTP contract of the ledger walked with every kind of caller and bad input (issue 17): every route —
 * device protocol, photos, monitor, audit, partner API, metrics, health — called as nobody, as a device with a wrong
 * signature, as a revoked device, as a device of another municipality, as a partner credential with the wrong scope,
 * revoked, or of another municipality, and with bodies that are empty, not JSON, the wrong JSON, nested too deep or
 * too large. Asserted for every call: never a 5xx, every refusal in the protocol's error body, and nobody without
 * the right credential ever gets a 2xx from a route that needs one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolErrorSchema } from '../../core/sync/protocol';
import { createTenant, revokeDevice } from '../../server/admin/ops';
import { createPartner, revokePartner } from '../../server/ledger/partners';
import { districtsCsv, freshLedger, seedLedger, SimDevice, type TestLedger } from '../helpers/ledger';

let ledger: TestLedger;
type Caller = {
  name: string;
  headers: (method: string, url: string, body: string) => Record<string, string>;
  may: 'device' | 'partner' | 'partner-redeem' | 'metrics' | 'none';
};
const callers: Caller[] = [];
const someId = '00000000-0000-4000-8000-000000000000';

type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  needs: 'none' | 'device' | 'partner-read' | 'partner-redeem' | 'partner-register' | 'metrics';
};
const routes: Route[] = [
  { method: 'GET', url: '/health', needs: 'none' },
  { method: 'POST', url: '/v1/enrol', needs: 'none' },
  { method: 'POST', url: '/v1/push', needs: 'device' },
  { method: 'GET', url: '/v1/pull?after=0&limit=10', needs: 'device' },
  { method: 'GET', url: '/v1/events?after=0&limit=10', needs: 'device' },
  { method: 'POST', url: '/v1/audit', needs: 'device' },
  { method: 'GET', url: '/v1/monitor', needs: 'device' },
  { method: 'PUT', url: `/v1/photos/${someId}`, needs: 'device' },
  { method: 'GET', url: `/v1/photos/${someId}`, needs: 'device' },
  { method: 'DELETE', url: `/v1/photos/${someId}`, needs: 'device' },
  { method: 'GET', url: '/partner/v1/openapi.json', needs: 'none' },
  { method: 'GET', url: '/partner/v1/initiatives?after=0&limit=5', needs: 'partner-read' },
  { method: 'GET', url: '/partner/v1/districts', needs: 'partner-read' },
  { method: 'GET', url: '/partner/v1/rounds', needs: 'partner-read' },
  { method: 'GET', url: '/partner/v1/vouchers/ABCD-EFGH-JKMN-P', needs: 'partner-redeem' },
  { method: 'POST', url: '/partner/v1/redemptions', needs: 'partner-redeem' },
  { method: 'POST', url: `/partner/v1/redemptions/${someId}/reverse`, needs: 'partner-redeem' },
  { method: 'POST', url: '/partner/v1/initiatives', needs: 'partner-register' },
  { method: 'GET', url: '/metrics', needs: 'metrics' },
];

const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const bodies: { name: string; body: string | null; type?: string }[] = [
  { name: 'none', body: null },
  { name: 'empty', body: '' },
  { name: 'not JSON', body: '{"a":' },
  { name: 'null', body: 'null' },
  { name: 'array', body: '[]' },
  { name: 'string', body: '"x"' },
  { name: 'wrong shape', body: '{"protocol":1,"deviceId":"x","events":[{"seq":"a"}],"code":42,"parts":"x","entries":7}' },
  { name: 'too deep', body: deep },
  { name: 'U+0000 and a lone surrogate', body: '{"code":"\\u0000\\ud800","reason":"\\ud800\\u0000xx"}' },
  { name: 'as text/plain', body: '{}', type: 'text/plain' },
  { name: 'large', body: JSON.stringify({ x: 'a'.repeat(200_000) }) },
];

function allowed(route: Route, caller: Caller): boolean {
  if (route.needs === 'none') return true;
  if (route.needs === 'device') return caller.may === 'device';
  if (route.needs === 'metrics') return caller.may === 'metrics';
  if (route.needs === 'partner-read') return caller.may === 'partner' || caller.may === 'partner-redeem';
  if (route.needs === 'partner-redeem') return caller.may === 'partner-redeem';
  return caller.may === 'partner' || caller.may === 'partner-redeem';
}

beforeAll(async () => {
  ledger = await freshLedger({ metricsToken: 'walk-metrics' });
  await seedLedger(ledger, 5);
  await createTenant(ledger.db, 'hengelo', 'Gemeente Hengelo', districtsCsv, { platformName: 'Hengelo Doet' });
  const good = await new SimDevice('Walk').enrol(ledger);
  const revoked = await new SimDevice('Walk revoked').enrol(ledger);
  await revokeDevice(ledger.db, ledger.tenantId, revoked.id);
  const impostor = new SimDevice('Walk impostor');
  impostor.id = good.id; // claims the good device's id, signs with another key
  const otherTenant = await new SimDevice('Walk Hengelo').enrol(ledger, 'hengelo');
  const reader = await createPartner(ledger.db, 'almelo', 'Walk reader', ['initiatives:read']);
  const redeemer = await createPartner(ledger.db, 'almelo', 'Walk redeemer', [
    'initiatives:read',
    'vouchers:redeem',
    'initiatives:register',
  ]);
  const gone = await createPartner(ledger.db, 'almelo', 'Walk revoked', ['initiatives:read', 'vouchers:redeem']);
  await revokePartner(ledger.db, 'almelo', gone.id);
  const hengelo = await createPartner(ledger.db, 'hengelo', 'Walk Hengelo', [
    'initiatives:read',
    'vouchers:redeem',
    'initiatives:register',
  ]);
  const bearer = (token: string) => () => ({ authorization: `Bearer ${token}` });
  callers.push(
    { name: 'nobody', headers: () => ({}), may: 'none' },
    { name: 'device', headers: (m, u, b) => good.headers(m, u, b), may: 'device' },
    { name: 'device with a wrong signature', headers: (m, u, b) => impostor.headers(m, u, b), may: 'none' },
    { name: 'revoked device', headers: (m, u, b) => revoked.headers(m, u, b), may: 'none' },
    { name: 'device of another municipality', headers: (m, u, b) => otherTenant.headers(m, u, b), may: 'device' },
    { name: 'partner reading', headers: bearer(reader.token), may: 'partner' },
    { name: 'partner redeeming', headers: bearer(redeemer.token), may: 'partner-redeem' },
    { name: 'revoked partner', headers: bearer(gone.token), may: 'none' },
    { name: 'partner of another municipality', headers: bearer(hengelo.token), may: 'partner-redeem' },
    { name: 'a made-up token', headers: bearer('bbp_00000000000000000000000000000000_xxxxxxxx'), may: 'none' },
    { name: 'metrics', headers: bearer('walk-metrics'), may: 'metrics' },
  );
});
afterAll(async () => {
  await ledger?.drop();
});

describe('the ledger’s whole HTTP contract, every caller, bad input', () => {
  it('never answers 5xx, refuses in the protocol’s format, and gives nothing to a caller without the right credential', async () => {
    const problems: string[] = [];
    let calls = 0;
    for (const route of routes) {
      for (const caller of callers) {
        for (const b of route.method === 'GET' || route.method === 'DELETE' ? bodies.slice(0, 1) : bodies) {
          const body = b.body ?? '';
          const headers: Record<string, string> = {
            ...caller.headers(route.method, route.url, body),
            'idempotency-key': `walk-${calls}`,
          };
          if (b.body !== null) headers['content-type'] = b.type ?? 'application/json';
          else delete headers['content-type'];
          const res = await ledger.server.inject({
            method: route.method,
            url: route.url,
            headers,
            ...(b.body !== null ? { payload: b.body } : {}),
          });
          calls += 1;
          const what = `${route.method} ${route.url} as ${caller.name} with ${b.name}: ${res.statusCode}`;
          if (res.statusCode >= 500) problems.push(`${what} ${res.body.slice(0, 120)}`);
          if (res.statusCode >= 400) {
            let parsed = false;
            try {
              parsed = protocolErrorSchema.safeParse(JSON.parse(res.body)).success;
            } catch {
              parsed = false;
            }
            if (!parsed) problems.push(`${what}: not the protocol's error body: ${res.body.slice(0, 120)}`);
            if (/\bat \S+:\d+:\d+/.test(res.body)) problems.push(`${what}: a stack trace`);
          }
          if (res.statusCode < 300 && !allowed(route, caller)) problems.push(`${what}: answered without the right credential`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(600);
  }, 120_000);

  it('keeps municipalities apart: Hengelo’s device and partner see none of Almelo', async () => {
    const hengeloPartner = callers.find((c) => c.name === 'partner of another municipality')!;
    const almeloReader = callers.find((c) => c.name === 'partner reading')!;
    const list = async (c: Caller) =>
      (
        await ledger.server.inject({ method: 'GET', url: '/partner/v1/initiatives?after=0&limit=100', headers: c.headers('GET', '', '') })
      ).json() as {
        items: unknown[];
      };
    expect((await list(almeloReader)).items.length).toBeGreaterThan(0);
    expect((await list(hengeloPartner)).items).toEqual([]);
    const device = callers.find((c) => c.name === 'device of another municipality')!;
    const url = '/v1/pull?after=0&limit=500';
    const page = (await ledger.server.inject({ method: 'GET', url, headers: device.headers('GET', url, '') })).json() as {
      changes: { kind: string }[];
    };
    expect(page.changes.some((c) => c.kind === 'initiative' || c.kind === 'round')).toBe(false);
  });
});
