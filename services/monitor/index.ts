// The monitor wing's public face: the reference data sync applies.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export { applyDistrict } from './ledger-changes.js';
export { monitorView, storeLedgerMonitor } from './snapshot.js';
