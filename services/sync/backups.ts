/**
 * Backups in the app (issue 17): daily at start and hourly when due, on a beheerder's request, and restoring one —
 * from Instellingen (first everything sent to the ledger, then a backup of the present store, then the choice is
 * staged for the next start) or, when the store cannot be opened at all, from the error screen. The mechanics are
 * platform/backup.ts; the ledger's side of a restore is SyncClient.catchUpChain.
 */
import { AppError } from '../../core/api/errors.js';
import type { Db, Store } from '../../db/open-store.js';
import {
  countUnsent,
  recordAudit,
  startNewAuditChain,
  dailyBackupDue,
  listBackups,
  makeBackup,
  pruneBackups,
  stageRestore,
  type BackupInfo,
} from '../platform/index.js';
import type { Clock, Logger } from '../platform/index.js';
import type { SyncService } from './service.js';
import { getSyncValue, setSyncValue } from './state.js';

export const BACKUP_CHECK_MS = 3_600_000;

/** The daily backup when one is due, and old ones removed; never stops the app (a full disk is logged). */
export function dailyBackup(store: Store, dataDir: string, clock: Clock, log: Logger): BackupInfo | null {
  try {
    if (!dailyBackupDue(dataDir, clock())) return null;
    const made = makeBackup(store.sqlite, dataDir, clock(), 'daily');
    const pruned = pruneBackups(dataDir, clock());
    log.info({ backup: made.id, bytes: made.bytes, pruned }, 'daily backup made');
    return made;
  } catch (error) {
    log.error({ code: (error as { code?: string }).code ?? 'unknown' }, 'daily backup failed; tried again within the hour');
    return null;
  }
}

/** After a restore applied at start: hold new events until the ledger said what came after the backup. */
export function holdChainAfterRestore(db: Db, restored: BackupInfo, log: Logger): void {
  const enrolled = getSyncValue(db, 'deviceId') !== null;
  if (enrolled) setSyncValue(db, 'chainCatchUp', restored.id);
  // The audit trail forks here: what came after the backup is at the ledger, what comes now goes on a new line.
  startNewAuditChain(db);
  log.warn({ backup: restored.id, lastSeq: restored.lastSeq, heldForLedger: enrolled }, 'store restored from a backup');
  recordAudit(db, {
    at: new Date().toISOString(),
    actorId: null,
    actorRole: null,
    action: 'backup-restored',
    subject: restored.id,
    detail: { lastSeq: restored.lastSeq },
    ok: true,
  });
}

/** What a restore needs of the host: a way to start the app again, when it has one. */
export interface RestartingHost {
  restart?: () => void;
}

const restartOf = (host: RestartingHost) => (host.restart ? ('now' as const) : ('by-hand' as const));

export function backupHandlers(deps: {
  store: Store;
  dataDir: string;
  clock: Clock;
  log: Logger;
  host: RestartingHost;
  sync: SyncService;
}) {
  const { store, dataDir, clock, log, host, sync } = deps;
  return {
    'store:backups': () => listBackups(dataDir),
    'store:backup': () => {
      const made = makeBackup(store.sqlite, dataDir, clock(), 'manual');
      pruneBackups(dataDir, clock());
      log.info({ backup: made.id }, 'backup made on request');
      return made;
    },
    'store:restore': async (input: { id: string }) => {
      if (!listBackups(dataDir).some((b) => b.id === input.id)) throw new AppError('NOT_FOUND', 'Deze reservekopie bestaat niet (meer).');
      // What this device has not sent yet is not in an older backup: it must reach the ledger first.
      if (getSyncValue(store.db, 'deviceId') !== null) {
        await sync.run().catch(() => undefined);
        const unsent = countUnsent(store.db);
        if (unsent > 0) {
          throw new AppError(
            'CONFLICT',
            `Er staan nog ${unsent} gegevens klaar voor het centrale grootboek. Synchroniseer eerst; anders gaan ze verloren.`,
            { reason: 'unsent', unsent },
          );
        }
      }
      makeBackup(store.sqlite, dataDir, clock(), 'before-restore');
      const chosen = stageRestore(dataDir, input.id, clock());
      log.warn({ backup: chosen.id }, 'restore staged for the next start');
      const restart = restartOf(host);
      if (host.restart) setTimeout(() => host.restart?.(), 500);
      return { id: chosen.id, restart };
    },
    'recovery:backups': () => {
      throw new AppError(
        'CONFLICT',
        'De gegevens op dit apparaat zijn in orde. Een beheerder zet een reservekopie terug via Instellingen.',
      );
    },
    'recovery:restore': () => {
      throw new AppError(
        'CONFLICT',
        'De gegevens op dit apparaat zijn in orde. Een beheerder zet een reservekopie terug via Instellingen.',
      );
    },
  };
}

/** When the store cannot be opened: the error screen may list and stage the device's own backups. */
export function recoveryHandlers(deps: { dataDir: string; clock: Clock; log: Logger; host: RestartingHost }) {
  const { dataDir, clock, log, host } = deps;
  return {
    'recovery:backups': () => listBackups(dataDir),
    'recovery:restore': (input: { id: string }) => {
      if (!listBackups(dataDir).some((b) => b.id === input.id)) throw new AppError('NOT_FOUND', 'Deze reservekopie bestaat niet (meer).');
      const chosen = stageRestore(dataDir, input.id, clock());
      log.warn({ backup: chosen.id, from: 'error screen' }, 'restore staged for the next start');
      if (host.restart) setTimeout(() => host.restart?.(), 500);
      return { id: chosen.id, restart: restartOf(host) };
    },
  };
}
