/**
 * Splitting one voucher over initiatives: at most three parts, each a positive whole number of
 * cents for a different initiative, together exactly the voucher's value.
 */
export const MAX_SPLIT_PARTS = 3;

export interface SplitPart {
  initiativeId: string;
  amountCents: number;
}

export type SplitProblem = 'no-parts' | 'too-many-parts' | 'not-whole-cents' | 'not-positive' | 'same-initiative-twice' | 'sum-mismatch';

export function checkSplit(parts: readonly SplitPart[], valueCents: number): SplitProblem | null {
  if (parts.length === 0) return 'no-parts';
  if (parts.length > MAX_SPLIT_PARTS) return 'too-many-parts';
  if (parts.some((p) => !Number.isSafeInteger(p.amountCents))) return 'not-whole-cents';
  if (parts.some((p) => p.amountCents <= 0)) return 'not-positive';
  if (new Set(parts.map((p) => p.initiativeId)).size !== parts.length) return 'same-initiative-twice';
  if (parts.reduce((sum, p) => sum + p.amountCents, 0) !== valueCents) return 'sum-mismatch';
  return null;
}

/** An even split in whole cents, the first parts taking the leftover cents: 750 over 2 → 375 + 375. */
export function evenSplit(valueCents: number, count: number): number[] {
  const base = Math.floor(valueCents / count);
  return Array.from({ length: count }, (_, i) => base + (i < valueCents - base * count ? 1 : 0));
}
