/** A QR code drawn as vector squares on a pdf-lib page: receipts on the device, letters at the ledger. */
import QRCode from 'qrcode';
import { rgb, type PDFPage } from 'pdf-lib';

export function drawQr(page: PDFPage, data: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col))
        page.drawRectangle({ x: x + (col + 4) * cell, y: y + size - (row + 5) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
}
