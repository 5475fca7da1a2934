/**
 * What residents think of the platform (the college's evaluation point 3): the one-tap question after a donation,
 * and remarks staff write down. Anonymous by design: the event names no donation and no staff member; a remark is
 * text only. Both travel to the ledger as events; neither waits for anything at the counter.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open-store.js';
import { appendEvent, type Clock } from '../platform/index.js';
import { currentBusinessDay } from './business-day.js';

export function giveFeedback(db: Db, clock: Clock, score: number): { saved: true } {
  db.transaction(
    (tx) => {
      const now = clock();
      appendEvent(tx, {
        type: 'feedback.given',
        staffId: null,
        deviceTime: now.toISOString(),
        payload: { feedbackId: randomUUID(), score, businessDay: currentBusinessDay(tx, now) },
      });
    },
    { behavior: 'immediate' },
  );
  return { saved: true };
}

export function recordRemark(db: Db, clock: Clock, text: string): { saved: true } {
  db.transaction(
    (tx) => {
      const now = clock();
      appendEvent(tx, {
        type: 'feedback.remarked',
        staffId: null,
        deviceTime: now.toISOString(),
        payload: { remarkId: randomUUID(), text, businessDay: currentBusinessDay(tx, now) },
      });
    },
    { behavior: 'immediate' },
  );
  return { saved: true };
}
