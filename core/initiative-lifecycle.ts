/**
 * The life of an initiative (DESIGN.md): concept → ingediend → in beoordeling → spaarfase →
 * streefbedrag behaald → in uitvoering → uitgevoerd, with afgewezen, ingetrokken and niet geslaagd
 * as exits. Every change is an action; this table is the only place that says which are allowed.
 */
import type { InitiativeStatus } from './initiative-status.js';
import type { Capability } from './roles.js';

export const lifecycleActions = [
  'submit',
  'start-review',
  'approve',
  'reject',
  'request-changes',
  'withdraw',
  'reach-target',
  'lose-target',
  'miss-deadline',
  'start-execution',
  'complete',
] as const;
export type LifecycleAction = (typeof lifecycleActions)[number];

interface Rule {
  from: readonly InitiativeStatus[];
  to: InitiativeStatus;
  /** Who may take it: a capability, or 'system' (the app itself, as a consequence of money or time). */
  by: readonly (Capability | 'system')[];
  /** A note is required (a reason, what to change, the accountability). */
  note: boolean;
}

const rules: Record<LifecycleAction, Rule> = {
  submit: { from: ['concept'], to: 'ingediend', by: ['counter'], note: false },
  'start-review': { from: ['ingediend'], to: 'in_beoordeling', by: ['assess'], note: false },
  approve: { from: ['in_beoordeling'], to: 'spaarfase', by: ['assess'], note: false },
  reject: { from: ['in_beoordeling'], to: 'afgewezen', by: ['assess'], note: true },
  'request-changes': { from: ['in_beoordeling'], to: 'concept', by: ['assess'], note: true },
  withdraw: { from: ['concept', 'ingediend', 'in_beoordeling', 'spaarfase'], to: 'ingetrokken', by: ['counter', 'assess'], note: true },
  'reach-target': { from: ['spaarfase'], to: 'streefbedrag_behaald', by: ['system'], note: false },
  // A reversal that takes a funded initiative below its target again.
  'lose-target': { from: ['streefbedrag_behaald'], to: 'spaarfase', by: ['system'], note: false },
  'miss-deadline': { from: ['spaarfase'], to: 'niet_geslaagd', by: ['system'], note: false },
  'start-execution': { from: ['streefbedrag_behaald'], to: 'in_uitvoering', by: ['assess'], note: false },
  complete: { from: ['in_uitvoering'], to: 'uitgevoerd', by: ['assess'], note: true },
};

/** The status after `action`, or null when the action is not allowed from `from`. */
export function nextStatus(from: InitiativeStatus, action: LifecycleAction): InitiativeStatus | null {
  const rule = rules[action];
  return rule.from.includes(from) ? rule.to : null;
}

/** The one action that leads from `from` to `to`, or null when none does in one step. */
export function actionBetween(from: InitiativeStatus, to: InitiativeStatus): LifecycleAction | null {
  return lifecycleActions.find((a) => nextStatus(from, a) === to) ?? null;
}

export function actionNeedsNote(action: LifecycleAction): boolean {
  return rules[action].note;
}

export function mayTake(action: LifecycleAction, who: readonly Capability[] | 'system'): boolean {
  const by = rules[action].by;
  return who === 'system' ? by.includes('system') : who.some((c) => by.includes(c));
}

/** The actions a person with these capabilities can take on an initiative in this status. */
export function availableActions(status: InitiativeStatus, capabilities: readonly Capability[]): LifecycleAction[] {
  return lifecycleActions.filter((a) => nextStatus(status, a) !== null && mayTake(a, capabilities));
}

/** Statuses from which nothing leads on. */
export const finalStatuses: readonly InitiativeStatus[] = ['uitgevoerd', 'afgewezen', 'ingetrokken', 'niet_geslaagd'];
