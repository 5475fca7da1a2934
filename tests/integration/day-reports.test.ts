// The day at the counter as reports see it: X and Z (sealing the day), and the shift handover.
import { describe, expect, it, vi } from 'vitest';
import type * as Uuid from 'uuid';
import { formatVoucherCode } from '../../core/voucher-code';
import { demoVoucherCodes } from '../../services/setup/demo';
import { counterFixture, failure, testClock, unwrap } from '../helpers/app';

const [c1, c2, c3, c4, c5] = demoVoucherCodes(5).map(formatVoucherCode) as [string, string, string, string, string];

// Lets a test hand the next donation an id of its choosing (a smaller one than the day's, as after a restart with
// the PC's clock set back: UUIDv7 ids follow the real clock). Everything else gets real UUIDv7 ids.
const ids = vi.hoisted(() => ({ next: [] as string[] }));
vi.mock('uuid', async (importOriginal) => {
  const real = await importOriginal<typeof Uuid>();
  return { ...real, v7: (...args: Parameters<typeof real.v7>) => ids.next.shift() ?? real.v7(...args) };
});

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

describe("a day's donations", () => {
  it("finds a day's donations whatever order their ids and days came in (no index on the day: donation_days)", async () => {
    const clock = testClock(new Date('2026-11-22T09:00:00Z'));
    const { t, clerk, initiatives } = await counterFixture({ clock });
    const a = initiatives[0]!;
    const redeem = async (code: string) =>
      unwrap(await clerk.call('vouchers:redeem', { code, parts: [{ initiativeId: a.id, amountCents: 750 }] }));
    const first = await redeem(c1);
    clock.advance(86_400_000);
    unwrap(await clerk.call('session:unlock', { pin: '24680' })); // a day later the screen had locked itself
    const nextDay = await redeem(c2);
    // The PC's clock set back a day: the 22nd is not sealed, so this donation belongs to it, with an id above the 23rd's.
    clock.advance(-86_400_000);
    const late = await redeem(c3);
    // And one with an id below every id of the day.
    ids.next.push('00000000-0000-7000-8000-000000000001');
    const low = await redeem(c4);
    expect(low.id).toBe('00000000-0000-7000-8000-000000000001');
    expect([first, late, low].map((d) => d.businessDay)).toEqual(['2026-11-22', '2026-11-22', '2026-11-22']);
    expect(nextDay.businessDay).toBe('2026-11-23');

    const listed = async (businessDay: string) =>
      unwrap(await clerk.call('redemptions:list', { businessDay }))
        .map((d) => d.id)
        .sort();
    expect(await listed('2026-11-22')).toEqual([first.id, late.id, low.id].sort());
    expect(await listed('2026-11-23')).toEqual([nextDay.id]);
    expect(await listed('2026-11-21')).toEqual([]);
    expect(t.app.store!.sqlite.prepare('SELECT business_day, first_id FROM donation_days ORDER BY business_day').all()).toEqual([
      { business_day: '2026-11-22', first_id: low.id },
      { business_day: '2026-11-23', first_id: nextDay.id },
    ]);
    // The X and Z reports count the same three, and the next day's donation only on its own day.
    expect(unwrap(await clerk.call('day:report', {}))).toMatchObject({
      businessDay: '2026-11-22',
      donations: { count: 3, totalCents: 2250 },
    });
    expect(unwrap(await clerk.call('day:close', {}))).toMatchObject({ kind: 'Z', businessDay: '2026-11-22', donations: { count: 3 } });
    const after = await redeem(c5);
    expect(after.businessDay).toBe('2026-11-23');
    expect(unwrap(await clerk.call('day:report', {}))).toMatchObject({
      businessDay: '2026-11-23',
      donations: { count: 2, totalCents: 1500 },
    });
  });
});
