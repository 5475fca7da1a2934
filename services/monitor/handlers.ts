/** Reference data and the monitor: districts, rounds, the monitor's figures. */
import { actorOf, type WingHandlers, type Wiring } from '../api/types.js';
import { listDistricts, listRounds } from './reference.js';
import { monitorView } from './snapshot.js';
import { requestTransfer } from './transfer.js';

export function monitorHandlers(w: Wiring) {
  const { db } = w.store;
  return {
    'districts:list': () => listDistricts(db),
    'monitor:view': () => monitorView(db, w.clock, w.log),
    'rounds:list': () => listRounds(db),
    'budget:transfer': (input, ctx) => requestTransfer(db, w.clock, w.log, actorOf(ctx).staffId, input),
  } satisfies WingHandlers;
}
