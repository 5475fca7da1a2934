/**
 * Golden receipts: the exact bytes of a fixed donation receipt per printer profile and paper width.
 * A change to a receipt's bytes must be deliberate: regenerate with UPDATE_GOLDEN=1 and look at the
 * diff of the decoded text (printed below on failure).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Redemption } from '../../core/api/contract-counter';
import { donationReceipt } from '../../core/receipt';
import { renderEscPos, type PaperWidth, type PrinterProfile } from '../../services/printing/escpos';
import { decodeReceipt } from '../helpers/fake-printer';
import { root } from '../helpers/app';

const redemption: Redemption = {
  id: '00000000-0000-4000-8000-000000000001',
  createdAt: '2026-11-22T14:05:00.000Z',
  businessDay: '2026-11-22',
  masked: '7K3M-••••-••BD-R',
  roundId: '2026-2',
  valueCents: 750,
  servicePoint: 'Wijkcentrum De Schelf',
  staffName: 'Demo Baliemedewerker',
  needsConfirmation: false,
  intakeId: null,
  reversed: false,
  ledgerState: null,
  receiptNo: 42,
  parts: [{ initiativeId: 'i', number: 1001, title: 'Bankjes bij de vijver (één voor ouderen)', amountCents: 750 }],
};
const doc = donationReceipt(
  {
    receiptNo: 42,
    servicePoint: 'Café De Ruïne',
    deviceName: 'Balie 1',
    staffName: 'Demo Baliemedewerker',
    platformUrl: 'https://www.almelobuurtsamen.nl',
    platform: 'Almelo Buurt Samen',
    municipality: 'Gemeente Almelo',
  },
  redemption,
);
const logo = fs.readFileSync(path.join(root, 'resources', 'printer', 'logo.png'));

describe('golden receipt bytes', () => {
  for (const [profile, paper] of [
    ['epson', 80],
    ['epson', 58],
    ['star', 80],
  ] as [PrinterProfile, PaperWidth][]) {
    it(`${profile}, ${paper} mm`, async () => {
      const bytes = await renderEscPos(doc, { profile, paper, logo });
      const file = path.join(root, 'tests', 'golden', `donation-${profile}-${paper}.bin`);
      if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, bytes);
      const golden = fs.readFileSync(file);
      if (!bytes.equals(golden)) expect(decodeReceipt(bytes)).toBe(decodeReceipt(golden));
      expect(bytes.equals(golden)).toBe(true);
    });
  }
});
