/**
 * A report (core/report-model.ts) as a spreadsheet (XLSX, exceljs) and as CSV (csv-stringify): the same tables
 * as the PDF, with numbers as numbers. XLSX: a first sheet with the title and the text, then one sheet per
 * table (amounts in euros with a currency format, shares as percentages). CSV: one row per cell, so every table
 * fits one file: `tabel,rij,kolom,waarde,tekst` — `waarde` machine-readable (euros and shares with a decimal
 * point, counts whole), `tekst` as printed. UTF-8 with a byte-order mark, so spreadsheet programs read ë and €.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Block, Cell, ReportDoc } from '../../core/report-model.js';

type Table = Extract<Block, { t: 'table' }>;

function tablesOf(doc: ReportDoc): Table[] {
  return doc.sections.flatMap((s) => s.blocks.filter((b): b is Table => b.t === 'table'));
}

/** The machine value of a cell: euros for money, a fraction for a share, the count, or null for text. */
export function cellValue(cell: Cell): number | null {
  if (cell.value === undefined) return null;
  if (cell.kind === 'money') return cell.value / 100;
  if (cell.kind === 'permille') return cell.value / 1000;
  return cell.value;
}

function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || 'Tabel';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} ${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

export async function renderReportXlsx(doc: ReportDoc, made: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Buurtbalie';
  book.title = doc.title;
  book.created = new Date(made);
  const about = book.addWorksheet('Over dit bestand');
  about.getColumn(1).width = 120;
  about.addRow([doc.title]).font = { bold: true, size: 14 };
  about.addRow([doc.subtitle]);
  for (const section of doc.sections) {
    about.addRow([]);
    about.addRow([section.heading]).font = { bold: true };
    for (const block of section.blocks) if (block.t === 'p') about.addRow([block.text]).alignment = { wrapText: true };
  }
  const taken = new Set(['over dit bestand']);
  for (const table of tablesOf(doc)) {
    const sheet = book.addWorksheet(sheetName(table.name, taken));
    sheet.addRow(table.columns.map((c) => c.label)).font = { bold: true };
    const add = (cells: Cell[], bold: boolean) => {
      const row = sheet.addRow(cells.map((c) => cellValue(c) ?? c.text));
      cells.forEach((c, i) => {
        const target = row.getCell(i + 1);
        if (c.kind === 'money') target.numFmt = '"€" #,##0.00';
        else if (c.kind === 'permille') target.numFmt = '0.0%';
        else if (c.kind === 'count') target.numFmt = '#,##0';
      });
      if (bold) row.font = { bold: true };
    };
    for (const cells of table.rows) add(cells, false);
    if (table.foot) add(table.foot, true);
    table.columns.forEach((c, i) => {
      const longest = Math.max(c.label.length, ...table.rows.map((r) => r[i]?.text.length ?? 0));
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function renderReportCsv(doc: ReportDoc): string {
  const records: (string | number)[][] = [['tabel', 'rij', 'kolom', 'waarde', 'tekst']];
  for (const table of tablesOf(doc)) {
    const rows = table.foot ? [...table.rows, table.foot] : table.rows;
    rows.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        const value = cellValue(cell);
        records.push([table.name, r + 1, table.columns[c]?.label ?? String(c + 1), value === null ? '' : value, cell.text]);
      });
    });
  }
  return `\uFEFF${stringify(records, { record_delimiter: '\r\n' })}`;
}
