import { describe, expect, it } from 'vitest';
import { parseVoucherCode } from '../../core/voucher-code';
import { DEMO_TOTAL_HOUSEHOLDS, DEMO_VOUCHER_COUNT, demoCodesForDisplay, demoStaff, demoVoucherCodes } from '../../services/setup/demo';
import { registryHash } from '../../services/counter/registry';
import { makeApp, setUpDevice, unwrap } from '../helpers/app';

describe('demo data on a demo device', () => {
  it("has Almelo's twelve districts with synthetic household counts adding up to 33,795", async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, true);
    const districts = unwrap(await admin.call('districts:list', {})) as {
      code: string;
      name: string;
      kind: string;
      households: number;
      householdsSynthetic: boolean;
    }[];
    expect(districts).toHaveLength(12);
    expect(
      districts
        .filter((d) => d.kind === 'dorp')
        .map((d) => d.name)
        .sort(),
    ).toEqual(['Aadorp', 'Bornerbroek']);
    expect(districts.reduce((sum, d) => sum + d.households, 0)).toBe(DEMO_TOTAL_HOUSEHOLDS);
    expect(districts.every((d) => d.householdsSynthetic && d.households > 0)).toBe(true);
  });

  it('has an open demo round whose codes are stored only as salted hashes', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, true);
    const [round] = unwrap(await admin.call('rounds:list', {})) as {
      id: string;
      valueCents: number;
      status: string;
      voucherCount: number;
      activeFrom: string;
      activeUntil: string;
    }[];
    expect(round).toMatchObject({ valueCents: 750, status: 'open', voucherCount: DEMO_VOUCHER_COUNT });
    const now = t.clock().toISOString();
    expect(round!.activeFrom < now && now < round!.activeUntil).toBe(true);

    const codes = demoVoucherCodes();
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes.slice(0, 20)) expect(parseVoucherCode(c)).toMatchObject({ ok: true, code: c });
    const sqlite = t.app.store!.sqlite;
    const salt = sqlite.prepare('SELECT registry_salt FROM rounds').pluck().get() as string;
    const stored = new Set(sqlite.prepare('SELECT code_hash FROM voucher_registry').pluck().all() as string[]);
    expect(codes.every((c) => stored.has(registryHash(salt, c)))).toBe(true);
    const dump = JSON.stringify(sqlite.prepare('SELECT * FROM voucher_registry').all());
    expect(codes.some((c) => dump.includes(c))).toBe(false);
  });

  it('has about twenty initiatives over several districts and statuses, each with sane amounts', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, true);
    const list = unwrap(await admin.call('initiatives:list', {})) as {
      districtCode: string;
      status: string;
      targetCents: number;
      collectedCents: number;
      number: number;
    }[];
    expect(list.length).toBeGreaterThanOrEqual(18);
    expect(new Set(list.map((i) => i.districtCode)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(list.map((i) => i.status)).size).toBeGreaterThanOrEqual(6);
    const funded = ['streefbedrag_behaald', 'in_uitvoering', 'uitgevoerd'];
    for (const i of list) {
      expect(i.collectedCents % 750).toBe(0);
      if (funded.includes(i.status)) expect(i.collectedCents - i.targetCents).toBeGreaterThanOrEqual(0);
      else expect(i.collectedCents).toBeLessThan(i.targetCents);
      expect(i.collectedCents - i.targetCents).toBeLessThan(750);
    }
    const collecting = unwrap(await admin.call('initiatives:list', { status: 'spaarfase', districtCode: 'WK014113' })) as {
      status: string;
    }[];
    expect(collecting.length).toBeGreaterThan(0);
    expect(collecting.every((i) => i.status === 'spaarfase')).toBe(true);
  });

  it('has a demo account for each counter and office role, with the PINs the README gives', async () => {
    const t = makeApp();
    await setUpDevice(t, true);
    const options = unwrap(await t.connect().call('staff:login-options', {})) as { id: string; name: string }[];
    for (const person of demoStaff) {
      const option = options.find((o) => o.name === person.name);
      expect(option, person.name).toBeDefined();
      expect(unwrap(await t.connect().call('session:login', { staffId: option!.id, pin: person.pin }))).toMatchObject({
        staff: { role: person.role },
      });
    }
  });

  it('is absent on a device that is not a demo device', async () => {
    const t = makeApp();
    const { admin } = await setUpDevice(t, false);
    expect(unwrap(await admin.call('rounds:list', {}))).toEqual([]);
    expect(unwrap(await admin.call('initiatives:list', {}))).toEqual([]);
    const districts = unwrap(await admin.call('districts:list', {})) as { households: number; householdsSynthetic: boolean }[];
    expect(districts.every((d) => d.households === 0 && !d.householdsSynthetic)).toBe(true);
  });

  it('shows the same demo codes every time, so the README can name them', () => {
    expect(demoCodesForDisplay(3)).toEqual(demoCodesForDisplay(3));
    expect(demoCodesForDisplay(1)[0]).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  });
});
