/** The link with the central ledger: status, runs, enrolment, conflicts, what needs attention, the offline file. */
import path from 'node:path';
import { AppError } from '../../core/api/errors.js';
import { actorOf, type WingHandlers, type Wiring } from '../api/types.js';
import { getDevice, writeFileDurably } from '../platform/index.js';
import { makePrivateDir } from '../../db/private-files.js';
import { decideReview, listAttention, markHandled } from './attention.js';
import { SyncError } from './client.js';
import { listConflicts, settleConflictLocally } from './conflicts.js';
import { backupHandlers } from './backups.js';

export function syncHandlers(w: Wiring) {
  const { db } = w.store;
  const { clock } = w;
  const { sync } = w.background;
  /** A decision goes with the next run; start one now, in the background. */
  const soon = <T>(value: T): T => {
    sync.run().catch(() => undefined);
    return value;
  };
  return {
    ...backupHandlers({ store: w.store, dataDir: w.dataDir, clock, log: w.log, host: w.host, sync }),
    'sync:status': () => sync.status(),
    // In the background: the screen follows the progress through sync:status.
    'sync:run': () => soon(sync.status()),
    'sync:enrol': async (input) => {
      const device = getDevice(db);
      if (!device) throw new AppError('CONFLICT', 'Richt dit apparaat eerst in.');
      if (device.isDemo)
        throw new AppError('CONFLICT', 'Een demo-apparaat kan niet worden aangemeld: demogegevens horen niet in het centrale grootboek.');
      // An enrolled device enrols again only with a code made for it (the ledger checks): same id, new key.
      try {
        await sync.client.enrol(input.serverUrl, input.code, { name: device.name, servicePoint: device.servicePoint });
      } catch (error) {
        if (error instanceof SyncError) throw new AppError('SYNC_FAILED', error.message, { reason: error.code });
        throw error;
      }
      return soon(sync.status());
    },
    'sync:conflicts': () => listConflicts(db),
    'sync:settle': (input, ctx) => soon(settleConflictLocally(db, clock, actorOf(ctx), input)),
    'sync:attention': () => listAttention(db),
    'sync:decide': (input, ctx) => soon(decideReview(db, clock, actorOf(ctx), input)),
    'sync:handled': (input, ctx) => markHandled(db, clock, actorOf(ctx), input.seq),
    'sync:export': () => {
      let made;
      try {
        made = sync.client.exportBatchFile();
      } catch (error) {
        if (error instanceof SyncError) throw new AppError('CONFLICT', error.message);
        throw error;
      }
      const dir = w.background.exportDir;
      makePrivateDir(dir);
      const file = path.join(dir, `buurtbalie-batch-${clock().toISOString().replace(/[:.]/g, '-')}.json`);
      writeFileDurably(file, JSON.stringify(made.file));
      w.log.info({ events: made.events }, 'offline batch file written');
      return { file, events: made.events };
    },
  } satisfies WingHandlers;
}
