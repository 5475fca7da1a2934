/**
 * Bulk intake: an initiator's stack of collected vouchers, scanned into one open intake (services/counter/intakes.ts).
 * Every accepted code is a durable donation when it is scanned; refused papers are listed with their place in the stack.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Uuid from 'uuid';
import { formatVoucherCode } from '../../core/voucher-code';
import { demoVoucherCodes } from '../../services/setup/demo';
import { counterFixture, failure, oneTypo, unwrap } from '../helpers/app';

const [c1, c2, c3, c4, c5, c6] = demoVoucherCodes(6).map(formatVoucherCode) as [string, string, string, string, string, string];

// Lets a test hand the next donations ids of its choosing (smaller than earlier ones, as after a restart with the PC's
// clock set back: UUIDv7 ids follow the real clock). Everything else gets real UUIDv7 ids.
const ids = vi.hoisted(() => ({ next: [] as string[] }));
vi.mock('uuid', async (importOriginal) => {
  const real = await importOriginal<typeof Uuid>();
  return { ...real, v7: (...args: Parameters<typeof real.v7>) => ids.next.shift() ?? real.v7(...args) };
});

describe('bulk intake', () => {
  it('takes a stack, lists duplicates and invalid codes apart, and sums up', async () => {
    const { clerk, initiatives } = await counterFixture();
    const target = initiatives[2]!;
    const intake = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
    const scan = async (code: string) => {
      const result = unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [code] }));
      // A scan answers from the running totals it moved on; they are what the store then holds.
      const { items: _items, ...stored } = unwrap(await clerk.call('intakes:get', { intakeId: intake.id }));
      expect(result.intake).toEqual(stored);
      return { item: result.items[0]!, intake: result.intake };
    };
    expect((await scan(c1)).item).toMatchObject({ accepted: true, outcome: 'accepted' });
    expect((await scan(c2)).item.accepted).toBe(true);
    expect((await scan(c1)).item.outcome).toBe('duplicate-in-stack');
    expect((await scan(oneTypo(c3))).item.outcome).toBe('invalid:check-failed');
    expect((await scan('hallo')).item.outcome).toBe('invalid:too-short');
    const last = await scan(c3);
    expect(last.intake).toMatchObject({ acceptedCount: 3, rejectedCount: 3, totalCents: 2250 });
    const done = unwrap(await clerk.call('intakes:finish', { intakeId: intake.id }));
    expect(done.finishedAt).not.toBeNull();
    expect(done.items.filter((i) => !i.accepted).map((i) => i.outcome)).toEqual([
      'duplicate-in-stack',
      'invalid:check-failed',
      'invalid:too-short',
    ]);
    expect(unwrap(await clerk.call('initiatives:list', {})).find((i) => i.id === target.id)!.collectedCents).toBe(
      target.collectedCents + 2250,
    );
    expect(failure(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c4] })).code).toBe('CONFLICT');
  });

  it('marks a voucher used at the counter before as used here, not as a duplicate', async () => {
    const { clerk, initiatives } = await counterFixture();
    unwrap(await clerk.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: initiatives[0]!.id, amountCents: 750 }] }));
    const intake = unwrap(await clerk.call('intakes:start', { initiativeId: initiatives[1]!.id }));
    expect(unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1] })).items[0]!.outcome).toBe('used-here');
  });

  it('takes a burst of queued codes in one call, in order, each decided as if scanned alone', async () => {
    const { clerk, initiatives } = await counterFixture();
    const intake = unwrap(await clerk.call('intakes:start', { initiativeId: initiatives[0]!.id }));
    const result = unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1, c2, c1, 'nope', c3] }));
    expect(result.items.map((i) => [i.itemNo, i.outcome])).toEqual([
      [1, 'accepted'],
      [2, 'accepted'],
      [3, 'duplicate-in-stack'],
      [4, 'invalid:too-short'],
      [5, 'accepted'],
    ]);
    expect(result.intake).toMatchObject({ acceptedCount: 3, rejectedCount: 2, totalCents: 2250 });
    const { items: _items, ...stored } = unwrap(await clerk.call('intakes:get', { intakeId: intake.id }));
    expect(result.intake).toEqual(stored);
    expect(failure(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [] })).code).toBe('VALIDATION');
  });

  it('survives a restart: the open intake is found again with everything scanned so far', async () => {
    const { t, clerk, initiatives } = await counterFixture();
    const intake = unwrap(await clerk.call('intakes:start', { initiativeId: initiatives[0]!.id }));
    unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1] }));
    unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: ['X'] }));
    t.app.close();
    const { makeApp } = await import('../helpers/app');
    const again = makeApp({ dir: t.dir });
    const c = again.connect();
    const staffId = unwrap(await c.call('staff:login-options', {})).find((o) => o.name === 'Demo Baliemedewerker')!.id;
    unwrap(await c.call('session:login', { staffId, pin: '24680' }));
    const open = unwrap(await c.call('intakes:list-open', {}));
    expect(open).toEqual([expect.objectContaining({ id: intake.id, acceptedCount: 1, rejectedCount: 1, totalCents: 750 })]);
    expect(unwrap(await c.call('intakes:get', { intakeId: intake.id })).items).toHaveLength(2);
    unwrap(await c.call('intakes:scan', { intakeId: intake.id, codes: [c2] }));
    expect(unwrap(await c.call('intakes:finish', { intakeId: intake.id }))).toMatchObject({ acceptedCount: 2, totalCents: 1500 });
  });

  describe('its record and items (an accepted paper is its donation, migration 0018)', () => {
    type Fixture = Awaited<ReturnType<typeof counterFixture>>;
    const sqliteOf = (t: Fixture['t']) => t.app.store!.sqlite;
    const recordOf = (t: Fixture['t'], initiativeId: string) =>
      sqliteOf(t)
        .prepare(
          'SELECT intake_id AS intakeId, intake_items AS items, intake_accepted AS accepted, intake_cents AS cents FROM initiatives WHERE id = ?',
        )
        .get(initiativeId);

    it('writes a refused paper as an item and an accepted one only as its donation, and lists both in scan order', async () => {
      const { t, clerk, initiatives } = await counterFixture();
      const [target, other] = initiatives as [Fixture['initiatives'][0], Fixture['initiatives'][0]];
      const intake = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
      expect(recordOf(t, target.id)).toEqual({ intakeId: intake.id, items: 0, accepted: 0, cents: 0 });
      unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1, 'nope'] }));
      // A resident at the counter while the stack waits: a donation of its own, not the intake's.
      unwrap(await clerk.call('vouchers:redeem', { code: c5, parts: [{ initiativeId: other.id, amountCents: 750 }] }));
      // And another initiator's stack, for another initiative, at the same time.
      const beside = unwrap(await clerk.call('intakes:start', { initiativeId: other.id }));
      unwrap(await clerk.call('intakes:scan', { intakeId: beside.id, codes: [c6] }));
      unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c2] }));
      unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1, c3] }));

      const db = sqliteOf(t);
      expect(db.prepare('SELECT item_no, outcome FROM bulk_intake_items ORDER BY item_no').raw().all()).toEqual([
        [2, 'invalid:too-short'],
        [4, 'duplicate-in-stack'],
      ]);
      expect(
        db.prepare('SELECT intake_item_no FROM redemptions WHERE intake_id = ? ORDER BY intake_item_no').pluck().all(intake.id),
      ).toEqual([1, 3, 5]);
      expect(db.prepare('SELECT intake_item_no FROM redemptions WHERE intake_id IS NULL').pluck().all()).toEqual([null]);
      expect(db.prepare('SELECT intake_item_no FROM redemptions WHERE intake_id = ?').pluck().all(beside.id)).toEqual([1]);
      // The live record is on the initiative's row, which each accepted scan updates for its total anyway.
      expect(recordOf(t, target.id)).toEqual({ intakeId: intake.id, items: 5, accepted: 3, cents: 2250 });
      const open = unwrap(await clerk.call('intakes:get', { intakeId: intake.id }));
      expect(open.items.map((i) => [i.itemNo, i.outcome])).toEqual([
        [1, 'accepted'],
        [2, 'invalid:too-short'],
        [3, 'accepted'],
        [4, 'duplicate-in-stack'],
        [5, 'accepted'],
      ]);
      expect(open.items[0]!.masked).toBe(db.prepare('SELECT masked_code FROM redemptions WHERE intake_item_no = 1').pluck().get());

      const done = unwrap(await clerk.call('intakes:finish', { intakeId: intake.id }));
      expect(done).toMatchObject({ acceptedCount: 3, rejectedCount: 2, totalCents: 2250, items: open.items });
      // Finished: the record goes to the intake's own row with the key range of its donations; the slot is free.
      expect(recordOf(t, target.id)).toEqual({ intakeId: null, items: 0, accepted: 0, cents: 0 });
      const row = db
        .prepare('SELECT item_count, accepted_count, total_cents, first_redemption_id, last_redemption_id FROM bulk_intakes WHERE id = ?')
        .get(intake.id);
      const range = db.prepare('SELECT min(id) AS first, max(id) AS last FROM redemptions WHERE intake_id = ?').get(intake.id) as {
        first: string;
        last: string;
      };
      expect(row).toEqual({
        item_count: 5,
        accepted_count: 3,
        total_cents: 2250,
        first_redemption_id: range.first,
        last_redemption_id: range.last,
      });
      expect(unwrap(await clerk.call('day:report', {})).intakes).toEqual({ count: 2, vouchers: 4 });
      // A later donation is outside the finished intake's range, whatever it says.
      unwrap(await clerk.call('vouchers:redeem', { code: c4, parts: [{ initiativeId: target.id, amountCents: 750 }] }));
      expect(unwrap(await clerk.call('intakes:get', { intakeId: intake.id })).items).toEqual(open.items);
    });

    it('holds one open intake per initiative on a device: its clerk goes on with it, another is told who has it', async () => {
      const { t, admin, clerk, initiatives } = await counterFixture();
      const [target, other] = initiatives as [Fixture['initiatives'][0], Fixture['initiatives'][0]];
      const intake = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
      unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1] }));
      const again = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
      expect(again).toMatchObject({ id: intake.id, acceptedCount: 1, finishedAt: null });

      const bram = unwrap(await admin.call('staff:create', { name: 'Bram Balie', role: 'baliemedewerker', pin: '86420' }));
      const second = t.connect();
      unwrap(await second.call('session:login', { staffId: bram.id, pin: '86420' }));
      const refused = failure(await second.call('intakes:start', { initiativeId: target.id }));
      expect(refused).toMatchObject({
        code: 'CONFLICT',
        details: { reason: 'intake-open', intakeId: intake.id, staffName: 'Demo Baliemedewerker', startedAt: intake.startedAt },
      });
      // Nothing of the refused start is stored, and the open intake's record is untouched.
      expect(sqliteOf(t).prepare('SELECT count(*) FROM bulk_intakes').pluck().get()).toBe(1);
      expect(recordOf(t, target.id)).toEqual({ intakeId: intake.id, items: 1, accepted: 1, cents: 750 });
      const elsewhere = unwrap(await second.call('intakes:start', { initiativeId: other.id }));
      unwrap(await second.call('intakes:scan', { intakeId: elsewhere.id, codes: [c2] }));

      // Its clerk is not there: a colleague may finish it, saying so; the event names who finished it.
      expect(failure(await second.call('intakes:finish', { intakeId: intake.id })).code).toBe('NOT_FOUND');
      const finished = unwrap(await second.call('intakes:finish', { intakeId: intake.id, ofColleague: true }));
      expect(finished).toMatchObject({ id: intake.id, acceptedCount: 1, totalCents: 750 });
      expect(finished.finishedAt).not.toBeNull();
      const event = sqliteOf(t).prepare(`SELECT staff_id AS staffId, payload FROM outbox WHERE type = 'intake.finished'`).get() as {
        staffId: string;
        payload: string;
      };
      expect(event.staffId).toBe(bram.id);
      expect(JSON.parse(event.payload)).toMatchObject({ intakeId: intake.id, accepted: 1, totalCents: 750 });
      expect(failure(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c4] })).code).toBe('CONFLICT');
      const next = unwrap(await second.call('intakes:start', { initiativeId: target.id }));
      expect(next.id).not.toBe(intake.id);
      expect(unwrap(await second.call('intakes:scan', { intakeId: next.id, codes: [c3] })).intake).toMatchObject({
        acceptedCount: 1,
        totalCents: 750,
      });
      expect(
        unwrap(await second.call('intakes:list-open', {}))
          .map((i) => i.id)
          .sort(),
      ).toEqual([elsewhere.id, next.id].sort());
    });

    it('goes on with an intake left open from before 0018: it takes its slot back and keeps its older items', async () => {
      const { t, clerk, initiatives } = await counterFixture();
      const target = initiatives[0]!;
      const intake = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
      unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1, 'nope'] }));
      // The store as 0018 leaves an intake open at the upgrade: its accepted paper an item row (as before 0018), its
      // record on its own row (copied from its last item), and no slot held.
      const db = sqliteOf(t);
      const donation = db.prepare('SELECT id, masked_code FROM redemptions WHERE intake_id = ?').get(intake.id) as {
        id: string;
        masked_code: string;
      };
      db.transaction(() => {
        db.prepare(
          `INSERT INTO bulk_intake_items (intake_id, item_no, masked_code, outcome, redemption_id, scanned_at, accepted_so_far, rejected_so_far, cents_so_far)
           VALUES (?, 1, ?, 'accepted', ?, 't', 1, 0, 750)`,
        ).run(intake.id, donation.masked_code, donation.id);
        db.prepare('UPDATE redemptions SET intake_item_no = NULL').run();
        db.prepare('UPDATE bulk_intakes SET item_count = 2, accepted_count = 1, total_cents = 750').run();
        db.prepare('UPDATE initiatives SET intake_id = NULL, intake_items = 0, intake_accepted = 0, intake_cents = 0').run();
      })();
      const before = unwrap(await clerk.call('intakes:get', { intakeId: intake.id }));
      expect(before).toMatchObject({ acceptedCount: 1, rejectedCount: 1, totalCents: 750 });
      expect(before.items.map((i) => [i.itemNo, i.outcome])).toEqual([
        [1, 'accepted'],
        [2, 'invalid:too-short'],
      ]);

      const scanned = unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c2] }));
      expect(scanned.items).toEqual([expect.objectContaining({ itemNo: 3, accepted: true })]);
      expect(recordOf(t, target.id)).toEqual({ intakeId: intake.id, items: 3, accepted: 2, cents: 1500 });
      const done = unwrap(await clerk.call('intakes:finish', { intakeId: intake.id }));
      expect(done).toMatchObject({ acceptedCount: 2, rejectedCount: 1, totalCents: 1500 });
      expect(done.items.map((i) => [i.itemNo, i.outcome])).toEqual([
        [1, 'accepted'],
        [2, 'invalid:too-short'],
        [3, 'accepted'],
      ]);
    });

    it('does not let an older open intake take a slot another intake holds', async () => {
      const { t, clerk, initiatives } = await counterFixture();
      const target = initiatives[0]!;
      const old = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
      unwrap(await clerk.call('intakes:scan', { intakeId: old.id, codes: [c1] }));
      // As at the upgrade: the older intake's record on its own row, no slot held; then a new intake takes the slot.
      sqliteOf(t).prepare('UPDATE bulk_intakes SET item_count = 1, accepted_count = 1, total_cents = 750').run();
      sqliteOf(t).prepare('UPDATE initiatives SET intake_id = NULL, intake_items = 0, intake_accepted = 0, intake_cents = 0').run();
      const fresh = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
      expect(fresh.id).not.toBe(old.id);
      expect(failure(await clerk.call('intakes:scan', { intakeId: old.id, codes: [c2] }))).toMatchObject({
        code: 'CONFLICT',
        details: { reason: 'intake-open', intakeId: fresh.id },
      });
      expect(sqliteOf(t).prepare('SELECT count(*) FROM redemptions').pluck().get()).toBe(1);
      // Finished, the older one keeps its record; once the new one is finished too, the older one may go on.
      unwrap(await clerk.call('intakes:finish', { intakeId: fresh.id }));
      expect(unwrap(await clerk.call('intakes:scan', { intakeId: old.id, codes: [c2] })).intake).toMatchObject({ acceptedCount: 2 });
    });

    it('finds its donations whatever order their ids came in (a clock set back between scans)', async () => {
      const { clerk, initiatives } = await counterFixture();
      const [target, other] = initiatives as [Fixture['initiatives'][0], Fixture['initiatives'][0]];
      const intake = unwrap(await clerk.call('intakes:start', { initiativeId: target.id }));
      ids.next.push('f0000000-0000-7000-8000-000000000000');
      unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c1] }));
      // A donation outside the intake with a real id (between the two below), then the intake's next with a small one.
      unwrap(await clerk.call('vouchers:redeem', { code: c5, parts: [{ initiativeId: other.id, amountCents: 750 }] }));
      ids.next.push('00000000-0000-7000-8000-000000000001');
      unwrap(await clerk.call('intakes:scan', { intakeId: intake.id, codes: [c2] }));
      const listed = (items: { itemNo: number; accepted: boolean }[]) => items.map((i) => [i.itemNo, i.accepted]);
      expect(listed(unwrap(await clerk.call('intakes:get', { intakeId: intake.id })).items)).toEqual([
        [1, true],
        [2, true],
      ]);
      const done = unwrap(await clerk.call('intakes:finish', { intakeId: intake.id }));
      expect(listed(done.items)).toEqual([
        [1, true],
        [2, true],
      ]);
      expect(ids.next).toEqual([]);
    });
  });
});
