import fc from 'fast-check';
import { emptyDraft } from '../../core/initiative-registration';
import { describe, expect, it } from 'vitest';
import { contract } from '../../core/api/contract';
import { apiNames } from '../../core/api/names';
import { ADMIN_PIN, failure, makeApp, setUpDevice, unwrap } from '../helpers/app';

describe('the API dispatcher (what IPC and HTTP both call)', () => {
  it('answers an unknown call with UNKNOWN_CALL', async () => {
    const t = makeApp();
    for (const name of ['nope', 'staff:drop-all', 42, null, { toString: 'x' }]) {
      expect(await t.connect().call(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    }
  });

  it('answers invalid input with VALIDATION and the fields, never touching a service', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    const result = await admin.call('staff:create', { name: 'x', role: 'koning', pin: 12345 });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/niet goed ingevuld/) } });
    const paths = (failure(result).details?.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['name', 'pin', 'role']);
    expect(unwrap(await admin.call('staff:list', {}))).toHaveLength(1);
  });

  it('takes U+0000 (from pasted text) out of every string before a service sees it', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    const made = unwrap(await admin.call('staff:create', { name: 'Kees\u0000 Balie', role: 'baliemedewerker', pin: '24680' }));
    expect(made.name).toBe('Kees Balie');
    expect(JSON.stringify(t.app.store!.sqlite.prepare('SELECT name FROM staff').all())).not.toContain('\\u0000');
  });

  it('refuses a name with a lone surrogate (half an emoji), an invisible or a direction-changing character, in Dutch', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    // The edge turns half an emoji into U+FFFD (so nothing unstorable gets further); a name then says so
    // instead of being stored altered without a word.
    for (const name of [
      'Kees \ud83d Balie',
      'Kees\u200b Balie',
      'Anna\u202eeeB',
      'Anna\u2066Beheer\u2069',
      'Kees\u00ad Balie',
      'Ke\ufeffes',
    ]) {
      const result = await admin.call('staff:create', { name, role: 'baliemedewerker', pin: '24680' });
      expect(failure(result), JSON.stringify(name)).toMatchObject({
        code: 'VALIDATION',
        details: { issues: [{ path: 'name', problem: 'name:invisible' }] },
      });
    }
    expect(unwrap(await admin.call('staff:list', {}))).toHaveLength(1);
    // A whole emoji (a surrogate pair), accents and other scripts are characters like any other and stay;
    // a decomposed accent is stored composed, so two look-alike names are the same name.
    const whole = unwrap(await admin.call('staff:create', { name: 'Anna \ud83d\ude00', role: 'baliemedewerker', pin: '24680' }));
    expect(whole.name).toBe('Anna \ud83d\ude00');
    const decomposed = unwrap(await admin.call('staff:create', { name: 'Jose\u0301 Çelik', role: 'baliemedewerker', pin: '24680' }));
    expect(decomposed.name).toBe('Jos\u00e9 Çelik');
    const arabic = unwrap(await admin.call('staff:create', { name: 'محمد العلي', role: 'baliemedewerker', pin: '24680' }));
    expect(arabic.name).toBe('محمد العلي');
  });

  it('refuses input nested deeper than any call needs with VALIDATION, without recursing into it', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const result = await admin.call('staff:list', { deep });
    expect(failure(result)).toMatchObject({ code: 'VALIDATION', details: { issues: [{ problem: 'too-deep' }] } });
  });

  it('refuses calls before login with NOT_LOGGED_IN', async () => {
    const t = makeApp();
    await setUpDevice(t, true);
    const anonymous = t.connect();
    const someone = '00000000-0000-4000-8000-000000000000';
    const validInput: Record<string, unknown> = {
      'staff:create': { name: 'Nieuw', role: 'beheerder', pin: '97531' },
      'staff:set-disabled': { staffId: someone, disabled: true },
      'staff:reset-pin': { staffId: someone, pin: '97531' },
      'staff:set-role': { staffId: someone, role: 'wijkregisseur' },
      'staff:change-own-pin': { currentPin: '97531', newPin: '86420' },
      'vouchers:check': { code: 'ABCD' },
      'vouchers:redeem': { code: 'ABCD', parts: [{ initiativeId: someone, amountCents: 750 }] },
      'redemptions:reverse': { redemptionId: someone, reason: 'verkeerd gekozen', approverId: someone, approverPin: '97531' },
      'intakes:start': { initiativeId: someone },
      'budget:transfer': { year: 2026, from: 'WK014110', to: 'WK014111', amountCents: 100, reason: 'Een reden' },
      'feedback:give': { score: 4 },
      'feedback:remark': { text: 'Een opmerking' },
      'reports:round-evaluation': { roundId: '2026-2', remarks: '' },
      'reports:annual': { year: 2026, districtCode: null, format: 'pdf' },
      'intakes:scan': { intakeId: someone, codes: ['ABCD'] },
      'intakes:finish': { intakeId: someone },
      'intakes:get': { intakeId: someone },
      'registry:import': { fileText: '{}' },
      'receipts:reprint': { kind: 'donation', refId: someone },
      'initiatives:get': { initiativeId: someone },
      'volunteers:sign-up': {
        initiativeId: someone,
        kind: 'volunteer',
        name: 'Iemand',
        contact: '0612345678',
        offer: 'Helpen',
        availability: '',
        consent: true,
      },
      'volunteers:list': { initiativeId: someone },
      'volunteers:export': { volunteerId: someone },
      'volunteers:erase': { volunteerId: someone },
      'sync:enrol': { serverUrl: 'https://grootboek.example', code: 'ABCD-EFGH-JKMN-PQRS' },
      'initiatives:draft-save': { step: 'wat', data: emptyDraft() },
      'initiatives:draft-get': { id: someone },
      'initiatives:draft-delete': { id: someone },
      'initiatives:register': { draftId: someone },
      'initiatives:edit': { initiativeId: someone },
      'initiatives:list-people': { initiativeId: someone },
      'initiatives:person-export': { personId: someone },
      'initiatives:person-erase': { personId: someone },
      'photos:add': { owner: { kind: 'draft', id: someone }, purpose: 'idee', dataBase64: '' },
      'photos:list': { owner: { kind: 'draft', id: someone } },
      'photos:delete': { id: someone },
      'sync:settle': { contestedRedemptionId: someone, decision: 'keep-other', note: 'x' },
      'sync:decide': { redemptionId: someone, decision: 'confirm', note: 'x' },
      'sync:handled': { seq: 1 },
      'initiatives:assess': { initiativeId: someone, assessment: { answers: {}, referralNote: '' } },
      'initiatives:transition': { initiativeId: someone, action: 'approve' },
      'store:restore': { id: 'buurtbalie-20261203T101500000Z-daily.db' },
      'audit:list': { before: null },
      'updates:channel': { channel: 'pilot' },
    };
    for (const name of apiNames.filter((n) => contract[n].access !== 'public')) {
      const result = await anonymous.call(name, validInput[name] ?? {});
      expect(result, name).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } });
    }
  });

  it('enforces least privilege per role', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, true);
    const clerk = unwrap(await admin.call('staff:create', { name: 'Bram Balie', role: 'baliemedewerker', pin: '24680' }));
    const c = t.connect();
    unwrap(await c.call('session:login', { staffId: clerk.id, pin: '24680' }));
    expect(await c.call('staff:list', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'U mag dit niet doen met uw rol.' },
    });
    expect(await c.call('staff:create', { name: 'Sneaky Admin', role: 'beheerder', pin: '97531' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await c.call('settings:update', { idleLockMinutes: 120 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await c.call('initiatives:list', {})).ok).toBe(true);
    expect(unwrap(await admin.call('staff:list', {})).map((s: { name: string }) => s.name)).not.toContain('Sneaky Admin');
  });

  it('survives any input to any call without throwing', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...apiNames.filter((n) => n !== 'session:logout' && n !== 'session:lock')),
        fc.anything(),
        async (name, input) => {
          const result = await admin.call(name, input);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
    expect(unwrap(await admin.call('session:current', {}))).toMatchObject({ state: 'active' });
  });

  it('answers deep, huge and odd-unicode bodies on every call with a structured answer, never a throw', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    const nest = (depth: number, leaf: unknown, asArray: boolean): unknown => {
      let v = leaf;
      for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
      return v;
    };
    const odd = fc.oneof(
      fc.string({ unit: 'binary' }), // any UTF-16 code unit, lone surrogates included
      fc.constantFrom('\u202e', '\u200b', '\ufeff', '\u0000', '\ud800', '\udfff', 'e\u0301', '\u{1F468}\u200D\u{1F469}'),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    );
    const body = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 5_000 }), odd, fc.boolean()).map(([d, leaf, arr]) => nest(d, leaf, arr)),
      fc
        .tuple(fc.integer({ min: 100_000, max: 2_000_000 }), odd)
        .map(([n, s]) => ({ name: s.repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n) })),
      fc.dictionary(odd, fc.oneof(odd, fc.anything()), { maxKeys: 8 }),
      fc.record({ name: odd, code: odd, pin: odd, role: odd, reason: odd }),
    );
    const known = new Set(Object.keys(await import('../../core/api/errors').then((m) => m.defaultErrorMessages)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...apiNames.filter((n) => n !== 'session:logout' && n !== 'session:lock')),
        body,
        async (name, input) => {
          const result = await admin.call(name, input);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) {
            expect(known.has(result.error.code), result.error.code).toBe(true);
            expect(result.error.code).not.toBe('INTERNAL');
            expect(result.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 250 },
    );
    expect(unwrap(await admin.call('session:current', {}))).toMatchObject({ state: 'active' });
  });

  it('never writes PINs or staff names into the log', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    const clerk = unwrap(await admin.call('staff:create', { name: 'Bram Balie', role: 'baliemedewerker', pin: '24680' }));
    await t.connect().call('session:login', { staffId: clerk.id, pin: '13579' });
    await t.connect().call('session:login', { staffId: clerk.id, pin: '24680' });
    await admin.call('staff:create', { name: 'x', role: 'baliemedewerker', pin: '86420' });
    const text = t.log.text();
    for (const secret of [ADMIN_PIN, '24680', '13579', '86420', 'Bram Balie', 'Anna Beheer']) expect(text).not.toContain(secret);
    expect(text).toContain('session:login');
  });

  it('checks every answer of a demo session against the contract', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, true);
    for (const name of [
      'app:status',
      'session:current',
      'staff:login-options',
      'staff:list',
      'settings:get',
      'districts:list',
      'rounds:list',
      'initiatives:list',
    ] as const) {
      const result = await admin.call(name, {});
      expect(result.ok, name).toBe(true);
      expect(() => contract[name].output.parse((result as { value: unknown }).value)).not.toThrow();
    }
  });
});
