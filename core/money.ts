/**
 * Money is integer euro cents everywhere (DESIGN.md). These helpers are the only place that turns
 * cents into text, so every screen and receipt formats amounts the same way.
 */

export type Cents = number;

const euroFormatter = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** `1445` → `€ 14,45` (nl-NL uses a no-break space after the sign). */
export function formatEuro(cents: Cents): string {
  if (!isCents(cents)) throw new TypeError(`not an integer amount of cents: ${String(cents)}`);
  return euroFormatter.format(cents / 100);
}

/** Sum of cents that refuses to leave the safe-integer range instead of silently rounding. */
export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const value of values) {
    if (!isCents(value)) throw new TypeError(`not an integer amount of cents: ${String(value)}`);
    total += value;
    if (!Number.isSafeInteger(total)) throw new RangeError('amount out of range');
  }
  return total;
}

/**
 * Spread `total` over `weights` so that the parts are integers and add up to `total` exactly
 * (largest-remainder method). Used for synthetic demo figures and, later, for splitting amounts.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer');
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || weightSum <= 0 || weights.some((w) => w < 0)) {
    throw new RangeError('weights must be non-negative with a positive sum');
  }
  const exact = weights.map((w) => (total * w) / weightSum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/**
 * What staff type in an amount field, in euros: `3,75`, `3.75`, `€ 3,75`, `4`. Returns cents, or
 * null when it is not a plain amount with at most two decimals (no thousands separators).
 */
export function parseEuroInput(text: string): Cents | null {
  const cleaned = text.replace(/€|\s/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** `375` → `3,75` for an amount field (no currency sign). */
export function formatEuroInput(cents: Cents): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}
