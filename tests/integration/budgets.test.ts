/**
 * District budgets on the monitor: the reserved budget (demo: the council's € 203,000 spread like the
 * households), what approved initiatives aim for and have saved, what came back from failed ones.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_RESERVED_CENTS } from '../../services/setup/demo';
import { counterFixture, failure, unwrap } from '../helpers/app';

describe('district budgets', () => {
  it('adds up to the reserved budget and follows the initiatives; only monitoring roles see it', async () => {
    const { t, clerk, directorId } = await counterFixture();
    expect(failure(await clerk.call('districts:budgets', {})).code).toBe('FORBIDDEN');
    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    const budgets = unwrap(await director.call('districts:budgets', {}));
    expect(budgets).toHaveLength(12);
    expect(budgets.reduce((s, b) => s + b.budgetCents, 0)).toBe(DEMO_RESERVED_CENTS);

    const all = unwrap(await director.call('initiatives:list', {}));
    for (const b of budgets) {
      const mine = all.filter((i) => i.districtCode === b.code);
      const approved = mine.filter((i) => ['spaarfase', 'streefbedrag_behaald', 'in_uitvoering', 'uitgevoerd'].includes(i.status));
      expect(b.committedCents).toBe(approved.reduce((s, i) => s + i.targetCents, 0));
      expect(b.collectedCents).toBe(approved.reduce((s, i) => s + i.collectedCents, 0));
      expect(b.initiatives).toBe(approved.length);
      expect(b.releasedCents).toBe(mine.filter((i) => i.status === 'niet_geslaagd').reduce((s, i) => s + i.collectedCents, 0));
      expect(b.roomCents).toBe(b.budgetCents - b.committedCents + b.releasedCents);
    }
    // A saving deadline that passes moves that initiative's savings from "committed" to "came back".
    const collecting = all.find((i) => i.status === 'spaarfase' && i.collectedCents > 0)!;
    const before = budgets.find((b) => b.code === collecting.districtCode)!;
    t.app.store!.sqlite.prepare(`UPDATE initiatives SET deadline = '2020-01-01' WHERE id = ?`).run(collecting.id);
    const { expireDeadlines } = await import('../../services/initiatives/lifecycle');
    expect(expireDeadlines(t.app.store!.db, t.clock)).toBeGreaterThan(0);
    const after = unwrap(await director.call('districts:budgets', {})).find((b) => b.code === collecting.districtCode)!;
    expect(after.committedCents).toBe(before.committedCents - collecting.targetCents);
    expect(after.releasedCents).toBe(before.releasedCents + collecting.collectedCents);
  });
});
