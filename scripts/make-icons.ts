/**
 * `npx tsx scripts/make-icons.ts`: draws the application icon (resources/installer/icon.png, 512 × 512) from code,
 * so it can be changed without a drawing program. electron-builder makes the Windows .ico and the Linux sizes
 * from it. A house (a neighbourhood initiative) with a coin (the voucher) on the municipality's blue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const SIZE = 512;
const png = new PNG({ width: SIZE, height: SIZE });
type Rgba = [number, number, number, number];
const blue: Rgba = [0x1f, 0x4e, 0x79, 255];
const white: Rgba = [255, 255, 255, 255];
const gold: Rgba = [0xf2, 0xb7, 0x05, 255];
const clear: Rgba = [0, 0, 0, 0];

const inRoundedSquare = (x: number, y: number) => {
  const r = 96;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inRoof = (x: number, y: number) => y >= 110 && y <= 250 && Math.abs(x - 230) <= (y - 110) * 1.15;
const inBody = (x: number, y: number) => x >= 120 && x <= 340 && y >= 245 && y <= 410;
const inDoor = (x: number, y: number) => x >= 200 && x <= 260 && y >= 320 && y <= 410;
const inCoin = (x: number, y: number) => (x - 360) ** 2 + (y - 340) ** 2 <= 78 ** 2;
const inCoinRing = (x: number, y: number) => inCoin(x, y) && (x - 360) ** 2 + (y - 340) ** 2 >= 60 ** 2;

for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    let c: Rgba = clear;
    if (inRoundedSquare(x, y)) c = blue;
    if (inRoof(x, y) || inBody(x, y)) c = white;
    if (inDoor(x, y)) c = blue;
    if (inCoin(x, y)) c = inCoinRing(x, y) ? white : gold;
    png.data.set(c, (y * SIZE + x) * 4);
  }
}
const out = path.join(__dirname, '..', 'resources', 'installer', 'icon.png');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, PNG.sync.write(png));
process.stdout.write(`Wrote ${out}\n`);
