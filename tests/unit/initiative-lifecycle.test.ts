import { describe, expect, it } from 'vitest';
import {
  actionNeedsNote,
  availableActions,
  finalStatuses,
  lifecycleActions,
  mayTake,
  nextStatus,
  type LifecycleAction,
} from '../../core/initiative-lifecycle';
import { initiativeStatuses, type InitiativeStatus } from '../../core/initiative-status';
import { capabilitiesOf } from '../../core/roles';

/** Every allowed transition, written out by hand; everything not listed must be refused. */
const allowed: [InitiativeStatus, LifecycleAction, InitiativeStatus][] = [
  ['concept', 'submit', 'ingediend'],
  ['ingediend', 'start-review', 'in_beoordeling'],
  ['in_beoordeling', 'approve', 'spaarfase'],
  ['in_beoordeling', 'reject', 'afgewezen'],
  ['in_beoordeling', 'request-changes', 'concept'],
  ['concept', 'withdraw', 'ingetrokken'],
  ['ingediend', 'withdraw', 'ingetrokken'],
  ['in_beoordeling', 'withdraw', 'ingetrokken'],
  ['spaarfase', 'withdraw', 'ingetrokken'],
  ['spaarfase', 'reach-target', 'streefbedrag_behaald'],
  ['streefbedrag_behaald', 'lose-target', 'spaarfase'],
  ['spaarfase', 'miss-deadline', 'niet_geslaagd'],
  ['streefbedrag_behaald', 'start-execution', 'in_uitvoering'],
  ['in_uitvoering', 'complete', 'uitgevoerd'],
];

describe('the initiative lifecycle', () => {
  for (const from of initiativeStatuses) {
    for (const action of lifecycleActions) {
      const expected = allowed.find(([f, a]) => f === from && a === action)?.[2] ?? null;
      it(`${from} --${action}--> ${expected ?? 'refused'}`, () => {
        expect(nextStatus(from, action)).toBe(expected);
      });
    }
  }

  it('has no way out of a final status', () => {
    for (const status of finalStatuses) for (const action of lifecycleActions) expect(nextStatus(status, action)).toBeNull();
  });

  it('leaves money- and time-driven changes to the app itself', () => {
    for (const action of ['reach-target', 'lose-target', 'miss-deadline'] as const) {
      expect(mayTake(action, 'system')).toBe(true);
      for (const role of ['baliemedewerker', 'wijkregisseur', 'beheerder'] as const)
        expect(mayTake(action, capabilitiesOf(role))).toBe(false);
    }
  });

  it('lets counter staff submit and withdraw, and only a wijkregisseur assess', () => {
    expect(availableActions('concept', capabilitiesOf('baliemedewerker'))).toEqual(['submit', 'withdraw']);
    expect(availableActions('in_beoordeling', capabilitiesOf('baliemedewerker'))).toEqual(['withdraw']);
    expect(availableActions('in_beoordeling', capabilitiesOf('wijkregisseur'))).toEqual([
      'approve',
      'reject',
      'request-changes',
      'withdraw',
    ]);
    expect(availableActions('spaarfase', capabilitiesOf('beheerder'))).toEqual([]);
  });

  it('asks a note for a rejection, a request for changes, a withdrawal and the accountability', () => {
    expect(lifecycleActions.filter(actionNeedsNote)).toEqual(['reject', 'request-changes', 'withdraw', 'complete']);
  });
});

describe('assessment against the conditions', () => {
  it('allows approval only with every condition answered, none unmet, and a reason for "not applicable"', async () => {
    const { approvalProblem, conditionIds } = await import('../../core/conditions');
    const all = (answer: 'met' | 'not-met' | 'not-applicable', note = '') =>
      Object.fromEntries(conditionIds.map((id) => [id, { answer, note }]));
    expect(conditionIds).toHaveLength(11);
    expect(approvalProblem(null)).toBe('unanswered');
    expect(approvalProblem({ answers: {}, referralNote: '' })).toBe('unanswered');
    expect(approvalProblem({ answers: all('met'), referralNote: '' })).toBeNull();
    expect(
      approvalProblem({ answers: { ...all('met'), 'not-a-party': { answer: 'not-met', note: 'het is een feest' } }, referralNote: '' }),
    ).toBe('not-met');
    expect(
      approvalProblem({ answers: { ...all('met'), 'maintenance-covered': { answer: 'not-applicable', note: '' } }, referralNote: '' }),
    ).toBe('note-missing');
    expect(
      approvalProblem({
        answers: { ...all('met'), 'maintenance-covered': { answer: 'not-applicable', note: 'geen onderhoud nodig' } },
        referralNote: '',
      }),
    ).toBeNull();
  });
});
