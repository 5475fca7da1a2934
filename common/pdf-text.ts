/** Text in a PDF (pdf-lib): lines that fit a width, for receipts and reports alike. */
import type { PDFFont } from 'pdf-lib';

/** Break `text` into lines no wider than `width`; a word longer than a line is broken where it must. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const rows: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(' ')) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) {
        current = next;
        continue;
      }
      if (current) rows.push(current);
      current = word;
      while (current.length > 1 && font.widthOfTextAtSize(current, size) > width) {
        let cut = current.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut -= 1;
        rows.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    rows.push(current);
  }
  return rows;
}
