// The counter wing's public face: redemptions, intakes, approvers and the registry as printing, sync and setup see them.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export { requestedReport } from './day-close.js';
export { getIntake } from './intakes.js';
export {
  applyLedgerVerdict,
  applyRegistryChunk,
  applyReleased,
  applyRound,
  applyUsedElsewhere,
  markRegistryCurrent,
  setLedgerState,
  voucherStatements,
} from './ledger-changes.js';
export type { VoucherStatements } from './ledger-changes.js';
export { registryHash, writeRegistry } from './registry.js';
export { listApprovers } from './reversals.js';
export { getRedemption } from './redemptions.js';
