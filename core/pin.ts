/** Rules for staff PINs, shared by the form (to explain) and the service (to enforce). */
export const PIN_MIN = 5;
export const PIN_MAX = 8;

export type PinProblem = 'length' | 'digits' | 'too-simple';

export function checkPin(pin: string): PinProblem | null {
  if (!/^\d*$/.test(pin)) return 'digits';
  if (pin.length < PIN_MIN || pin.length > PIN_MAX) return 'length';
  const digits = [...pin].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const up = digits.every((d, i) => i === 0 || d === ((digits[i - 1] ?? 0) + 1) % 10);
  const down = digits.every((d, i) => i === 0 || d === ((digits[i - 1] ?? 0) + 9) % 10);
  return same || up || down ? 'too-simple' : null;
}
