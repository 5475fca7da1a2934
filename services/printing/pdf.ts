/**
 * Receipt → PDF with pdf-lib: an 80 mm roll (226.77 pt wide, as long as the receipt) or A4 (day
 * reports). DejaVu Sans is embedded, so €, é, ë, ï and • look the same on every computer.
 */
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { DEFAULT_MUNICIPALITY, DEFAULT_PLATFORM, formatReceiptTime, type ReceiptDoc } from '../../core/receipt.js';
import { drawQr } from '../../common/pdf-qr.js';
import { wrap } from '../../common/pdf-text.js';

export { drawQr };

export type PdfPaper = 'roll80' | 'a4';
const MM = 72 / 25.4;

export async function renderPdf(doc: ReceiptDoc, paper: PdfPaper, fontsDir: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`${doc.platform ?? DEFAULT_PLATFORM} — ${doc.title} — bon ${doc.receiptNo}${doc.copy ? ` (kopie ${doc.copy})` : ''}`);
  pdf.setProducer('Buurtbalie');
  const regular = await pdf.embedFont(fs.readFileSync(path.join(fontsDir, 'DejaVuSans.ttf')), { subset: true });
  const bold = await pdf.embedFont(fs.readFileSync(path.join(fontsDir, 'DejaVuSans-Bold.ttf')), { subset: true });
  const width = paper === 'a4' ? 210 * MM : 80 * MM;
  const margin = paper === 'a4' ? 20 * MM : 4 * MM;
  const size = paper === 'a4' ? 11 : 8.5;
  const lead = size * 1.35;
  const inner = width - 2 * margin;

  // Lay out first (to know the roll's length), then draw.
  type Op =
    | { kind: 'text'; text: string; font: PDFFont; align: 'left' | 'center' | 'right'; size: number; newLine: boolean }
    | { kind: 'rule' }
    | { kind: 'qr'; data: string };
  const ops: Op[] = [];
  const text = (t: string, font = regular, align: 'left' | 'center' | 'right' = 'left', s = size, newLine = true) => {
    for (const row of wrap(t, font, s, inner)) ops.push({ kind: 'text', text: row, font, align, size: s, newLine });
  };
  text(doc.platform ?? DEFAULT_PLATFORM, bold, 'center', size * 1.5);
  text(doc.municipality ?? DEFAULT_MUNICIPALITY, regular, 'center');
  text(doc.servicePoint, regular, 'center');
  if (doc.copy > 0) text(`KOPIE ${doc.copy}`, bold, 'center', size * 1.3);
  text(doc.title, bold, 'center', size * 1.2);
  ops.push({ kind: 'rule' });
  ops.push({ kind: 'text', text: formatReceiptTime(doc.at), font: regular, align: 'left', size, newLine: false });
  text(`Bon ${doc.receiptNo}`, regular, 'right');
  for (const item of doc.lines) {
    if (item.t === 'rule') ops.push({ kind: 'rule' });
    else if (item.t === 'text') text(item.text, item.bold ? bold : regular, item.center ? 'center' : 'left');
    else {
      const font = item.bold ? bold : regular;
      const rightWidth = font.widthOfTextAtSize(item.right, size);
      const rows = wrap(item.left, font, size, inner - rightWidth - 6);
      rows.slice(0, -1).forEach((row) => ops.push({ kind: 'text', text: row, font, align: 'left', size, newLine: true }));
      ops.push({ kind: 'text', text: rows.at(-1) ?? '', font, align: 'left', size, newLine: false });
      ops.push({ kind: 'text', text: item.right, font, align: 'right', size, newLine: true });
    }
  }
  ops.push({ kind: 'rule' });
  if (doc.qr) {
    ops.push({ kind: 'qr', data: doc.qr.data });
    text(doc.qr.caption, regular, 'center');
  }
  for (const line of doc.footer) text(line);
  text(`${doc.deviceName} · bon ${doc.receiptNo}${doc.copy ? ` · kopie ${doc.copy}` : ''}`, regular, 'center', size * 0.85);

  const qrSize = paper === 'a4' ? 40 * MM : 30 * MM;
  const contentHeight = ops.reduce(
    (h, op) => h + (op.kind === 'rule' ? lead * 0.6 : op.kind === 'qr' ? qrSize + lead * 0.5 : op.newLine ? op.size * 1.35 : 0),
    0,
  );
  const height = paper === 'a4' ? 297 * MM : contentHeight + 2 * margin;
  let page: PDFPage = pdf.addPage([width, height]);
  let y = height - margin;
  for (const op of ops) {
    if (paper === 'a4' && y < margin + lead) {
      page = pdf.addPage([width, height]);
      y = height - margin;
    }
    if (op.kind === 'rule') {
      page.drawLine({
        start: { x: margin, y: y - lead * 0.25 },
        end: { x: width - margin, y: y - lead * 0.25 },
        thickness: 0.6,
        color: rgb(0.3, 0.3, 0.3),
      });
      y -= lead * 0.6;
    } else if (op.kind === 'qr') {
      drawQr(page, op.data, (width - qrSize) / 2, y - qrSize, qrSize);
      y -= qrSize + lead * 0.5;
    } else {
      const w = op.font.widthOfTextAtSize(op.text, op.size);
      const x = op.align === 'left' ? margin : op.align === 'right' ? width - margin - w : (width - w) / 2;
      page.drawText(op.text, { x, y: y - op.size, size: op.size, font: op.font, color: rgb(0, 0, 0) });
      if (op.newLine) y -= op.size * 1.35;
    }
  }
  return pdf.save();
}
