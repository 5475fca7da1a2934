// The day at the counter as reports see it: X and Z (sealing the day), and the shift handover.
import { describe, expect, it } from 'vitest';
import { formatVoucherCode } from '../../core/voucher-code';
import { demoVoucherCodes } from '../../services/setup/demo';
import { counterFixture, failure, testClock, unwrap } from '../helpers/app';

const [c1, c2, c3, c4] = demoVoucherCodes(4).map(formatVoucherCode) as [string, string, string, string];

describe('day close', () => {
  it('reports the day per initiative and staff member, seals it with a Z, and moves later donations to the next day', async () => {
    const { t, clerk, initiatives, directorId } = await counterFixture();
    const [a, b] = initiatives as [(typeof initiatives)[0], (typeof initiatives)[0]];
    unwrap(await clerk.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: a.id, amountCents: 750 }] }));
    const split = unwrap(
      await clerk.call('vouchers:redeem', {
        code: c2,
        parts: [
          { initiativeId: a.id, amountCents: 500 },
          { initiativeId: b.id, amountCents: 250 },
        ],
      }),
    );
    unwrap(
      await clerk.call('redemptions:reverse', {
        redemptionId: split.id,
        reason: 'Bewoner wilde anders verdelen',
        approverId: directorId,
        approverPin: '97531',
      }),
    );
    const intake = unwrap(await clerk.call('intakes:start', { initiativeId: b.id }));
    unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c3] }));

    const x = unwrap(await clerk.call('day:report', {}));
    expect(x).toMatchObject({
      kind: 'X',
      businessDay: '2026-11-22',
      donations: { count: 3, totalCents: 2250 },
      reversals: { count: 1, totalCents: 750 },
      netCents: 1500,
      intakes: { count: 1, vouchers: 1 },
      perStaff: [{ name: 'Demo Baliemedewerker', donations: 3, totalCents: 2250, reversals: 1 }],
    });
    expect(x.perInitiative).toEqual(
      [
        { number: a.number, title: a.title, count: 2, reversed: 1, totalCents: 750 },
        { number: b.number, title: b.title, count: 2, reversed: 1, totalCents: 750 },
      ].sort((p, q) => p.number - q.number),
    );

    const z = unwrap(await clerk.call('day:close', {}));
    expect(z).toMatchObject({ kind: 'Z', zNumber: 1, businessDay: '2026-11-22', netCents: 1500 });
    expect(failure(await clerk.call('day:close', {})).code).toBe('DAY_CLOSED');
    const later = unwrap(await clerk.call('vouchers:redeem', { code: c4, parts: [{ initiativeId: a.id, amountCents: 750 }] }));
    expect(later.businessDay).toBe('2026-11-23');
    expect(unwrap(await clerk.call('day:report', {}))).toMatchObject({ businessDay: '2026-11-23', donations: { count: 1 } });
    // The Z report is kept as made: a reprint is the same report.
    expect(unwrap(await clerk.call('day:list-closed', {}))).toEqual([z]);
    expect(t.app.store!.sqlite.prepare(`SELECT count(*) FROM outbox WHERE type = 'day.closed'`).pluck().get()).toBe(1);
  });
});

describe('shift handover', () => {
  it('reports what this person did on this window since logging in; an unlock keeps the shift, a new login starts one', async () => {
    const clock = testClock();
    const { t, clerk, initiatives } = await counterFixture({ clock });
    const target = initiatives[0]!;
    const redeem = async (who: typeof clerk, code: string) =>
      unwrap(await who.call('vouchers:redeem', { code, parts: [{ initiativeId: target.id, amountCents: 750 }] }));
    await redeem(clerk, c1);
    clock.advance(4 * 60_000); // within the idle lock
    await redeem(clerk, c2);
    // Locked and unlocked: the same shift.
    unwrap(await clerk.call('session:lock', {}));
    unwrap(await clerk.call('session:unlock', { pin: '24680' }));
    const early = unwrap(await clerk.call('day:report', { handover: true }));
    expect(early).toMatchObject({
      kind: 'X',
      since: '2026-11-22T09:00:00.000Z',
      staffFilter: 'Demo Baliemedewerker',
      donations: { count: 2, totalCents: 1500 },
    });

    // Another window: the same clerk logs in an hour later — a new shift, only what happened since.
    clock.advance(60 * 60_000);
    const later = t.connect();
    const options = unwrap(await later.call('staff:login-options', {}));
    unwrap(await later.call('session:login', { staffId: options.find((o) => o.name === 'Demo Baliemedewerker')!.id, pin: '24680' }));
    await redeem(later, c3);
    expect(unwrap(await later.call('day:report', { handover: true }))).toMatchObject({
      since: '2026-11-22T10:04:00.000Z',
      donations: { count: 1, totalCents: 750 },
    });
    // The whole day is still all three; a printed handover says so on paper.
    expect(unwrap(await later.call('day:report', {})).donations.count).toBe(3);
    const { receiptNo } = unwrap(await later.call('day:print', { handover: true }));
    expect(receiptNo).toBeGreaterThan(0);
  });
});
