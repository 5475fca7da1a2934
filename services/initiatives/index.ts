// The initiatives wing's public face: what counting and sync need of an initiative.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export {
  applyInitiativeSnapshot,
  applyPhotoChange,
  pendingDonationsByInitiative,
  recordStatusesLearned,
  statusesBefore,
} from './ledger-changes.js';
export { followTarget } from './lifecycle.js';
