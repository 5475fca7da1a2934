/**
 * The ledger's accountability figures against a fixture computed by hand (docs/budget.md): ten synthetic
 * addresses in two districts and two buurten, two rounds, donations pushed by simulated devices through
 * the real push route (one voucher twice: contested, counts once), a reservation, a transfer and a payout
 * through the ledger's own budget code, and the monitor's figures as `GET /v1/monitor` serves them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { freshLedger, SimDevice, type TestLedger } from '../helpers/ledger';
import { addInitiative, generateCodes, importAddresses, upsertRound } from '../../server/admin/ops';
import { BudgetRefusal, budgetAccountsOf, budgetLines, recordPayout, reserve, transfer } from '../../server/ledger/budget';
import { monitorSnapshot } from '../../server/ledger/monitor';
import { addresses, vouchers } from '../../server/db/schema';
import { monitorSnapshotSchema, type MonitorSnapshot } from '../../core/monitor';
import { yearOf } from '../../core/business-day';

const A = 'WK014110'; // addresses 1–6: buurt BU01411001 (1–4) and BU01411002 (5–6)
const B = 'WK014111'; // addresses 7–10, no buurt known
let ledger: TestLedger;
let x: { id: string; number: number };
let y: { id: string; number: number };
const year = yearOf(new Date());
const beheerder = { actor: 'beheerder test' };

async function codeHashOf(roundId: string, houseNumber: number): Promise<string> {
  const [row] = await ledger.db
    .select({ h: vouchers.codeHash })
    .from(vouchers)
    .innerJoin(addresses, eq(addresses.id, vouchers.addressId))
    .where(and(eq(vouchers.tenantId, ledger.tenantId), eq(vouchers.roundId, roundId), eq(addresses.houseNumber, houseNumber)));
  if (!row) throw new Error(`no voucher for address ${houseNumber} in ${roundId}`);
  return row.h;
}

beforeAll(async () => {
  ledger = await freshLedger();
  const lines = ['postcode,house_number,addition,street,buurt_code,district_code'];
  for (let i = 1; i <= 10; i++)
    lines.push(`7601AB,${i},,Teststraat (synthetisch),${i <= 4 ? 'BU01411001' : i <= 6 ? 'BU01411002' : ''},${i <= 6 ? A : B}`);
  await importAddresses(ledger.db, ledger.tenantId, lines.join('\n'));
  await upsertRound(ledger.db, ledger.tenantId, {
    id: '2026-1',
    valueCents: 750,
    activeFrom: '2026-01-01T00:00:00Z',
    activeUntil: '2026-06-30T00:00:00Z',
    status: 'closed',
  });
  await upsertRound(ledger.db, ledger.tenantId, {
    id: '2026-2',
    valueCents: 750,
    activeFrom: '2026-07-01T00:00:00Z',
    activeUntil: '2027-06-30T00:00:00Z',
    status: 'open',
  });
  await generateCodes(ledger.db, ledger.tenantId, '2026-1');
  await generateCodes(ledger.db, ledger.tenantId, '2026-2');
  const base = { summary: 'Voor de test.', theme: 'groen' as const, deadline: '2027-06-01' };
  x = await addInitiative(ledger.db, ledger.tenantId, { ...base, title: 'X', districtCode: A, status: 'spaarfase', targetCents: 10_000 });
  y = await addInitiative(ledger.db, ledger.tenantId, {
    ...base,
    title: 'Y',
    districtCode: B,
    status: 'streefbedrag_behaald',
    targetCents: 1_500,
  });

  const one = await new SimDevice('Balie 1').enrol(ledger);
  const two = await new SimDevice('Balie 2').enrol(ledger);
  const give = async (device: SimDevice, roundId: string, house: number, initiativeId: string, at: string) => {
    const res = await device.push(ledger, [device.donation(roundId, await codeHashOf(roundId, house), initiativeId, 750, at)]);
    expect(res.statusCode).toBe(200);
    return (res.json() as { results: { outcome: string }[] }).results[0]!.outcome;
  };
  expect(await give(one, '2026-1', 1, x.id, '2026-03-02T10:00:00Z')).toBe('accepted');
  expect(await give(one, '2026-1', 2, x.id, '2026-03-02T11:00:00Z')).toBe('accepted');
  expect(await give(one, '2026-1', 7, y.id, '2026-03-03T09:00:00Z')).toBe('accepted');
  expect(await give(one, '2026-2', 1, x.id, '2026-09-01T10:00:00Z')).toBe('accepted');
  expect(await give(one, '2026-2', 3, x.id, '2026-09-01T21:30:00Z')).toBe('accepted'); // 23:30 in Almelo (UTC+2): still 1 September
  expect(await give(one, '2026-2', 5, x.id, '2026-09-02T10:00:00Z')).toBe('accepted');
  expect(await give(one, '2026-2', 8, y.id, '2026-09-02T12:00:00Z')).toBe('accepted');
  // The same voucher at a second counter: contested, counts nowhere.
  expect(await give(two, '2026-2', 3, x.id, '2026-09-03T10:00:00Z')).toBe('contested');
});
afterAll(async () => {
  await ledger?.drop();
});

describe('the budget account at the ledger', () => {
  it('reserves, transfers and pays out, each a line with who and why, and computes the account by hand’s figures', async () => {
    await reserve(ledger.db, ledger.tenantId, { year, districtCode: A, totalCents: 15_000, reason: 'Raadsbesluit reservering' }, beheerder);
    await reserve(ledger.db, ledger.tenantId, { year, districtCode: B, totalCents: 5_000, reason: 'Raadsbesluit reservering' }, beheerder);
    await transfer(ledger.db, ledger.tenantId, { year, from: A, to: B, amountCents: 2_000, reason: 'Meer vraag in De Riet' }, beheerder);
    await recordPayout(ledger.db, ledger.tenantId, { initiativeNumber: y.number, amountCents: 1_500, reference: 'BETAAL-0001' }, beheerder);

    const accounts = await budgetAccountsOf(ledger.db, ledger.tenantId);
    // A: 150,00 reserved − 20,00 out = 130,00; X collects (target 100,00 bound); room 30,00.
    expect(accounts.find((a) => a.year === year && a.districtCode === A)).toMatchObject({
      reservedCents: 15_000,
      transferredOutCents: 2_000,
      availableCents: 13_000,
      collectedCents: 3_750,
      committedCents: 10_000,
      paidOutCents: 0,
      roomCents: 3_000,
    });
    // B: 50,00 + 20,00 in = 70,00; Y funded with 15,00 and paid: nothing bound, 15,00 spent; room 55,00.
    expect(accounts.find((a) => a.year === year && a.districtCode === B)).toMatchObject({
      availableCents: 7_000,
      collectedCents: 1_500,
      committedCents: 0,
      paidOutCents: 1_500,
      roomCents: 5_500,
    });
    const lines = await budgetLines(ledger.db, ledger.tenantId, year);
    expect(lines.map((l) => [l.kind, l.amountCents, l.reason])).toEqual([
      ['reservation', 15_000, 'Raadsbesluit reservering'],
      ['reservation', 5_000, 'Raadsbesluit reservering'],
      ['transfer', 2_000, 'Meer vraag in De Riet'],
      ['payout', 1_500, `Uitbetaling initiatief ${y.number}`],
    ]);
    expect(lines.every((l) => l.actor === 'beheerder test')).toBe(true);
  });

  it('a new reservation writes only the difference; the same total writes nothing', async () => {
    const again = await reserve(ledger.db, ledger.tenantId, { year, districtCode: A, totalCents: 15_000, reason: 'Nogmaals' }, beheerder);
    expect(again.changeCents).toBe(0);
    const lower = await reserve(
      ledger.db,
      ledger.tenantId,
      { year, districtCode: A, totalCents: 14_000, reason: 'Correctie raad' },
      beheerder,
    );
    expect(lower.changeCents).toBe(-1_000);
    const a = (await budgetAccountsOf(ledger.db, ledger.tenantId)).find((x) => x.year === year && x.districtCode === A);
    expect(a?.roomCents).toBe(2_000);
  });

  it('refuses what the rules do not allow, with a stable code, and writes nothing', async () => {
    const before = (await budgetLines(ledger.db, ledger.tenantId)).length;
    const code = async (run: () => Promise<unknown>) => {
      try {
        await run();
        return 'allowed';
      } catch (error) {
        if (error instanceof BudgetRefusal) return error.code;
        throw error;
      }
    };
    const t = { year, from: A, to: B, amountCents: 2_001, reason: 'Te veel gevraagd' };
    expect(await code(() => transfer(ledger.db, ledger.tenantId, t, beheerder))).toBe('no-room');
    expect(await code(() => transfer(ledger.db, ledger.tenantId, { ...t, amountCents: 100, to: 'WK999999' }, beheerder))).toBe(
      'unknown-district',
    );
    expect(await code(() => transfer(ledger.db, ledger.tenantId, { ...t, amountCents: 100, reason: '' }, beheerder))).toBe('reason');
    const pay = { initiativeNumber: y.number, amountCents: 1, reference: 'BETAAL-0002' };
    expect(await code(() => recordPayout(ledger.db, ledger.tenantId, pay, beheerder))).toBe('not-payable'); // paid in full
    expect(await code(() => recordPayout(ledger.db, ledger.tenantId, { ...pay, initiativeNumber: x.number }, beheerder))).toBe(
      'not-payable', // still collecting
    );
    expect(await code(() => recordPayout(ledger.db, ledger.tenantId, { ...pay, reference: 'BETAAL-0001' }, beheerder))).toBe('reference');
    expect(await code(() => recordPayout(ledger.db, ledger.tenantId, { ...pay, initiativeNumber: 99_999 }, beheerder))).toBe(
      'unknown-initiative',
    );
    expect(
      await code(() =>
        reserve(ledger.db, ledger.tenantId, { year, districtCode: 'WK999999', totalCents: 1, reason: 'Onbekende wijk' }, beheerder),
      ),
    ).toBe('unknown-district');
    expect((await budgetLines(ledger.db, ledger.tenantId)).length).toBe(before);
  });

  it('two transfers at once cannot both spend the same room', async () => {
    const t = { year, from: A, to: B, amountCents: 1_500, reason: 'Gelijktijdig verzoek' };
    const outcomes = await Promise.allSettled([
      transfer(ledger.db, ledger.tenantId, t, beheerder),
      transfer(ledger.db, ledger.tenantId, t, beheerder),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const a = (await budgetAccountsOf(ledger.db, ledger.tenantId)).find((x) => x.year === year && x.districtCode === A);
    expect(a?.roomCents).toBe(500);
  });
});

describe('the monitor’s figures', () => {
  let snapshot: MonitorSnapshot;
  beforeAll(async () => {
    snapshot = await monitorSnapshot(ledger.db, ledger.tenantId);
  });
  const round = (id: string) => snapshot.rounds.find((r) => r.id === id)!;
  const fig = (id: string, area: string) => round(id).figures.find((f) => f.area === area);

  it('households per district and buurt come from the address import', () => {
    const h = Object.fromEntries(snapshot.areas.map((a) => [a.code, a.households]));
    expect(h).toMatchObject({ [A]: 6, [B]: 4, BU01411001: 4, BU01411002: 2, WK014112: 0 });
    expect(snapshot.areas.find((a) => a.code === 'BU01411001')).toMatchObject({ kind: 'buurt', districtCode: A });
    expect(fig('2026-2', '*')?.households).toBe(10);
  });

  it('vouchers used count once per voucher (the contested one not), by the voucher’s own area', () => {
    expect(fig('2026-1', '*')).toMatchObject({ vouchersUsed: 3, counter: 3, website: 0, firstTimers: 3 });
    expect(fig('2026-2', '*')).toMatchObject({ vouchersUsed: 4, counter: 4, firstTimers: 3 });
    expect(fig('2026-2', A)).toMatchObject({ households: 6, vouchersUsed: 3, firstTimers: 2 });
    expect(fig('2026-2', B)).toMatchObject({ households: 4, vouchersUsed: 1, firstTimers: 1 });
    expect(fig('2026-2', 'BU01411001')).toMatchObject({ households: 4, vouchersUsed: 2, firstTimers: 1 });
    expect(fig('2026-2', 'BU01411002')).toMatchObject({ households: 2, vouchersUsed: 1, firstTimers: 1 });
    expect(round('2026-2').vouchersIssued).toBe(10);
  });

  it('the activation curve counts by the day in Almelo the voucher was given', () => {
    expect(round('2026-2').curve).toEqual([
      { day: '2026-09-01', used: 2 },
      { day: '2026-09-02', used: 4 },
    ]);
    expect(round('2026-1').curve).toEqual([
      { day: '2026-03-02', used: 2 },
      { day: '2026-03-03', used: 3 },
    ]);
  });

  it('new initiatives count in the round they were registered in', () => {
    expect(fig('2026-2', '*')?.newInitiatives).toBe(2);
    expect(fig('2026-2', A)?.newInitiatives).toBe(1);
    expect(fig('2026-1', '*')?.newInitiatives).toBe(0);
  });

  it('carries the budget account and its lines, with the role and never a name', () => {
    expect(snapshot.budget.find((a) => a.year === year && a.districtCode === A)?.roomCents).toBe(500);
    expect(snapshot.budgetLines.map((l) => l.by)).toEqual(Array(snapshot.budgetLines.length).fill('beheerder'));
    expect(JSON.stringify(snapshot)).not.toContain('Teststraat');
    expect(JSON.stringify(snapshot)).not.toContain('beheerder test');
  });

  it('is served to an enrolled device, signed like a pull; refused without a signature', async () => {
    const device = await new SimDevice('Monitor').enrol(ledger);
    const res = await ledger.server.inject({ method: 'GET', url: '/v1/monitor', headers: device.headers('GET', '/v1/monitor', '') });
    expect(res.statusCode).toBe(200);
    const served = monitorSnapshotSchema.parse(res.json());
    expect(served.rounds.map((r) => r.figures.find((f) => f.area === '*')?.vouchersUsed)).toEqual([3, 4]);
    const unsigned = await ledger.server.inject({ method: 'GET', url: '/v1/monitor' });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ code: expect.any(String) });
  });
});
