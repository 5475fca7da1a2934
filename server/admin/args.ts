/** How the admin commands read their options: amounts in euros, required values. */
import fs from 'node:fs';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A device's, donation's or other record's id: a UUID, said so plainly when it is not one (never a failed query). */
export function recordId(value: string | undefined, what: string): string {
  const text = need(value, what);
  if (!UUID.test(text))
    throw new AdminError(`${what}: "${text.slice(0, 60)}" is not an id (ids look like 0193a5e2-6c1f-7b3a-9d40-2f8e1c7a5b10).`);
  return text;
}

/** A whole number of hours, days or entries within bounds, or the command's own message. */
export function wholeNumber(value: string | undefined, what: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new AdminError(`${what}: a whole number from ${min} to ${max}.`);
  return n;
}

/** A file named on the command line, read as UTF-8, with a plain message when it cannot be read. */
export function readTextFile(file: string | undefined, what: string): string {
  const name = need(file, what);
  try {
    return fs.readFileSync(name, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'that is a folder' : code === 'EACCES' ? 'no permission' : code;
    throw new AdminError(`Cannot read ${name}: ${why}.`);
  }
}
