import { ApiCallError } from './api-client';
import type { I18n } from './i18n';
import type { MessageKey } from './i18n/nl';

/** The Dutch (or English) sentence for any error a call can throw. */
export function messageFor(i18n: I18n, error: unknown): string {
  if (error instanceof ApiCallError) {
    if (error.code === 'ACCOUNT_LOCKED' && typeof error.error.details?.lockedUntil === 'string') {
      return i18n.t('login.locked', { time: i18n.formatDateTime(error.error.details.lockedUntil) });
    }
    if (error.code === 'WRONG_PIN' && typeof error.error.details?.attemptsLeft === 'number') {
      return i18n.tn('login.wrongPin', error.error.details.attemptsLeft);
    }
    if (error.error.details?.reason === 'restore-sync-first') return i18n.t('error.restoreSyncFirst');
    if (error.error.details?.reason === 'registry-other-salt' && typeof error.error.details.roundId === 'string') {
      return i18n.t('error.registryOtherSalt', { round: error.error.details.roundId });
    }
    const held = intakeHeldBy(error);
    if (held) return i18n.t('error.intakeOpen', { name: held.staffName, time: i18n.formatDateTime(held.startedAt) });
    if (error.error.details?.reason === 'unsent' && typeof error.error.details.unsent === 'number') {
      return i18n.t('error.unsentBeforeRestore', { n: error.error.details.unsent });
    }
    return i18n.t(`error.${error.code}` as MessageKey);
  }
  return i18n.t('error.INTERNAL');
}

/** A refused intake start's details: the colleague's intake that holds the initiative on this device (reason `intake-open`). */
export function intakeHeldBy(error: unknown): { intakeId: string; staffName: string; startedAt: string } | null {
  const details = error instanceof ApiCallError ? error.error.details : undefined;
  if (details?.reason !== 'intake-open') return null;
  const { intakeId, staffName, startedAt } = details;
  return typeof intakeId === 'string' && typeof staffName === 'string' && typeof startedAt === 'string'
    ? { intakeId, staffName, startedAt }
    : null;
}

const fieldProblems: Record<string, MessageKey> = {
  'pin:length': 'pin.length',
  'pin:digits': 'pin.digits',
  'pin:too-simple': 'pin.tooSimple',
  'name:invisible': 'field.invisibleCharacters',
};

/** Field errors from a VALIDATION answer: field name → sentence. */
export function fieldErrors(i18n: I18n, error: unknown): Record<string, string> {
  if (!(error instanceof ApiCallError) || error.code !== 'VALIDATION') return {};
  const issues = (error.error.details?.issues ?? []) as { path: string; problem: string }[];
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldProblems[issue.problem];
    out[issue.path] = key ? i18n.t(key) : i18n.t('field.required');
  }
  return out;
}
