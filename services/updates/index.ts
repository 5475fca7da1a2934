// The updates wing's public face: the service that checks the ledger's feed and decides when to install.
// Other wings import this wing only through this file (lint rule `wings/wings`).
export { UpdateService, type UpdateDeps, type UpdateStatus } from './service.js';
export { FeedError, feedFile } from './feed.js';
