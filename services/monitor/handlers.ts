/** Reference data and the monitor: districts, their budgets, rounds. */
import type { WingHandlers, Wiring } from '../api/types.js';
import { districtBudgets, listDistricts, listRounds } from './reference.js';

export function monitorHandlers(w: Wiring) {
  const { db } = w.store;
  return {
    'districts:list': () => listDistricts(db),
    'districts:budgets': () => districtBudgets(db),
    'rounds:list': () => listRounds(db),
  } satisfies WingHandlers;
}
