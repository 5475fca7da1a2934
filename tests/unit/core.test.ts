import { describe, expect, it } from 'vitest';
import { contract } from '../../core/api/contract';
import { apiNames, toMethodName } from '../../core/api/names';
import { apportion, formatEuro, sumCents } from '../../core/money';
import { checkPin } from '../../core/pin';
import { can, roles } from '../../core/roles';
import { businessDayOf } from '../../core/business-day';

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

describe('business days', () => {
  const direct = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

  it('is the date in Amsterdam for every moment, whatever was asked before (the last hour is remembered)', () => {
    // Every 7 minutes through both 2026 clock changes and the midnights around them, asked in order, backwards and
    // out of order: a remembered day must never leak into another hour.
    const moments: Date[] = [];
    for (const [from, to] of [
      ['2026-03-28T20:00:00Z', '2026-03-30T02:00:00Z'],
      ['2026-10-24T20:00:00Z', '2026-10-26T02:00:00Z'],
      ['2026-12-31T21:00:00Z', '2027-01-01T02:00:00Z'],
    ] as const) {
      for (let t = Date.parse(from); t <= Date.parse(to); t += 7 * 60_000) moments.push(new Date(t));
    }
    const shuffled = moments.map((m, i) => moments[(i * 7919) % moments.length]!);
    for (const m of [...moments, ...[...moments].reverse(), ...shuffled]) expect(businessDayOf(m)).toBe(direct.format(m));
    // Around local midnight exactly: 22:59:59.999Z is still the old day in winter, 23:00Z the new one.
    expect(businessDayOf(new Date('2026-12-03T22:59:59.999Z'))).toBe('2026-12-03');
    expect(businessDayOf(new Date('2026-12-03T23:00:00.000Z'))).toBe('2026-12-04');
    expect(businessDayOf(new Date('2026-07-03T21:59:59.999Z'))).toBe('2026-07-03');
    expect(businessDayOf(new Date('2026-07-03T22:00:00.000Z'))).toBe('2026-07-04');
  });

  it('formats moments before 1970 (when Amsterdam was not a whole hour off UTC) without remembering them', () => {
    const old = new Date('1930-06-01T23:50:00Z'); // Amsterdam Mean Time: +00:20, so already 2 June there
    expect(businessDayOf(old)).toBe(direct.format(old));
    expect(businessDayOf(new Date('1930-06-01T23:30:00Z'))).toBe(direct.format(new Date('1930-06-01T23:30:00Z')));
    expect(() => businessDayOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});
