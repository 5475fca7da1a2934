import { describe, expect, it } from 'vitest';
import { contract } from '../../core/api/contract';
import { apiNames, toMethodName } from '../../core/api/names';
import { apportion, formatEuro, sumCents } from '../../core/money';
import { checkPin } from '../../core/pin';
import { can, roles } from '../../core/roles';

describe('money', () => {
  it('formats cents as Dutch euros', () => {
    expect(formatEuro(1445)).toBe('€\u00a014,45');
    expect(formatEuro(750)).toBe('€\u00a07,50');
    expect(formatEuro(50692500)).toBe('€\u00a0506.925,00');
  });
  it('refuses amounts that are not whole cents', () => {
    expect(() => formatEuro(7.5)).toThrow(TypeError);
    expect(() => sumCents([1, 0.5])).toThrow(TypeError);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
  it('apportions a total exactly over weights', () => {
    const parts = apportion(33_795, [6, 9, 10, 11, 8, 9, 12, 10, 11, 7, 2, 2]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(33_795);
    expect(parts.every((p) => Number.isInteger(p) && p > 0)).toBe(true);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
  });
});

describe('PIN rules', () => {
  it('accepts 5 to 8 digits that are not trivially guessable', () => {
    expect(checkPin('24680')).toBeNull();
    expect(checkPin('97531402')).toBeNull();
  });
  it('names the problem with a weak or malformed PIN', () => {
    expect(checkPin('1234')).toBe('length');
    expect(checkPin('123456789')).toBe('length');
    expect(checkPin('12a45')).toBe('digits');
    expect(checkPin('11111')).toBe('too-simple');
    expect(checkPin('12345')).toBe('too-simple');
    expect(checkPin('54321')).toBe('too-simple');
    expect(checkPin('89012')).toBe('too-simple');
  });
});

describe('roles', () => {
  it('gives counter work only to counter roles and administration only to the beheerder', () => {
    expect(roles.filter((r) => can(r, 'counter'))).toEqual(['baliemedewerker', 'wijkondersteuner']);
    expect(roles.filter((r) => can(r, 'administer'))).toEqual(['beheerder']);
    expect(roles.filter((r) => can(r, 'assess'))).toEqual(['wijkregisseur']);
  });
});

describe('the API contract', () => {
  it('declares exactly the names the preload exposes, each once', () => {
    expect(Object.keys(contract).sort()).toEqual([...apiNames].sort());
    expect(new Set(apiNames).size).toBe(apiNames.length);
  });
  it('maps channel names to distinct camelCase methods', () => {
    expect(toMethodName('staff:reset-pin')).toBe('staffResetPin');
    expect(toMethodName('app:status')).toBe('appStatus');
    const methods = apiNames.map(toMethodName);
    expect(new Set(methods).size).toBe(methods.length);
  });
  it('leaves only the calls needed before login public', () => {
    const open = apiNames.filter((n) => contract[n].access === 'public');
    expect(open.sort()).toEqual(
      [
        'app:status',
        // Only when the store cannot be opened (then there is no login); otherwise they refuse (device-backup.test.ts).
        'recovery:backups',
        'recovery:restore',
        'session:current',
        'session:lock',
        'session:login',
        'session:logout',
        'session:unlock',
        'setup:complete',
        'staff:login-options',
      ].sort(),
    );
  });
  it('rejects extra fields in every input', () => {
    for (const name of apiNames) {
      const result = contract[name].input.safeParse({ unexpected: true });
      expect(result.success, name).toBe(false);
    }
  });
});

describe('euro input', () => {
  it('reads what staff type, in whole cents', async () => {
    const { parseEuroInput, formatEuroInput } = await import('../../core/money');
    expect(parseEuroInput('3,75')).toBe(375);
    expect(parseEuroInput('€ 3.75')).toBe(375);
    expect(parseEuroInput('4')).toBe(400);
    expect(parseEuroInput('0,5')).toBe(50);
    expect(parseEuroInput('7,50 ')).toBe(750);
    for (const bad of ['', '3,755', '-1', '1.000,00', 'drie', '3,', ',5']) expect(parseEuroInput(bad), bad).toBeNull();
    expect(formatEuroInput(375)).toBe('3,75');
    expect(formatEuroInput(5)).toBe('0,05');
  });
});

describe('a pull page from a newer ledger', () => {
  it('leaves out change kinds this version does not know, and still refuses a malformed change', async () => {
    const { pullResponseSchema } = await import('../../core/sync/feed');
    const district = { id: 1, kind: 'district', data: { code: 'WK014110', name: 'Binnenstad', kind: 'wijk', budgetCents: 0 } };
    const page = { changes: [district, { id: 2, kind: 'forecast', data: { anything: true } }], cursor: 2, more: false, serverTime: 'x' };
    const parsed = pullResponseSchema.parse(page);
    expect(parsed.changes).toEqual([district]);
    expect(parsed.cursor).toBe(2); // the cursor still moves past the unknown one
    expect(pullResponseSchema.safeParse({ ...page, changes: [{ id: 3, kind: 'district', data: {} }] }).success).toBe(false);
    expect(pullResponseSchema.safeParse({ ...page, changes: [42] }).success).toBe(false);
  });
});
