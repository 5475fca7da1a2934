/**
 * Receipt → ESC/POS bytes with node-thermal-printer, for Epson-compatible and Star printers, 80 or
 * 58 mm paper. The code page is set explicitly (PC858: € = 0xD5); text outside it is spelled out
 * (ĳ → ij) or replaced, never sent as bytes the printer would show as something else.
 */
import iconv from 'iconv-lite';
import { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { DEFAULT_MUNICIPALITY, DEFAULT_PLATFORM, formatReceiptTime, type ReceiptDoc } from '../../core/receipt.js';

export type PrinterProfile = 'epson' | 'star';
export type PaperWidth = 80 | 58;

export const COLUMNS: Record<PaperWidth, number> = { 80: 48, 58: 32 };

const SPELLED: Record<string, string> = {
  ĳ: 'ij',
  Ĳ: 'IJ',
  '•': '*',
  '–': '-',
  '—': '-',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '…': '...',
  '\u00a0': ' ',
};

/** Text the printer can show in PC858. */
export function toPrinterText(text: string): string {
  let out = '';
  for (const ch of text) {
    const spelled = SPELLED[ch];
    if (spelled !== undefined) {
      out += spelled;
      continue;
    }
    const bytes = iconv.encode(ch, 'cp858');
    out += bytes.length === 1 && (bytes[0] !== 0x3f || ch === '?') ? ch : '?';
  }
  return out;
}

export interface EscPosOptions {
  profile: PrinterProfile;
  paper: PaperWidth;
  /** A PNG logo to print at the top (resources/printer/logo.png), if any. */
  logo?: Buffer | null;
}

export async function renderEscPos(doc: ReceiptDoc, options: EscPosOptions): Promise<Buffer> {
  const printer = new ThermalPrinter({
    type: options.profile === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    // Only used to build bytes; sending is ours (services/printing/transport.ts).
    interface: 'tcp://127.0.0.1:9100',
    width: COLUMNS[options.paper],
    characterSet: CharacterSet.PC858_EURO,
    removeSpecialCharacters: false,
    breakLine: BreakLine.WORD,
  });
  const line = (text: string) => printer.println(toPrinterText(text));
  printer.alignCenter();
  if (options.logo) await printer.printImageBuffer(options.logo);
  printer.bold(true);
  printer.setTextDoubleHeight();
  line(doc.platform ?? DEFAULT_PLATFORM);
  printer.setTextNormal();
  printer.bold(false);
  line(doc.municipality ?? DEFAULT_MUNICIPALITY);
  line(doc.servicePoint);
  if (doc.copy > 0) {
    printer.invert(true);
    line(` KOPIE ${doc.copy} `);
    printer.invert(false);
  }
  printer.bold(true);
  line(doc.title);
  printer.bold(false);
  printer.alignLeft();
  printer.drawLine();
  printer.leftRight(toPrinterText(formatReceiptTime(doc.at)), toPrinterText(`Bon ${doc.receiptNo}`));
  for (const item of doc.lines) {
    if (item.t === 'rule') printer.drawLine();
    else if (item.t === 'text') {
      printer.bold(item.bold ?? false);
      if (item.center) printer.alignCenter();
      line(item.text);
      printer.alignLeft();
      printer.bold(false);
    } else {
      printer.bold(item.bold ?? false);
      pair(printer, item.left, item.right, COLUMNS[options.paper]);
      printer.bold(false);
    }
  }
  printer.drawLine();
  if (doc.qr) {
    printer.alignCenter();
    printer.printQR(doc.qr.data, { cellSize: options.paper === 58 ? 5 : 6, correction: 'M', model: 2 });
    line(doc.qr.caption);
    printer.alignLeft();
  }
  for (const text of doc.footer) line(text);
  printer.alignCenter();
  line(`${doc.deviceName} · bon ${doc.receiptNo}${doc.copy > 0 ? ` · kopie ${doc.copy}` : ''}`);
  printer.cut();
  return printer.getBuffer();
}

/** Left text and right-aligned amount; a long left text wraps, the amount stays on its last line. */
function pair(printer: ThermalPrinter, left: string, right: string, columns: number): void {
  const l = toPrinterText(left);
  const r = toPrinterText(right);
  const room = Math.max(8, columns - r.length - 1);
  const words = l.split(' ');
  const rows: string[] = [];
  let current = '';
  for (const word of words) {
    if ((current + ' ' + word).trim().length > room && current) {
      rows.push(current);
      current = word;
    } else current = (current + ' ' + word).trim();
  }
  rows.push(current);
  rows.slice(0, -1).forEach((row) => printer.println(row));
  printer.leftRight(rows.at(-1) ?? '', r);
}
