/** Reference data and the monitor: districts, rounds, the monitor's figures. */
import type { WingHandlers, Wiring } from '../api/types.js';
import { listDistricts, listRounds } from './reference.js';
import { monitorView } from './snapshot.js';

export function monitorHandlers(w: Wiring) {
  const { db } = w.store;
  return {
    'districts:list': () => listDistricts(db),
    'monitor:view': () => monitorView(db, w.clock, w.log),
    'rounds:list': () => listRounds(db),
  } satisfies WingHandlers;
}
