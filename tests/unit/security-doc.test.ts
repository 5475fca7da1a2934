/** docs/security.md names the test behind each measure: every test file it names exists (a renamed test breaks here). */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../helpers/app';

describe('docs/security.md', () => {
  it('names only test files that exist, and at least one for every actor', () => {
    const text = fs.readFileSync(path.join(root, 'docs', 'security.md'), 'utf8');
    const named = [...text.matchAll(/`(tests\/[\w./-]+\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(15);
    for (const file of named) expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    const sections = text.split(/^### /m).slice(1);
    expect(sections.map((s) => s.split('\n')[0])).toEqual([
      'A curious resident at the counter',
      'Staff misusing their role',
      'A thief with a laptop',
      'A network attacker',
      'A malicious update',
      'Another municipality on the same ledger',
    ]);
    for (const s of sections) expect(s).toMatch(/`tests\//);
  });
});
