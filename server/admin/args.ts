/** How the admin commands read their options: amounts in euros, required values. */
import { parseEuroInput } from '../../core/money.js';
import { AdminError } from './ops.js';

export function money(text: string | undefined, what: string): number {
  const parsed = text ? parseEuroInput(text) : null;
  if (parsed === null) throw new AdminError(`${what}: write an amount like 7,50.`);
  return parsed;
}

export function need(value: string | undefined, what: string): string {
  if (!value) throw new AdminError(`Missing ${what}. Run without arguments for help.`);
  return value;
}
