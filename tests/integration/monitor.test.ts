/**
 * The monitor on a device: alone (demo), it computes the figures from its own data with the definitions of
 * core/budget.ts and core/monitor.ts; enrolled, it shows the central ledger's figures as of its last sync,
 * households from the ledger's address import included. Only monitoring roles see either.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DEMO_RESERVED_CENTS, DEMO_TOTAL_HOUSEHOLDS } from '../../services/setup/demo';
import { counterFixture, failure, unwrap, type TestApp } from '../helpers/app';
import { enrolledDevice, listeningLedger, type Device } from '../helpers/devices';
import { reserve } from '../../server/ledger/budget';
import { initiativeClaim, totalAccount } from '../../core/budget';
import { yearOf } from '../../core/business-day';
import { ledgerMonitor } from '../../db/schema';
import type { TestLedger } from '../helpers/ledger';

const apps: TestApp[] = [];
const devices: Device[] = [];
let ledger: TestLedger | undefined;
afterAll(async () => {
  for (const t of apps) t.app.close();
  await ledger?.drop();
});

describe('the monitor on a device alone (demo)', () => {
  it('computes the budget account from its own initiatives; a passed deadline frees exactly the target', async () => {
    const { t, clerk, directorId } = await counterFixture();
    apps.push(t);
    expect(failure(await clerk.call('monitor:view', {})).code).toBe('FORBIDDEN');
    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    const view = unwrap(await director.call('monitor:view', {}));
    expect(view.source).toBe('device');
    if (view.source !== 'device') return;
    expect(view.householdsSynthetic).toBe(true);
    const year = yearOf(t.clock());
    const accounts = view.snapshot.budget.filter((a) => a.year === year);
    expect(accounts).toHaveLength(12);
    expect(totalAccount(accounts, year).reservedCents).toBe(DEMO_RESERVED_CENTS);
    expect(view.snapshot.areas.reduce((s, a) => s + a.households, 0)).toBe(DEMO_TOTAL_HOUSEHOLDS);

    // The same definitions as the ledger's: the committed figure is the claims of the district's initiatives.
    const all = unwrap(await director.call('initiatives:list', {}));
    for (const a of accounts) {
      const mine = all.filter(
        (i) => i.districtCode === a.districtCode && !['concept', 'ingediend', 'in_beoordeling', 'afgewezen'].includes(i.status),
      );
      expect(a.committedCents).toBe(mine.reduce((s, i) => s + initiativeClaim({ ...i, budgetYear: year }), 0));
      expect(a.roomCents).toBe(a.availableCents - a.committedCents - a.paidOutCents);
    }

    // A saving deadline that passes: the initiative binds nothing; what it collected is reported as came back.
    const collecting = all.find((i) => i.status === 'spaarfase' && i.collectedCents > 0)!;
    const before = accounts.find((a) => a.districtCode === collecting.districtCode)!;
    t.app.store!.sqlite.prepare(`UPDATE initiatives SET deadline = '2020-01-01' WHERE id = ?`).run(collecting.id);
    const { expireDeadlines } = await import('../../services/initiatives/lifecycle');
    expect(expireDeadlines(t.app.store!.db, t.clock)).toBeGreaterThan(0);
    const afterView = unwrap(await director.call('monitor:view', {}));
    const after = afterView.snapshot.budget.find((a) => a.year === year && a.districtCode === collecting.districtCode)!;
    expect(after.committedCents).toBe(before.committedCents - Math.max(collecting.targetCents, collecting.collectedCents));
    expect(after.cameBackCents).toBe(before.cameBackCents + collecting.collectedCents);
    expect(after.roomCents - before.roomCents).toBe(Math.max(collecting.targetCents, collecting.collectedCents));
  });

  it('counts the device’s own donations per round and district, and new initiatives', async () => {
    const { t, clerk, directorId, initiatives } = await counterFixture();
    apps.push(t);
    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    const { demoVoucherCodes } = await import('../../services/setup/demo');
    const { formatVoucherCode } = await import('../../core/voucher-code');
    const before = unwrap(await director.call('monitor:view', {})).snapshot.rounds[0]!;
    const used = (r: typeof before) => r.figures.find((f) => f.area === '*')!.vouchersUsed;
    for (const code of demoVoucherCodes(3)) {
      const check = unwrap(await clerk.call('vouchers:check', { code: formatVoucherCode(code) }));
      if (check.status !== 'valid') continue;
      unwrap(
        await clerk.call('vouchers:redeem', {
          code: formatVoucherCode(code),
          parts: [{ initiativeId: initiatives[0]!.id, amountCents: 750 }],
        }),
      );
    }
    const after = unwrap(await director.call('monitor:view', {})).snapshot.rounds[0]!;
    expect(used(after)).toBe(used(before) + 3);
    expect(after.curve.at(-1)?.used).toBe(used(after));
  });
});

describe('what residents think (evaluation point 3)', () => {
  it('the one-tap answer and a staff remark are anonymous events, counted per round on the monitor', async () => {
    const { t, clerk, directorId } = await counterFixture();
    apps.push(t);
    unwrap(await clerk.call('feedback:give', { score: 4 }));
    unwrap(await clerk.call('feedback:give', { score: 5 }));
    unwrap(await clerk.call('feedback:remark', { text: 'Fijn dat het ook zonder computer kan.' }));
    expect(failure(await clerk.call('feedback:give', { score: 6 })).code).toBe('VALIDATION');
    expect(failure(await clerk.call('feedback:remark', { text: ' ' })).code).toBe('VALIDATION');
    // No staff member and no donation in the events: the answer cannot be traced to anyone.
    const events = t.app.store!.sqlite.prepare(`SELECT staff_id, payload FROM outbox WHERE type LIKE 'feedback.%'`).all() as {
      staff_id: string | null;
      payload: string;
    }[];
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.staff_id === null && !e.payload.includes('redemption'))).toBe(true);
    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    const view = unwrap(await director.call('monitor:view', {}));
    const open = view.snapshot.rounds.find((r) => r.status === 'open')!;
    expect(view.snapshot.satisfaction).toEqual([{ roundId: open.id, perScore: [0, 0, 0, 1, 1] }]);
    expect(view.snapshot.remarks.map((r) => r.text)).toEqual(['Fijn dat het ook zonder computer kan.']);
    // A device alone cannot move budget: the ledger keeps the account.
    expect(
      failure(
        await director.call('budget:transfer', { year: 2026, from: 'WK014110', to: 'WK014111', amountCents: 100, reason: 'Proberen' }),
      ).code,
    ).toBe('CONFLICT');
  });
});

describe('the monitor on an enrolled device', () => {
  it('shows the ledger’s figures as of its last sync, with the ledger’s households', async () => {
    const listening = await listeningLedger(30);
    ledger = listening.ledger;
    const year = yearOf(new Date());
    await reserve(
      ledger.db,
      ledger.tenantId,
      { year, districtCode: 'WK014113', totalCents: 50_000, reason: 'Raadsbesluit reservering' },
      { actor: 'beheerder test' },
    );
    const device = await enrolledDevice(ledger, listening.url, 'Monitor', apps);
    devices.push(device);
    const view = unwrap(await device.director.call('monitor:view', {}));
    expect(view.source).toBe('ledger');
    if (view.source !== 'ledger') return;
    expect(Date.parse(view.fetchedAt)).toBeGreaterThan(0);
    // 30 synthetic addresses spread over the twelve districts by the seed; the device never had addresses.
    expect(view.snapshot.areas.filter((a) => a.kind !== 'buurt').reduce((s, a) => s + a.households, 0)).toBe(30);
    const districts = unwrap(await device.director.call('districts:list', {}));
    expect(districts.reduce((s, d) => s + d.households, 0)).toBe(30);
    expect(districts.every((d) => !d.householdsSynthetic)).toBe(true);
    expect(view.snapshot.budget.find((a) => a.year === year && a.districtCode === 'WK014113')).toMatchObject({
      reservedCents: 50_000,
      committedCents: 1_000_000,
    });
    expect(view.snapshot.budgetLines[0]).toMatchObject({ kind: 'reservation', by: 'beheerder', reason: 'Raadsbesluit reservering' });

    // A donation at this counter reaches the ledger's figures on the next sync.
    const check = unwrap(await device.clerk.call('vouchers:check', { code: listening.codes[0]! }));
    expect(check.status).toBe('valid');
    unwrap(
      await device.clerk.call('vouchers:redeem', {
        code: listening.codes[0]!,
        parts: [{ initiativeId: listening.initiativeId, amountCents: 750 }],
      }),
    );
    await device.t.app.sync!.run();
    const synced = unwrap(await device.director.call('monitor:view', {}));
    expect(synced.snapshot.rounds[0]!.figures.find((f) => f.area === '*')).toMatchObject({ vouchersUsed: 1, counter: 1, firstTimers: 1 });
  });

  it('a wijkregisseur moves budget: checked against the last figures, decided by the ledger, refused in words when stale', async () => {
    const device = devices.at(-1)!;
    const year = yearOf(new Date());
    await reserve(
      ledger!.db,
      ledger!.tenantId,
      { year, districtCode: 'WK014110', totalCents: 20_000, reason: 'Raadsbesluit reservering' },
      { actor: 'beheerder test' },
    );
    unwrap(await device.clerk.call('feedback:give', { score: 3 }));
    await device.t.app.sync!.run();
    // The answer reached the ledger and came back in its figures, in the round of its day.
    const counted = unwrap(await device.director.call('monitor:view', {}));
    expect(counted.source).toBe('ledger');
    expect(counted.snapshot.satisfaction).toEqual([{ roundId: '2026-2', perScore: [0, 0, 1, 0, 0] }]);
    // Sluitersveld has bound more than it has (a € 10.000 target against € 500): the device says so at once.
    const refused = failure(
      await device.director.call('budget:transfer', {
        year,
        from: 'WK014113',
        to: 'WK014110',
        amountCents: 100,
        reason: 'Terug naar Binnenstad',
      }),
    );
    expect(refused).toMatchObject({ code: 'VALIDATION', details: { problem: 'no-room' } });
    expect(
      failure(await device.clerk.call('budget:transfer', { year, from: 'WK014110', to: 'WK014113', amountCents: 100, reason: 'Proberen' }))
        .code,
    ).toBe('FORBIDDEN');
    unwrap(
      await device.director.call('budget:transfer', {
        year,
        from: 'WK014110',
        to: 'WK014113',
        amountCents: 5_000,
        reason: 'Sluitersveld spaart voor een speeltuin',
      }),
    );
    await device.t.app.sync!.run();
    const view = unwrap(await device.director.call('monitor:view', {}));
    expect(view.snapshot.budgetLines.at(-1)).toMatchObject({
      kind: 'transfer',
      amountCents: 5_000,
      by: 'wijkregisseur',
      toDistrictCode: 'WK014113',
    });
    expect(view.snapshot.budget.find((a) => a.year === year && a.districtCode === 'WK014110')?.roomCents).toBe(15_000);

    // The council lowers Binnenstad's reservation at the ledger; this device still has the old figures and sends
    // a transfer they allow. The ledger refuses it and the device shows why, until someone marks it handled.
    await reserve(
      ledger!.db,
      ledger!.tenantId,
      { year, districtCode: 'WK014110', totalCents: 6_000, reason: 'Bezuiniging raad' },
      { actor: 'beheerder test' },
    );
    unwrap(
      await device.director.call('budget:transfer', {
        year,
        from: 'WK014110',
        to: 'WK014113',
        amountCents: 10_000,
        reason: 'Nog meer voor Sluitersveld',
      }),
    );
    await device.t.app.sync!.run();
    const attention = unwrap(await device.director.call('sync:attention', {})).items.find((i) => i.type === 'budget.transferred');
    expect(attention).toMatchObject({ outcome: 'overruled', reason: 'no-room' });
    const after = unwrap(await device.director.call('monitor:view', {}));
    expect(after.snapshot.budgetLines.filter((l) => l.kind === 'transfer')).toHaveLength(1);
    expect(after.snapshot.budget.find((a) => a.year === year && a.districtCode === 'WK014110')?.roomCents).toBe(1_000);
  });

  it('keeps the last figures when the ledger does not answer the monitor request', async () => {
    const t = apps.at(-1)!;
    const stored = t.app.store!.db.select().from(ledgerMonitor).where(eq(ledgerMonitor.id, 1)).get();
    expect(stored).toBeDefined();
    await ledger!.server.close();
    await expect(t.app.sync!.run()).rejects.toMatchObject({ code: 'NETWORK' });
    expect(t.app.store!.db.select().from(ledgerMonitor).where(eq(ledgerMonitor.id, 1)).get()).toEqual(stored);
  });
});
