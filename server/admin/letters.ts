/**
 * The voucher letters as one A4 PDF (one page per address): address block, the code in large type
 * and its QR code, and a plain-Dutch explanation. DejaVu is embedded, as for receipts.
 */
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { formatEuro } from '../../core/money.js';
import { drawQr } from '../../common/pdf-qr.js';
import type { LetterLine } from './ops.js';

const MM = 72 / 25.4;

export async function lettersPdf(
  lines: readonly LetterLine[],
  valueCents: number,
  activeUntil: string,
  fontsDir: string,
  /** The municipality and its platform, as the tenant has them (tenant:create). */
  from: { municipality: string; platform: string },
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`${from.platform} — waardebonnen`);
  pdf.setProducer('Buurtbalie ledger');
  const regular = await pdf.embedFont(fs.readFileSync(path.join(fontsDir, 'DejaVuSans.ttf')), { subset: true });
  const bold = await pdf.embedFont(fs.readFileSync(path.join(fontsDir, 'DejaVuSans-Bold.ttf')), { subset: true });
  const until = new Date(activeUntil).toLocaleDateString('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
  for (const l of lines) {
    const page = pdf.addPage([210 * MM, 297 * MM]);
    const x = 25 * MM;
    let y = 297 * MM - 30 * MM;
    // y is the top of the next line: each line drops by its own size first, so large type never overlaps the line above.
    const write = (text: string, size = 11, font = regular) => {
      y -= size;
      page.drawText(text, { x, y, size, font, color: rgb(0, 0, 0) });
      y -= size * 0.45;
    };
    write(from.platform, 18, bold);
    write(from.municipality);
    y = 297 * MM - 60 * MM;
    write('Aan de bewoners van');
    write(`${l.street} ${l.houseNumber}${l.addition ? ` ${l.addition}` : ''}`);
    write(l.postcode.replace(/^(\d{4})([A-Z]{2})$/, '$1 $2'));
    y = 297 * MM - 105 * MM;
    write(`Uw waardebon van ${formatEuro(valueCents)}`, 16, bold);
    y -= 6;
    write('Geef deze bon aan een initiatief in uw buurt. Dat kan op de website,', 11);
    write('of bij de balie in een wijkcentrum. Neem deze brief mee.', 11);
    write(`De bon is geldig tot en met ${until}.`, 11);
    y -= 14;
    write('Uw code', 11, bold);
    write(l.display, 26, bold);
    drawQr(page, l.qr, 210 * MM - 25 * MM - 45 * MM, y - 25 * MM, 45 * MM);
    y -= 60 * MM;
    write('Bewaar deze brief tot u de bon heeft gegeven. Elke code telt één keer.', 10);
  }
  return pdf.save();
}
