import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALPHABET,
  CODE_LENGTH,
  codeFromValues,
  formatVoucherCode,
  generateVoucherCode,
  maskVoucherCode,
  parseVoucherCode,
  singleSymbolCorrections,
  type CanonicalCode,
} from '../../core/voucher-code';

const dataValues = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 12, maxLength: 12 });
const code = dataValues.map((values) => codeFromValues(values));

/** Ways people and scanners write the same code. */
function typings(c: CanonicalCode): fc.Arbitrary<string> {
  return fc
    .record({
      lower: fc.boolean(),
      sep: fc.constantFrom('-', ' ', '', '--', ' - '),
      lookalikes: fc.boolean(),
      enter: fc.constantFrom('', '\n', '\r\n', '\t'),
      pad: fc.constantFrom('', ' ', '  '),
    })
    .map(({ lower, sep, lookalikes, enter, pad }) => {
      let text = (c.match(/.{1,4}/g) ?? []).join(sep);
      if (lookalikes) text = text.replace(/0/g, 'O').replace(/1/g, 'l');
      if (lower) text = text.toLowerCase();
      return pad + text + pad + enter;
    });
}

describe('voucher codes', () => {
  it('writes a code as three groups of four and a check symbol', () => {
    const c = codeFromValues([7, 19, 3, 20, 23, 9, 22, 29, 26, 2, 11, 13]);
    expect(formatVoucherCode(c)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    expect(c).toHaveLength(CODE_LENGTH);
  });

  it('reads back every valid code in any accepted typing', () => {
    fc.assert(
      fc.property(
        code.chain((c) => typings(c).map((typed) => ({ c, typed }))),
        ({ c, typed }) => {
          const parsed = parseVoucherCode(typed);
          expect(parsed).toEqual({ ok: true, code: c, display: formatVoucherCode(c) });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts a QR payload that is a URL ending in the code', () => {
    const c = generateVoucherCode();
    expect(parseVoucherCode(`https://almelobuurtsamen.nl/bon/${formatVoucherCode(c)}`)).toMatchObject({ ok: true, code: c });
    expect(parseVoucherCode(`https://almelobuurtsamen.nl/inwisselen?code=${c}`)).toMatchObject({ ok: true, code: c });
  });

  it('catches every single wrong symbol, at every position', () => {
    fc.assert(
      fc.property(code, fc.integer({ min: 0, max: CODE_LENGTH - 1 }), fc.integer({ min: 1, max: 31 }), (c, position, delta) => {
        const values = [...c].map((s) => ALPHABET.indexOf(s));
        values[position] = ((values[position] ?? 0) + delta) % 32;
        const typo = values.map((v) => ALPHABET[v]).join('');
        expect(parseVoucherCode(typo)).toEqual({ ok: false, reason: 'check-failed' });
      }),
      { numRuns: 5000 },
    );
  });

  it('catches every swap of two neighbouring symbols', () => {
    fc.assert(
      fc.property(code, fc.integer({ min: 0, max: CODE_LENGTH - 2 }), (c, i) => {
        fc.pre(c[i] !== c[i + 1]);
        const swapped = c.slice(0, i) + c[i + 1] + c[i] + c.slice(i + 2);
        expect(parseVoucherCode(swapped).ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('offers the intended code among the one-symbol corrections of a typo', () => {
    fc.assert(
      fc.property(code, fc.integer({ min: 0, max: CODE_LENGTH - 1 }), fc.integer({ min: 1, max: 31 }), (c, position, delta) => {
        const values = [...c].map((s) => ALPHABET.indexOf(s));
        values[position] = ((values[position] ?? 0) + delta) % 32;
        const typo = values.map((v) => ALPHABET[v]).join('');
        const candidates = singleSymbolCorrections(typo);
        expect(candidates).toContain(c);
        expect(candidates).toHaveLength(CODE_LENGTH);
        for (const candidate of candidates) expect(parseVoucherCode(candidate).ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('says what is wrong with input that is not a code', () => {
    expect(parseVoucherCode('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseVoucherCode(' - \n')).toEqual({ ok: false, reason: 'empty' });
    expect(parseVoucherCode('7K3M-Q9PX')).toEqual({ ok: false, reason: 'too-short', length: 8 });
    expect(parseVoucherCode('7K3M-Q9PX-T2BD-RR7K')).toEqual({ ok: false, reason: 'too-long', length: 16 });
    expect(parseVoucherCode('7K3M-Q9PX-T2BD-U')).toEqual({ ok: false, reason: 'invalid-character', character: 'U' });
    expect(parseVoucherCode('7K3M€Q9PX')).toEqual({ ok: false, reason: 'invalid-character', character: '€' });
  });

  it('never crashes on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        const result = parseVoucherCode(input);
        expect(typeof result.ok).toBe('boolean');
        singleSymbolCorrections(input);
      }),
      { numRuns: 5000 },
    );
  });

  it('draws 60 random bits per code from the random source', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateVoucherCode()));
    expect(seen.size).toBe(2000);
    const zero = generateVoucherCode((b) => b.fill(0));
    const ones = generateVoucherCode((b) => b.fill(255));
    expect(zero.slice(0, 12)).toBe('000000000000');
    expect(ones.slice(0, 12)).toBe('ZZZZZZZZZZZZ');
  });

  it('masks the middle of a code for receipts', () => {
    const c = codeFromValues([7, 19, 3, 20, 23, 9, 22, 29, 26, 2, 11, 13]);
    const masked = maskVoucherCode(c);
    expect(masked.slice(0, 4)).toBe(c.slice(0, 4));
    expect(masked.endsWith(`${c.slice(10, 12)}-${c.slice(12)}`)).toBe(true);
    expect(masked).toContain('••••');
  });
});
