/**
 * Bulk intake: an initiator's stack of collected vouchers, scanned into one open intake (services/counter/intakes.ts).
 * Every accepted code is a durable donation when it is scanned; refused papers are listed with their place in the stack.
 */
import { describe, expect, it } from 'vitest';
import { formatVoucherCode } from '../../core/voucher-code';
import { demoVoucherCodes } from '../../services/setup/demo';
import { counterFixture, failure, oneTypo, unwrap } from '../helpers/app';

const [c1, c2, c3, c4] = demoVoucherCodes(4).map(formatVoucherCode) as [string, string, string, string];

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
});
