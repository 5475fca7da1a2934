/**
 * A wijkregisseur moves budget between districts from the Monitor. The ledger keeps the account and decides
 * (it refuses a transfer without the room, as at the ledger itself); this device checks first against the last
 * figures it has, so an obvious mistake is said at once, and sends the transfer as an event.
 */
import { randomUUID } from 'node:crypto';
import { transferProblem } from '../../core/budget.js';
import { AppError } from '../../core/api/errors.js';
import type { Db } from '../../db/open-store.js';
import { appendEvent, type Clock, type Logger } from '../platform/index.js';
import { monitorView } from './snapshot.js';

const PROBLEMS: Record<NonNullable<ReturnType<typeof transferProblem>>, string> = {
  'same-district': 'Van en naar zijn dezelfde wijk.',
  amount: 'Het bedrag moet meer dan € 0 zijn.',
  reason: 'Schrijf een reden van minstens 5 tekens.',
  'unknown-district': 'Kies twee wijken of dorpen van deze gemeente.',
  'no-room': 'Zoveel ruimte heeft die wijk niet (volgens de laatste cijfers van het grootboek).',
};

export function requestTransfer(
  db: Db,
  clock: Clock,
  log: Logger,
  staffId: string,
  input: { year: number; from: string; to: string; amountCents: number; reason: string },
): { sent: true } {
  const view = monitorView(db, clock, log);
  if (view.source !== 'ledger') {
    throw new AppError(
      'CONFLICT',
      'Geld overboeken kan alleen op een apparaat dat met het centrale grootboek is verbonden en heeft gesynchroniseerd.',
    );
  }
  const problem = transferProblem(view.snapshot.budget, input);
  if (problem) throw new AppError('VALIDATION', PROBLEMS[problem], { problem });
  db.transaction(
    (tx) => {
      appendEvent(tx, {
        type: 'budget.transferred',
        staffId,
        deviceTime: clock().toISOString(),
        payload: { transferId: randomUUID(), ...input },
      });
    },
    { behavior: 'immediate' },
  );
  log.info({ year: input.year, from: input.from, to: input.to, amountCents: input.amountCents }, 'budget transfer sent to the ledger');
  return { sent: true };
}
