/** The device itself: its status, first-run setup, settings. */
import type { SessionInfo } from '../../core/api/contract-session.js';
import type { StoreState } from '../../core/api/contract-app.js';
import type { Handler, HostInfo, WingHandlers, Wiring } from '../api/types.js';
import { countUnsent } from './outbox.js';
import { listAudit, verifyAudit } from './audit.js';
import { getSettings, updateSettings } from './settings.js';
import { completeSetup } from '../setup/index.js';
import { getDevice, municipalityOf } from './device.js';
import { getLastSyncAt, ledgerLink } from '../sync/index.js';
import { DEFAULT_MUNICIPALITY, DEFAULT_PLATFORM } from '../../core/receipt.js';

export function platformHandlers(w: Wiring) {
  const { db } = w.store;
  return {
    'app:status': () => {
      const device = getDevice(db);
      const printStatus = w.background.printing.status();
      return {
        version: w.host.version,
        host: w.host.kind,
        store: { state: 'ok' },
        setupDone: device !== null,
        municipality: municipalityOf(db),
        device: device ? { name: device.name, servicePoint: device.servicePoint, isDemo: device.isDemo } : null,
        lastSyncAt: getLastSyncAt(db),
        unsentCount: countUnsent(db),
        printQueued: printStatus.queued,
        printFailed: printStatus.failed,
        ...ledgerLink(db),
      };
    },
    'setup:complete': async (input, ctx): Promise<SessionInfo> => {
      const admin = await completeSetup(db, w.clock, input, w.districtsCsv);
      w.log.info({ demo: input.demo }, 'device set up');
      return ctx.session.login(admin.id, input.adminPin);
    },
    'settings:get': () => getSettings(db, w.log),
    'settings:update': (input) => updateSettings(db, input),
    'audit:list': (input) => ({ entries: listAudit(db, input.before, 100), verified: verifyAudit(db) }),
  } satisfies WingHandlers;
}

/** When the store cannot be opened, only the status call answers; it says why and where. */
export function statusOnlyHandler(store: Extract<StoreState, { state: 'error' }>, host: HostInfo): Handler<'app:status'> {
  return () => ({
    version: host.version,
    host: host.kind,
    store,
    setupDone: false,
    device: null,
    lastSyncAt: null,
    unsentCount: 0,
    printQueued: 0,
    printFailed: 0,
    ledger: 'none',
    clockSkewMs: null,
    municipality: { name: DEFAULT_MUNICIPALITY, platform: DEFAULT_PLATFORM },
  });
}
