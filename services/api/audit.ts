/**
 * Which calls the audit trail records, and how (core/audit.ts): the dispatcher hands every outcome of a call here;
 * sensitive calls become an entry with the actor, what it was done to (an id), and whether it succeeded — also the
 * refusals (a wrong PIN, a role that may not), so misuse shows. Ids only, never a name, PIN, contact or code.
 */
import type { NewAuditEntry } from '../../core/audit.js';
import type { ApiName } from '../../core/api/names.js';
import type { ErrorCode } from '../../core/api/errors.js';

export interface CallOutcome {
  name: ApiName;
  input: Record<string, unknown>;
  actor: { id: string; role: string } | null;
  value?: unknown;
  /** The refusal's code, when the call was refused. */
  refused?: ErrorCode;
}

type Rule = (o: CallOutcome) => Pick<NewAuditEntry, 'action' | 'subject' | 'detail'> | null;

const id = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 100) : null);
const valueId = (o: CallOutcome): string | null => id((o.value as { id?: unknown } | undefined)?.id);

const exportOf =
  (what: string): Rule =>
  (o) => ({ action: 'export', subject: null, detail: { what, ...(typeof o.input.format === 'string' ? { format: o.input.format } : {}) } });

const pinRule =
  (pinFailed: 'pin-failed' | 'approval-pin-failed', ok: Rule): Rule =>
  (o) => {
    if (o.refused === 'WRONG_PIN') return { action: pinFailed, subject: null, detail: {} };
    if (o.refused === 'ACCOUNT_LOCKED')
      return { action: pinFailed === 'pin-failed' ? 'locked-out' : pinFailed, subject: null, detail: { locked: true } };
    return ok(o);
  };

const rules: Partial<Record<ApiName, Rule>> = {
  // Setting the device up logs its first beheerder in.
  'setup:complete': () => ({ action: 'login', subject: null, detail: { setup: true } }),
  'session:login': pinRule('pin-failed', () => ({ action: 'login', subject: null, detail: {} })),
  'session:unlock': pinRule('pin-failed', () => ({ action: 'login', subject: null, detail: { unlock: true } })),
  'staff:create': (o) => ({ action: 'staff-created', subject: valueId(o), detail: { role: id(o.input.role) } }),
  'staff:set-disabled': (o) => ({
    action: o.input.disabled === true ? 'staff-disabled' : 'staff-enabled',
    subject: id(o.input.staffId),
    detail: {},
  }),
  'staff:set-role': (o) => ({ action: 'staff-role-changed', subject: id(o.input.staffId), detail: { role: id(o.input.role) } }),
  'staff:reset-pin': (o) => ({ action: 'staff-pin-reset', subject: id(o.input.staffId), detail: {} }),
  'redemptions:reverse': (o): ReturnType<Rule> => {
    if (o.refused === 'WRONG_PIN' || o.refused === 'ACCOUNT_LOCKED') {
      return { action: 'approval-pin-failed', subject: id(o.input.approverId), detail: { redemptionId: id(o.input.redemptionId) } };
    }
    return { action: 'reversal', subject: id(o.input.redemptionId), detail: { approverId: id(o.input.approverId) } };
  },
  'sync:settle': (o) => ({
    action: 'conflict-settled',
    subject: id(o.input.contestedRedemptionId),
    detail: { decision: id(o.input.decision) },
  }),
  'sync:decide': (o) => ({ action: 'donation-decided', subject: id(o.input.redemptionId), detail: { decision: id(o.input.decision) } }),
  'initiatives:person-export': (o) => ({
    action: 'personal-data-viewed',
    subject: id(o.input.personId),
    detail: { kind: 'initiative-person' },
  }),
  'initiatives:person-erase': (o) => ({
    action: 'personal-data-erased',
    subject: id(o.input.personId),
    detail: { kind: 'initiative-person' },
  }),
  'volunteers:export': (o) => ({ action: 'personal-data-viewed', subject: id(o.input.volunteerId), detail: { kind: 'volunteer' } }),
  'volunteers:erase': (o) => ({ action: 'personal-data-erased', subject: id(o.input.volunteerId), detail: { kind: 'volunteer' } }),
  'reports:annual': exportOf('jaarverantwoording'),
  'reports:round-evaluation': exportOf('round-evaluation'),
  'sync:export': exportOf('offline-batch'),
  'settings:update': (o) => ({ action: 'settings-changed', subject: null, detail: { keys: Object.keys(o.input).slice(0, 20) } }),
  'sync:enrol': () => ({ action: 'enrolled', subject: null, detail: {} }),
  'store:backup': (o) => ({ action: 'backup-made', subject: valueId(o), detail: {} }),
  'store:restore': (o) => ({ action: 'backup-restore-staged', subject: id(o.input.id), detail: {} }),
};

/** The entry for a call's outcome, or null when the call is not one the trail records (or bad input). */
export function auditEntryFor(o: CallOutcome, at: string): NewAuditEntry | null {
  const rule = rules[o.name];
  if (!rule || o.refused === 'VALIDATION' || o.refused === 'NOT_LOGGED_IN' || o.refused === 'SESSION_LOCKED') return null;
  const made = rule(o);
  if (!made) return null;
  const loginActor =
    o.name === 'session:login' || o.name === 'setup:complete'
      ? (o.value as { staff?: { id: string; role: string } } | undefined)?.staff
      : undefined;
  const actorId = o.actor?.id ?? loginActor?.id ?? id(o.input.staffId);
  return {
    at,
    actorId,
    actorRole: o.actor?.role ?? loginActor?.role ?? null,
    ...made,
    detail: o.refused ? { ...made.detail, refused: o.refused } : made.detail,
    ok: o.refused === undefined,
  };
}
