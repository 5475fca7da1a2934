/**
 * How the administrator's commands read ids, numbers and files (server/admin/args.ts): a mistake is one line in the
 * command's words, never a failed database query or a raw system error. The CLI itself, run as a process, is in
 * tests/integration/ledger-admin-cli.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile, recordId, wholeNumber } from '../../server/admin/args';
import { AdminError } from '../../server/admin/ops';

const says = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(AdminError);
    return (error as Error).message;
  }
  throw new Error('no AdminError');
};

describe('the admin commands’ arguments', () => {
  it('an id is a UUID', () => {
    expect(recordId('0193A5E2-6C1F-7B3A-9D40-2F8E1C7A5B10', 'device id')).toBe('0193A5E2-6C1F-7B3A-9D40-2F8E1C7A5B10');
    expect(says(() => recordId('balie-1', 'device id'))).toBe(
      'device id: "balie-1" is not an id (ids look like 0193a5e2-6c1f-7b3a-9d40-2f8e1c7a5b10).',
    );
    expect(says(() => recordId(undefined, 'redemption id'))).toBe('Missing redemption id. Run without arguments for help.');
    expect(says(() => recordId(`${'x'.repeat(500)}'; drop table devices; --`, '--device'))).toMatch(/^--device: "x{60}" is not an id/);
  });

  it('a whole number within its bounds, or absent', () => {
    expect(wholeNumber(undefined, '--hours', 1, 2160)).toBeUndefined();
    expect(wholeNumber('48', '--hours', 1, 2160)).toBe(48);
    for (const bad of ['veel', '-5', '0', '2161', '1.5', '1e3', '', ' ']) {
      expect(says(() => wholeNumber(bad, '--hours', 1, 2160))).toBe('--hours: a whole number from 1 to 2160.');
    }
  });

  it('a file is read, or says why not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-args-'));
    const file = path.join(dir, 'adressen.csv');
    fs.writeFileSync(file, 'postcode\n');
    expect(readTextFile(file, 'file')).toBe('postcode\n');
    expect(says(() => readTextFile(path.join(dir, 'er-niet.csv'), 'file'))).toBe(
      `Cannot read ${path.join(dir, 'er-niet.csv')}: there is no such file.`,
    );
    expect(says(() => readTextFile(dir, 'file'))).toBe(`Cannot read ${dir}: that is a folder.`);
    expect(says(() => readTextFile(undefined, 'the CSV file'))).toBe('Missing the CSV file. Run without arguments for help.');
  });
});
