/**
 * Demo data for a demo device: Almelo's twelve districts with synthetic household counts, a demo
 * round with demo voucher codes (as salted hashes), demo initiatives and one demo account per role.
 * Nothing here is real personal data, and the UI says the household counts are made up.
 */
import { eq } from 'drizzle-orm';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { apportion } from '../../core/money.js';
import { generateVoucherCode, formatVoucherCode, type CanonicalCode } from '../../core/voucher-code.js';
import type { Role } from '../../core/roles.js';
import { districts, initiatives } from '../../db/schema.js';
import { REGISTRY_FORMAT, type RegistryFile } from '../../core/registry-file.js';
import { registryHash, writeRegistry } from '../counter/index.js';
import type { Tx } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { demoInitiatives } from '../../core/demo-initiatives.js';
import { parseDistrictsCsv, type DistrictLine } from '../../core/districts-csv.js';
import { staff } from '../../db/schema.js';
import { prepareStaffRow } from '../staff/index.js';

/** From the council's figures: 2 × €7.50 × households = €506,925 (shared/data/README.md). */
export const DEMO_TOTAL_HOUSEHOLDS = 33_795;
export const DEMO_VOUCHER_COUNT = 600;
export const DEMO_ROUND_VALUE_CENTS = 750;
/** From the council's figures: € 203,000 reserved for vouchers (shared/data/README.md), spread like the households. */
export const DEMO_RESERVED_CENTS = 20_300_000;

/** Invented weights: bigger numbers for the larger districts, small for the villages. */
const householdWeights: Record<string, number> = {
  WK014110: 6,
  WK014111: 9,
  WK014112: 10,
  WK014113: 11,
  WK014114: 8,
  WK014115: 9,
  WK014116: 12,
  WK014117: 10,
  WK014118: 11,
  WK014119: 7,
  WK014120: 2,
  WK014121: 2,
};

export const demoStaff: readonly { name: string; role: Role; pin: string }[] = [
  { name: 'Demo Baliemedewerker', role: 'baliemedewerker', pin: '24680' },
  { name: 'Demo Wijkondersteuner', role: 'wijkondersteuner', pin: '13579' },
  { name: 'Demo Wijkregisseur', role: 'wijkregisseur', pin: '97531' },
];

export { parseDistrictsCsv, type DistrictLine };

/**
 * Demo voucher codes are derived from a fixed seed so the README and tests can name a few; real
 * codes come from a secure random source (generateVoucherCode's default).
 */
export function demoVoucherCodes(count = DEMO_VOUCHER_COUNT): CanonicalCode[] {
  return Array.from({ length: count }, (_, i) =>
    generateVoucherCode((bytes) => {
      bytes.set(createHmac('sha256', 'buurtbalie-demo').update(String(i)).digest().subarray(0, bytes.length));
      return bytes;
    }),
  );
}

/** The demo round as a registry file: the same format and import path as a real round. */
export function demoRegistryFile(now: Date, districtCodes: readonly string[]): RegistryFile {
  const round = demoRoundWindow(now);
  const salt = randomBytes(16).toString('hex');
  return {
    format: REGISTRY_FORMAT,
    version: 1,
    asOf: now.toISOString(),
    round: { ...round, valueCents: DEMO_ROUND_VALUE_CENTS, status: 'open' },
    salt,
    vouchers: demoVoucherCodes().map((code, i) => ({ h: registryHash(salt, code), d: districtCodes[i % districtCodes.length] ?? '' })),
    usedElsewhere: [],
  };
}

/** The demo round: open from last month until three months from now, named after its half year. */
export function demoRoundWindow(now: Date): { id: string; activeFrom: string; activeUntil: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const from = new Date(Date.UTC(y, m - 1, 1));
  const until = new Date(Date.UTC(y, m + 3, 1) - 1000);
  return { id: `${y}-${m < 6 ? 1 : 2}`, activeFrom: from.toISOString(), activeUntil: until.toISOString() };
}

/**
 * Returns a writer to run inside the caller's transaction (setup writes the device, the first
 * beheerder and the demo data atomically). The slow part, hashing PINs, happens before.
 */
export async function prepareDemoData(clock: Clock, districtsCsv: string): Promise<(tx: Tx) => void> {
  const now = clock();
  const lines = parseDistrictsCsv(districtsCsv);
  const households = apportion(
    DEMO_TOTAL_HOUSEHOLDS,
    lines.map((d) => householdWeights[d.code] ?? 8),
  );
  const budgets = apportion(DEMO_RESERVED_CENTS, households);
  const staffRows = await Promise.all(demoStaff.map((person) => prepareStaffRow(clock, person)));
  const registry = demoRegistryFile(
    now,
    lines.map((d) => d.code),
  );
  return (tx) => {
    for (const row of staffRows) tx.insert(staff).values(row).run();
    lines.forEach((d, i) =>
      tx
        .update(districts)
        .set({ households: households[i] ?? 0, householdsSynthetic: true, budgetCents: budgets[i] ?? 0 })
        .where(eq(districts.code, d.code))
        .run(),
    );
    writeRegistry(tx, registry);
    demoInitiatives.forEach((item, i) => {
      // Whole vouchers only: still collecting stays below the target, funded reaches or just passes it.
      const vouchers =
        item.collected >= 1
          ? Math.ceil(item.targetCents / DEMO_ROUND_VALUE_CENTS)
          : Math.floor((item.targetCents * item.collected) / DEMO_ROUND_VALUE_CENTS);
      const collected = vouchers * DEMO_ROUND_VALUE_CENTS;
      tx.insert(initiatives)
        .values({
          id: randomUUID(),
          number: 1001 + i,
          title: item.title,
          summary: item.summary,
          districtCode: item.district,
          theme: item.theme,
          status: item.status,
          targetCents: item.targetCents,
          collectedCents: collected,
          deadline: new Date(now.getTime() + item.days * 86_400_000).toISOString().slice(0, 10),
          volunteersNeeded: item.volunteersNeeded ?? 0,
          volunteerTasks: item.volunteerTasks ?? '',
          materialsWanted: item.materialsWanted ?? '',
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        })
        .run();
    });
  };
}

/** For the README and `npm run demo:codes`: a few demo codes as people see them. */
export function demoCodesForDisplay(count: number): string[] {
  return demoVoucherCodes(count).map(formatVoucherCode);
}
