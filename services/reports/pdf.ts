/**
 * A report (core/report-model.ts) as an A4 PDF with pdf-lib: headings, paragraphs, tables that continue on the
 * next page with their header, and bar and line charts drawn from the same numbers as the tables beside them.
 * DejaVu Sans is embedded, so €, ë and ’ look the same everywhere; the PDF's title and language are set.
 */
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Block, ReportDoc } from '../../core/report-model.js';
import { wrap } from '../../common/pdf-text.js';

const MM = 72 / 25.4;
const WIDTH = 210 * MM;
const HEIGHT = 297 * MM;
const MARGIN = 18 * MM;
const INNER = WIDTH - 2 * MARGIN;
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.45, 0.45, 0.45);
const BAR = rgb(0.08, 0.38, 0.48);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

class Writer {
  page: PDFPage;
  y = HEIGHT - MARGIN;
  pageNo = 1;
  constructor(
    readonly pdf: PDFDocument,
    readonly fonts: Fonts,
    readonly footer: string,
  ) {
    this.page = this.newPage();
  }

  private newPage(): PDFPage {
    const page = this.pdf.addPage([WIDTH, HEIGHT]);
    const label = `${this.footer} · pagina ${this.pdf.getPageCount()}`;
    page.drawText(label, { x: MARGIN, y: MARGIN / 2, size: 8, font: this.fonts.regular, color: GREY });
    return page;
  }

  /** Make room for `height` points, on a new page if this one has not got it. */
  need(height: number): void {
    if (this.y - height < MARGIN) {
      this.page = this.newPage();
      this.y = HEIGHT - MARGIN;
    }
  }

  text(value: string, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; gapAfter?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    for (const row of wrap(value, font, size, INNER)) {
      this.need(size * 1.4);
      this.page.drawText(row, { x: MARGIN, y: this.y - size, size, font, color: options.color ?? INK });
      this.y -= size * 1.4;
    }
    this.y -= options.gapAfter ?? size * 0.6;
  }
}

/**
 * Column widths and type size for a table: numbers never wrap, headers wrap only between words, text columns
 * take what is left (wrapping where they must). The type gets smaller until the numbers fit the page.
 */
function layoutTable(block: Extract<Block, { t: 'table' }>, fonts: Fonts, pad: number): { size: number; widths: number[] } {
  const { regular, bold } = fonts;
  const all = [...block.rows, ...(block.foot ? [block.foot] : [])];
  const longestWord = (t: string, font: PDFFont, size: number) =>
    Math.max(0, ...t.split(/\s+/).map((w) => font.widthOfTextAtSize(w, size)));
  for (let size = block.columns.length > 7 ? 7.5 : 8.5; ; size -= 0.5) {
    // The foot row is bold: measured in bold.
    const natural = block.columns.map(
      (c, i) =>
        Math.max(
          longestWord(c.label, bold, size),
          ...block.rows.map((r) => regular.widthOfTextAtSize(r[i]?.text ?? '', size)),
          block.foot ? bold.widthOfTextAtSize(block.foot[i]?.text ?? '', size) : 0,
        ) +
        2 * pad,
    );
    const minimum = block.columns.map((c, i) =>
      c.numeric
        ? (natural[i] ?? 0)
        : Math.min(
            INNER * 0.3,
            Math.max(longestWord(c.label, bold, size), ...all.map((r) => longestWord(r[i]?.text ?? '', regular, size))) + 2 * pad,
          ),
    );
    const sumMin = minimum.reduce((x, y) => x + y, 0);
    if (sumMin > INNER && size > 5.5) continue;
    // What is left goes to the text columns (up to what they would like), then to every column alike.
    const widths = [...minimum];
    let left = Math.max(0, INNER - sumMin);
    const wants = block.columns.map((c, i) => (c.numeric ? 0 : Math.max(0, (natural[i] ?? 0) - (minimum[i] ?? 0))));
    const wantSum = wants.reduce((x, y) => x + y, 0);
    if (wantSum > 0) {
      const share = Math.min(1, left / wantSum);
      wants.forEach((w, i) => (widths[i] = (widths[i] ?? 0) + w * share));
      left -= wantSum * share;
    }
    const total = widths.reduce((x, y) => x + y, 0);
    return { size, widths: widths.map((w) => w + (left * w) / total) };
  }
}

function drawTable(w: Writer, block: Extract<Block, { t: 'table' }>): void {
  const pad = 3;
  const { regular, bold } = w.fonts;
  const { size, widths } = layoutTable(block, w.fonts, pad);
  const lineH = size * 1.3;
  const rowOf = (cells: string[], font: PDFFont) => cells.map((c, i) => wrap(c, font, size, (widths[i] ?? 20) - 2 * pad));
  const drawRow = (cells: string[], font: PDFFont, rule: boolean) => {
    const wrapped = rowOf(cells, font);
    const height = Math.max(...wrapped.map((r) => r.length)) * lineH + pad;
    w.need(height);
    let x = MARGIN;
    wrapped.forEach((rows, i) => {
      const numeric = block.columns[i]?.numeric ?? false;
      rows.forEach((row, k) => {
        const tw = font.widthOfTextAtSize(row, size);
        const tx = numeric ? x + (widths[i] ?? 0) - pad - tw : x + pad;
        w.page.drawText(row, { x: tx, y: w.y - size - k * lineH, size, font, color: INK });
      });
      x += widths[i] ?? 0;
    });
    w.y -= height;
    if (rule) w.page.drawLine({ start: { x: MARGIN, y: w.y + 1 }, end: { x: MARGIN + INNER, y: w.y + 1 }, thickness: 0.3, color: GREY });
  };
  const header = () =>
    drawRow(
      block.columns.map((c) => c.label),
      bold,
      true,
    );
  w.need(lineH * 4);
  header();
  for (const row of block.rows) {
    const before = w.page;
    w.need(lineH * 2);
    if (w.page !== before) header(); // continued on a new page: repeat the header
    drawRow(
      row.map((c) => c.text),
      regular,
      false,
    );
  }
  if (block.foot)
    drawRow(
      block.foot.map((c) => c.text),
      bold,
      false,
    );
  w.y -= 8;
}

function drawChart(w: Writer, block: Extract<Block, { t: 'bars' | 'line' }>): void {
  const height = 150;
  const labelSpace = 46;
  w.need(height + labelSpace + 30);
  const { regular } = w.fonts;
  const left = MARGIN + 30;
  const bottom = w.y - height;
  const width = INNER - 30;
  const max = Math.max(1, ...block.data.map((d) => d.value));
  const top = Math.ceil(max / 5) * 5 || 5;
  for (let k = 0; k <= 5; k++) {
    const value = (top / 5) * k;
    const y = bottom + (height * k) / 5;
    w.page.drawLine({ start: { x: left, y }, end: { x: left + width, y }, thickness: 0.25, color: rgb(0.8, 0.8, 0.8) });
    const label = `${value.toLocaleString('nl-NL', { maximumFractionDigits: 1 })}${block.unit}`;
    w.page.drawText(label, { x: left - 4 - regular.widthOfTextAtSize(label, 7), y: y - 2.5, size: 7, font: regular, color: GREY });
  }
  const step = width / Math.max(1, block.data.length);
  const points: { x: number; y: number }[] = [];
  block.data.forEach((d, i) => {
    const x = left + i * step;
    const h = (d.value / top) * height;
    if (block.t === 'bars') w.page.drawRectangle({ x: x + step * 0.15, y: bottom, width: step * 0.7, height: h, color: BAR });
    points.push({ x: x + step / 2, y: bottom + h });
    // Labels turned 45°, so twelve district names fit under their bars.
    w.page.drawText(d.label, { x: x + step / 2 - 2, y: bottom - 8, size: 7, font: regular, color: INK, rotate: degrees(-45) });
  });
  if (block.t === 'line') {
    points.slice(1).forEach((b, i) => {
      const a = points[i];
      if (a) w.page.drawLine({ start: a, end: b, thickness: 1.5, color: BAR });
    });
    for (const p of points) w.page.drawCircle({ x: p.x, y: p.y, size: 2, color: BAR });
  }
  w.y = bottom - labelSpace;
  w.text(block.caption, { size: 8, color: GREY });
}

export async function renderReportPdf(doc: ReportDoc, fontsDir: string, made: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setLanguage('nl-NL');
  pdf.setProducer('Buurtbalie');
  pdf.setCreator('Buurtbalie');
  const fonts = {
    regular: await pdf.embedFont(fs.readFileSync(path.join(fontsDir, 'DejaVuSans.ttf')), { subset: true }),
    bold: await pdf.embedFont(fs.readFileSync(path.join(fontsDir, 'DejaVuSans-Bold.ttf')), { subset: true }),
  };
  const w = new Writer(pdf, fonts, `${doc.title} · gemaakt ${made}`);
  w.text(doc.title, { size: 16, bold: true, gapAfter: 4 });
  w.text(doc.subtitle, { size: 9, color: GREY, gapAfter: 12 });
  for (const section of doc.sections) {
    w.need(60);
    w.text(section.heading, { size: 12.5, bold: true, gapAfter: 4 });
    for (const block of section.blocks) {
      if (block.t === 'p') w.text(block.text);
      else if (block.t === 'table') drawTable(w, block);
      else drawChart(w, block);
    }
    w.y -= 6;
  }
  return pdf.save();
}
