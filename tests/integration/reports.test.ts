/**
 * The Monitor's reports through the app's own API on a real encrypted store: the round evaluation (A4 PDF,
 * read back with pdftotext, a picture of its first page in test-results/reports), and the jaarverantwoording as
 * PDF, XLSX (read back with a second library, read-excel-file) and CSV (read back with csv-parse). Their figures
 * are the monitor's figures, as the screen shows them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { parse } from 'csv-parse/sync';
import { counterFixture, failure, root, tempDir, unwrap, type TestApp } from '../helpers/app';
import type { Connection } from '../../services/app';
import { yearOf } from '../../core/business-day';

let t: TestApp;
let director: Connection;
let clerk: Connection;
let dir: string;
const out = path.join(root, 'test-results', 'reports');

beforeAll(async () => {
  const fixture = await counterFixture();
  ({ t, clerk } = fixture);
  director = t.connect();
  unwrap(await director.call('session:login', { staffId: fixture.directorId, pin: '97531' }));
  // Two residents answered the question after their donation; a clerk wrote down what one said.
  unwrap(await clerk.call('feedback:give', { score: 5 }));
  unwrap(await clerk.call('feedback:give', { score: 4 }));
  unwrap(await clerk.call('feedback:remark', { text: 'Makkelijk, zo bij de balie.' }));
  dir = tempDir('bb-reports-');
  fs.mkdirSync(out, { recursive: true });
  // One initiative carried out and accounted for, so the annual report has one to list.
  const running = unwrap(await director.call('initiatives:list', { status: 'in_uitvoering' }))[0]!;
  unwrap(
    await director.call('initiatives:transition', {
      initiativeId: running.id,
      action: 'complete',
      note: 'Klaar, met foto’s.',
      accountability: { done: 'Twaalf plantenbakken geplaatst en gevuld.', spentCents: 41_250 },
    }),
  );
});
afterAll(() => t?.app.close());

function save(file: { fileName: string; base64: string }): string {
  const target = path.join(dir, file.fileName);
  fs.writeFileSync(target, Buffer.from(file.base64, 'base64'));
  return target;
}
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('the round evaluation', () => {
  it('answers the college’s four questions with the monitor’s figures, and prints the remarks', async () => {
    const view = unwrap(await director.call('monitor:view', {}));
    const round = view.snapshot.rounds.at(-1)!;
    const made = unwrap(
      await director.call('reports:round-evaluation', { roundId: round.id, remarks: 'Veel vragen aan de balie over de spaarfase.' }),
    );
    expect(made.mime).toBe('application/pdf');
    expect(made.fileName).toBe(`evaluatie-ronde-${round.id}.pdf`);
    const file = save(made);
    const text = pdfText(file);
    for (const heading of [
      '1. Neemt het aantal initiatieven toe?',
      '2. Bereiken we bewoners die we eerder niet bereikten?',
      '3. Zijn bewoners positief over het platform?',
      '4. Loopt het proces rond initiatieven gestructureerd?',
      'Opmerkingen',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Veel vragen aan de balie over de spaarfase.');
    expect(text).toMatch(/2 bewoners beantwoordden[\s\S]*gemiddeld 4,5/);
    expect(text).toContain('“Makkelijk, zo bij de balie.”');
    expect(text).toContain('van de 33.795 huishoudens');
    expect(text).toContain('Cijfers van één apparaat'); // a demo device alone says so
    expect(text.replace(/\u00a0/g, ' ')).toMatch(/Hele gemeente\s+€ 203\.000,00/); // the budget's municipality line
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Title:\s+Almelo Buurt Samen — evaluatie ronde/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, path.join(out, 'round-evaluation')]);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('round-evaluation')).length).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unknown round, and a clerk', async () => {
    expect(failure(await director.call('reports:round-evaluation', { roundId: '1999-1', remarks: '' })).code).toBe('NOT_FOUND');
    expect(failure(await clerk.call('reports:round-evaluation', { roundId: '1999-1', remarks: '' })).code).toBe('FORBIDDEN');
    expect(failure(await director.call('reports:round-evaluation', { roundId: 'x', remarks: 'x'.repeat(4001) })).code).toBe('VALIDATION');
  });
});

describe('the jaarverantwoording', () => {
  const year = yearOf(new Date());

  it('as XLSX: the budget sheet holds the monitor’s account, as numbers, read back by another library', async () => {
    const view = unwrap(await director.call('monitor:view', {}));
    const accounts = view.snapshot.budget.filter((a) => a.year === year);
    const file = save(unwrap(await director.call('reports:annual', { year, districtCode: null, format: 'xlsx' })));
    const sheets = await readXlsxFile(fs.readFileSync(file));
    expect(sheets.map((s) => s.sheet)).toEqual(expect.arrayContaining(['Over dit bestand', `Budget ${year}`, 'Uitgevoerd']));
    const budget = sheets.find((s) => s.sheet === `Budget ${year}`)!.data;
    expect(budget[0]).toEqual([
      'Wijk of dorp',
      'Gereserveerd',
      'Erbij geboekt',
      'Eraf geboekt',
      'Beschikbaar',
      'Opgehaald',
      'Vastgelegd',
      'Uitbetaald',
      'Teruggekomen',
      'Ruimte',
    ]);
    expect(budget).toHaveLength(1 + accounts.length + 1);
    for (const a of accounts) {
      const name = view.snapshot.areas.find((x) => x.code === a.districtCode)!.name;
      const row = budget.find((r) => r[0] === name)!;
      expect(row[1]).toBeCloseTo(a.reservedCents / 100, 2);
      expect(row[6]).toBeCloseTo(a.committedCents / 100, 2);
      expect(row[9]).toBeCloseTo(a.roomCents / 100, 2);
    }
    expect(budget.at(-1)![0]).toBe('Hele gemeente');
    expect(budget.at(-1)![1]).toBe(203_000);
    const done = sheets.find((s) => s.sheet === 'Uitgevoerd')!.data;
    expect(done[1]).toEqual(expect.arrayContaining([412.5, 'Twaalf plantenbakken geplaatst en gevuld.']));
  });

  it('as CSV: one row per cell, the same figures, UTF-8 with a byte-order mark', async () => {
    const view = unwrap(await director.call('monitor:view', {}));
    const made = unwrap(await director.call('reports:annual', { year, districtCode: null, format: 'csv' }));
    const bytes = Buffer.from(made.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as {
      tabel: string;
      rij: string;
      kolom: string;
      waarde: string;
      tekst: string;
    }[];
    const room = rows.filter((r) => r.tabel === `Budget ${year}` && r.kolom === 'Ruimte').map((r) => Number(r.waarde));
    const accounts = view.snapshot.budget.filter((a) => a.year === year);
    expect(room.slice(0, -1)).toEqual(accounts.map((a) => a.roomCents / 100));
    expect(rows.find((r) => r.tabel === 'Uitgevoerd' && r.kolom === 'Wat is gedaan')?.tekst).toBe(
      'Twaalf plantenbakken geplaatst en gevuld.',
    );
  });

  it('as PDF for one district: its account, its lines and what it carried out', async () => {
    const done = unwrap(await director.call('initiatives:list', { status: 'uitgevoerd' })).find((i) => i.number > 0 && i.title);
    const list = unwrap(await director.call('initiatives:list', {}));
    const completed = list.filter((i) => i.status === 'uitgevoerd');
    expect(completed.length).toBeGreaterThan(0);
    void done;
    const districts = unwrap(await director.call('districts:list', {}));
    const file = save(unwrap(await director.call('reports:annual', { year, districtCode: districts[0]!.code, format: 'pdf' })));
    const text = pdfText(file);
    expect(text).toContain(`jaarverantwoording ${year}, ${districts[0]!.name}`);
    expect(text).toContain(`Budget ${year}`);
    expect(text).toContain('Uitgevoerde initiatieven en hun verantwoording');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, path.join(out, 'annual-district')]);
    expect(fs.statSync(path.join(out, 'annual-district.png')).size).toBeGreaterThan(5000);
    expect(failure(await director.call('reports:annual', { year, districtCode: 'WK999999', format: 'pdf' })).code).toBe('NOT_FOUND');
  });
});
