/** The reports of the Monitor: the round evaluation and the jaarverantwoording. */
import type { WingHandlers, Wiring } from '../api/types.js';
import { makeAnnualReport, makeRoundEvaluation } from './reports.js';

export function reportHandlers(w: Wiring) {
  const deps = { db: w.store.db, clock: w.clock, log: w.log, fontsDir: w.fontsDir };
  return {
    'reports:round-evaluation': (input) => makeRoundEvaluation(deps, input),
    'reports:annual': (input) => makeAnnualReport(deps, input),
  } satisfies WingHandlers;
}
