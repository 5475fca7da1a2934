// The platform wing's public face: who acts, the device, settings, the outbox, durable files and erasure.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export type { Actor, ActorOrSystem } from './actor.js';
export type { Clock, Logger, ServiceDeps } from './deps.js';
export { getDevice, municipalityOf } from './device.js';
export { writeFileDurably } from './durable-file.js';
export { ERASED, eraseOnRequest } from './erasure.js';
export { appendEvent, advanceUnsentFrom, countUnsent, eventHash, unsentEvent } from './outbox.js';
export {
  applyPendingRestore,
  dailyBackupDue,
  listBackups,
  makeBackup,
  pruneBackups,
  stageRestore,
  takeAppliedRestore,
  type BackupInfo,
} from './backup.js';
export { getSettings, updateSettings } from './settings.js';
export { auditAfter, listAudit, recordAudit, startNewAuditChain, verifyAudit } from './audit.js';
