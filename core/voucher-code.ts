/**
 * Voucher codes (waardebon-codes).
 *
 * Form: 12 data symbols (60 random bits) in Crockford base32, then one check symbol, written in
 * groups of four: `7K3M-Q9PX-T2BD-R`.
 *
 * The check symbol is a weighted sum over GF(32) (x^5 + x^2 + 1, weights α^1…α^12). Over a field
 * every weight is invertible, so every single wrong symbol is caught, and because 1 + α ≠ 0 every
 * swap of two neighbouring symbols is caught too — which a plain sum mod 32 cannot promise. It uses
 * the same 32 symbols as the data, so the code never shows the awkward Crockford check marks (*~$=).
 */

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const DATA_LENGTH = 12;
export const CODE_LENGTH = DATA_LENGTH + 1;
export const RANDOM_BITS = DATA_LENGTH * 5;

const VALUE: Readonly<Record<string, number>> = Object.fromEntries([...ALPHABET].map((symbol, value) => [symbol, value]));
/** What people and scanners type for what they meant (Crockford's decoding rules). */
const ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

// GF(32) tables, built once.
const EXP: number[] = [];
const LOG: number[] = new Array<number>(32).fill(0);
{
  let x = 1;
  for (let i = 0; i < 31; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0b100000) x ^= 0b100101;
  }
}
function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[((LOG[a] ?? 0) + (LOG[b] ?? 0)) % 31] ?? 0;
}
function gfDiv(a: number, b: number): number {
  if (a === 0) return 0;
  return EXP[((LOG[a] ?? 0) - (LOG[b] ?? 0) + 31) % 31] ?? 0;
}
function weight(position: number): number {
  return EXP[(position + 1) % 31] ?? 1;
}
function checkValue(data: readonly number[]): number {
  let sum = 0;
  data.forEach((v, i) => (sum ^= gfMul(weight(i), v)));
  return sum;
}

/** Canonical form without hyphens, e.g. `7K3MQ9PXT2BDR`. */
export type CanonicalCode = string & { readonly __brand: 'CanonicalCode' };

export type ParseFailure =
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'invalid-character'; character: string }
  | { ok: false; reason: 'too-short'; length: number }
  | { ok: false; reason: 'too-long'; length: number }
  | { ok: false; reason: 'check-failed' };
export type ParseResult = { ok: true; code: CanonicalCode; display: string } | ParseFailure;

/**
 * Read a code the way people type it and scanners send it: any case, spaces, missing or extra
 * hyphens, O for 0, I or L for 1, a trailing Enter, or a QR payload that is a URL ending in the code.
 */
export function parseVoucherCode(input: string): ParseResult {
  let text = input.trim();
  if (/^https?:\/\//i.test(text)) {
    const fromUrl = /(?:[?&]code=|\/)([0-9A-Za-z -]+)\/?$/.exec(text);
    if (fromUrl?.[1]) text = fromUrl[1];
  }
  const symbols: number[] = [];
  for (const raw of text.toUpperCase()) {
    if (raw === '-' || raw === ' ' || raw === '\t' || raw === '\r' || raw === '\n' || raw === '.' || raw === '_') {
      continue;
    }
    const symbol = ALIASES[raw] ?? raw;
    const value = VALUE[symbol];
    if (value === undefined) return { ok: false, reason: 'invalid-character', character: raw };
    symbols.push(value);
  }
  if (symbols.length === 0) return { ok: false, reason: 'empty' };
  if (symbols.length < CODE_LENGTH) return { ok: false, reason: 'too-short', length: symbols.length };
  if (symbols.length > CODE_LENGTH) return { ok: false, reason: 'too-long', length: symbols.length };
  const data = symbols.slice(0, DATA_LENGTH);
  if (checkValue(data) !== symbols[DATA_LENGTH]) return { ok: false, reason: 'check-failed' };
  const canonical = symbols.map((v) => ALPHABET[v]).join('') as CanonicalCode;
  return { ok: true, code: canonical, display: formatVoucherCode(canonical) };
}

/** `7K3MQ9PXT2BDR` → `7K3M-Q9PX-T2BD-R`. */
export function formatVoucherCode(code: CanonicalCode): string {
  let text = code.slice(0, 4);
  for (let i = 4; i < code.length; i += 4) text += `-${code.slice(i, i + 4)}`;
  return text;
}

/** Build a full code from 12 data symbol values (0–31). */
export function codeFromValues(data: readonly number[]): CanonicalCode {
  if (data.length !== DATA_LENGTH || data.some((v) => !Number.isInteger(v) || v < 0 || v > 31)) {
    throw new RangeError('a voucher code needs 12 values from 0 to 31');
  }
  return [...data, checkValue(data)].map((v) => ALPHABET[v]).join('') as CanonicalCode;
}

export type RandomSource = (bytes: Uint8Array) => Uint8Array;
const secureRandom: RandomSource = (bytes) => globalThis.crypto.getRandomValues(bytes);

/** A new code with 60 bits from a cryptographically secure source. */
export function generateVoucherCode(random: RandomSource = secureRandom): CanonicalCode {
  const bytes = random(new Uint8Array(8));
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  const data: number[] = [];
  for (let i = 0; i < DATA_LENGTH; i++) data.push(Number((bits >> BigInt(5 * i)) & 31n));
  return codeFromValues(data);
}

/**
 * For a code whose check failed: every code that differs in exactly one symbol and passes the check
 * (one per position). The caller looks them up in the registry to say "did you mean …?".
 */
export function singleSymbolCorrections(input: string): CanonicalCode[] {
  const cleaned = input.toUpperCase().replace(/[\s\-._]/g, '');
  const values = [...cleaned].map((c) => VALUE[ALIASES[c] ?? c]);
  if (values.length !== CODE_LENGTH || values.some((v) => v === undefined)) return [];
  const symbols = values as number[];
  const data = symbols.slice(0, DATA_LENGTH);
  const syndrome = checkValue(data) ^ (symbols[DATA_LENGTH] ?? 0);
  if (syndrome === 0) return [];
  const out: CanonicalCode[] = [];
  for (let i = 0; i < DATA_LENGTH; i++) {
    const fixed = [...data];
    fixed[i] = (fixed[i] ?? 0) ^ gfDiv(syndrome, weight(i));
    out.push(codeFromValues(fixed));
  }
  out.push(codeFromValues(data));
  return out;
}

/** A code for receipts that shows enough to recognise it and too little to reuse it. */
export function maskVoucherCode(code: CanonicalCode): string {
  const masked = code.slice(0, 4) + '••••••' + code.slice(10);
  return formatVoucherCode(masked as CanonicalCode);
}

/**
 * What a clerk can recognise a refused paper by when its code does not parse (a misprint, a half scan, a
 * wrong check character): the characters as typed, upper-cased, masked like a good code once it is long
 * enough to be one — so a code one symbol off a real voucher is never shown whole.
 */
export function maskTypedCode(input: string): string {
  const chars = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (chars.length === 0) return '—';
  if (chars.length <= 6) return chars;
  if (chars.length <= 10) return `${chars.slice(0, 4)}…`;
  return `${chars.slice(0, 4)}…${chars.slice(-3)}`;
}
