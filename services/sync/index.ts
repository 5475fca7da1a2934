// The sync wing's public face: the sync service and its state.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export type { SyncService } from './service.js';
export { getLastSyncAt, getSyncValue, ledgerLink, setSyncValue } from './state.js';
