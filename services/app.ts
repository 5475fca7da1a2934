/**
 * The composition root shared by every host (Electron main and browser mode): open the store,
 * build the handlers, hand out one session per window or token. No Electron in here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StoreState } from '../core/api/contract-app.js';
import type { OutputOf } from '../core/api/contract.js';
import type { ApiResult } from '../core/api/errors.js';
import type { ApiName } from '../core/api/names.js';
import { openStore, StoreOpenError, type Store } from '../db/open-store.js';
import { createDispatcher } from './api/dispatch.js';
import { createHandlers, statusOnlyHandler, type HostInfo } from './api/handlers.js';
import type { Clock, Logger } from './platform/deps.js';
import { SessionManager } from './staff/session.js';
import { PrintQueue } from './printing/print-queue.js';
import { getSettings } from './platform/settings.js';
import { prepareEventChecks } from './platform/event-check.js';
import { expireDeadlines } from './initiatives/lifecycle.js';
import { loadOrCreateStoreKey, type KeyWrapper } from './platform/store-key.js';
import { DRAFT_RETENTION_DAYS, purgeStaleDrafts } from './initiatives/registration.js';
import { SyncService } from './sync/service.js';
import { BACKUP_CHECK_MS, dailyBackup, holdChainAfterRestore, recoveryHandlers } from './sync/backups.js';
import { applyPendingRestore, makeBackup, recordAudit, takeAppliedRestore } from './platform/index.js';
import { auditEntryFor } from './api/audit.js';
import type { SyncHooks } from './sync/client.js';
import { directFetch, type LedgerFetch } from './sync/transport.js';
import { getSyncValue } from './sync/state.js';
import { UpdateService, type UpdateStatus } from './updates/index.js';

export interface AppOptions {
  dataDir: string;
  resourcesDir: string;
  migrationsFolder: string;
  host: HostInfo;
  log: Logger;
  keyWrapper: KeyWrapper;
  envKey?: string | undefined;
  clock?: Clock;
  checkOutputs?: boolean;
  /** Where PDF receipts are saved (default: <dataDir>/bonnen). */
  receiptsDir?: string;
  /** Where an offline batch file is written (default: <dataDir>/verzenden). */
  exportDir?: string;
  /** Background sync with the central ledger (default on); tests drive it themselves. */
  backgroundSync?: boolean;
  /** Test seam for fault injection in the sync client. */
  syncHooks?: SyncHooks;
  /** How the sync client reaches the ledger: Electron's net.fetch (system proxy), or a proxy in browser mode. */
  ledgerFetch?: LedgerFetch;
  /** Told after every update check (Electron hands the decision to its updater: main/electron/updater.ts). */
  onUpdateChecked?: (status: UpdateStatus) => void;
}

export interface Connection {
  /** Typed when the name is known at compile time; hosts pass whatever arrived (it is checked). */
  call<N extends ApiName>(name: N, input: unknown): Promise<ApiResult<OutputOf<N>>>;
  call(name: unknown, input: unknown): Promise<ApiResult<unknown>>;
}

export interface BuurtbalieApp {
  readonly storeState: StoreState;
  readonly store: Store | null;
  /** Null when the store could not be opened. */
  readonly sync: SyncService | null;
  /** A fresh login state: one per window (Electron) or per token (browser mode). */
  connect(): Connection;
  close(): void;
}

export function storePaths(dataDir: string): { storeFile: string; keyFile: string } {
  return { storeFile: path.join(dataDir, 'buurtbalie.db'), keyFile: path.join(dataDir, 'store-key.bin') };
}

export function startApp(options: AppOptions): BuurtbalieApp {
  const clock = options.clock ?? (() => new Date());
  const { storeFile, keyFile } = storePaths(options.dataDir);
  let store: Store | null = null;
  let storeState: StoreState = { state: 'ok' };
  try {
    // A backup a beheerder chose to go back to takes the store's place before it opens (platform/backup.ts).
    applyPendingRestore(options.dataDir, storeFile, clock());
  } catch (error) {
    options.log.error(
      { code: (error as { code?: string }).code ?? 'unknown' },
      'restoring the chosen backup failed; the store is unchanged',
    );
  }
  try {
    const keyHex = loadOrCreateStoreKey({ storeFile, keyFile, wrapper: options.keyWrapper, envKey: options.envKey });
    store = openStore({
      file: storeFile,
      keyHex,
      migrationsFolder: options.migrationsFolder,
      onEvent: (event, facts) => options.log.info(facts, event),
    });
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    const cause = error.cause as { code?: string; message?: string } | undefined;
    options.log.error({ reason: error.reason, cause: cause?.code ?? cause?.message?.slice(0, 200) }, 'store cannot be opened');
    storeState = { state: 'error', reason: error.reason, location: storeFile };
  }

  if (!store || storeState.state === 'error') {
    const call = createDispatcher({
      handlers: {
        'app:status': statusOnlyHandler(storeState as Extract<StoreState, { state: 'error' }>, options.host),
        ...recoveryHandlers({ dataDir: options.dataDir, clock, log: options.log, host: options.host }),
      },
      log: options.log,
    });
    return {
      storeState,
      store: null,
      sync: null,
      connect: () => ({ call: (n: unknown, i: unknown) => call(n, i, null) }) as Connection,
      close: () => undefined,
    };
  }

  const openedStore = store;
  const districtsCsv = fs.readFileSync(path.join(options.resourcesDir, 'data', 'almelo-wijken.csv'), 'utf8');
  const deps = { store: openedStore, clock, log: options.log };
  // Said once at start: a stored setting that is not valid any more, and uses its default.
  getSettings(openedStore.db, options.log);
  takeAppliedRestore(options.dataDir, (restored) => holdChainAfterRestore(openedStore.db, restored, options.log));
  dailyBackup(openedStore, options.dataDir, clock, options.log);
  const backupTimer = setInterval(() => dailyBackup(openedStore, options.dataDir, clock, options.log), BACKUP_CHECK_MS);
  backupTimer.unref();
  const logoFile = path.join(options.resourcesDir, 'printer', 'logo.png');
  const printing = new PrintQueue({
    db: openedStore.db,
    clock,
    log: options.log,
    pdfDir: options.receiptsDir ?? path.join(options.dataDir, 'bonnen'),
    fontsDir: path.join(options.resourcesDir, 'fonts'),
    logo: fs.existsSync(logoFile) ? fs.readFileSync(logoFile) : null,
    printer: () => getSettings(openedStore.db).printer,
  });
  // Jobs left waiting by the previous run (printer off, app closed) are tried again at start.
  void printing.kick();
  // Saving deadlines pass at midnight: check at start and every hour.
  // Forgotten drafts (they hold residents' personal data) are not kept for ever: checked at the same moments.
  const checkDeadlines = () => {
    try {
      const expired = expireDeadlines(openedStore.db, clock);
      if (expired > 0) options.log.info({ expired }, 'initiatives past their saving deadline');
      const purged = purgeStaleDrafts(openedStore.db, clock);
      if (purged > 0) options.log.info({ purged, days: DRAFT_RETENTION_DAYS }, 'drafts unchanged for too long deleted');
    } catch (error) {
      options.log.error({ detail: error instanceof Error ? error.message.slice(0, 120) : String(error) }, 'deadline check failed');
    }
  };
  checkDeadlines();
  // The outbox's compiled check of a donation's event is built now, not by the first donation (platform/event-check.ts).
  setImmediate(() => {
    try {
      prepareEventChecks();
    } catch (error) {
      // A programming error (tests/unit/event-check.test.ts); the first donation will say so too, and nothing is written.
      options.log.error({ detail: error instanceof Error ? error.message.slice(0, 200) : String(error) }, 'event check not built');
    }
  }).unref();
  const deadlineTimer = setInterval(checkDeadlines, 3_600_000);
  deadlineTimer.unref();
  const sync = new SyncService(openedStore.db, clock, options.log, {
    ...options.syncHooks,
    ...(options.ledgerFetch ? { fetch: options.ledgerFetch } : {}),
  });
  if (options.backgroundSync ?? true) sync.start();
  let backedUpFor: string | null = null;
  // Updates: the ledger's feed for the pinned channel, checked a minute after start and then daily (tests check by hand).
  const updates = new UpdateService({
    db: openedStore.db,
    clock,
    log: options.log,
    current: options.host.version,
    dir: path.join(options.dataDir, 'updates'),
    send: options.ledgerFetch ?? directFetch,
    platform: process.platform,
    ledgerUrl: () => getSyncValue(openedStore.db, 'serverUrl'),
    channel: () => (getSyncValue(openedStore.db, 'updateChannel') === 'pilot' ? 'pilot' : 'stable'),
    postponedUntil: () => getSyncValue(openedStore.db, 'updatePostponedUntil'),
    onChecked: (status) => {
      // A backup of the store before a version that will be installed (once per version).
      if (status.state === 'ready' && status.install === 'next-start' && backedUpFor !== status.available) {
        try {
          makeBackup(openedStore.sqlite, options.dataDir, clock(), 'before-update');
          backedUpFor = status.available;
        } catch (error) {
          options.log.error({ code: (error as { code?: string }).code ?? 'unknown' }, 'backup before the update failed');
        }
      }
      options.onUpdateChecked?.(status);
    },
  });
  const checkUpdates = () =>
    void updates.check().catch((error: unknown) => options.log.error({ detail: String(error).slice(0, 200) }, 'update check failed'));
  const updateTimers =
    (options.backgroundSync ?? true) ? [setTimeout(checkUpdates, 60_000), setInterval(checkUpdates, 24 * 3_600_000)] : [];
  for (const timer of updateTimers) timer.unref();
  const call = createDispatcher({
    handlers: createHandlers({
      ...deps,
      host: options.host,
      dataDir: options.dataDir,
      districtsCsv,
      background: { printing, sync, updates, exportDir: options.exportDir ?? path.join(options.dataDir, 'verzenden') },
      printLater: () => void printing.kick(),
      fontsDir: path.join(options.resourcesDir, 'fonts'),
    }),
    log: options.log,
    checkOutputs: options.checkOutputs ?? false,
    // The audit trail of sensitive actions (core/audit.ts): one entry per outcome the rules name.
    onOutcome: (outcome) => {
      const entry = auditEntryFor(outcome, clock().toISOString());
      if (entry) recordAudit(openedStore.db, entry);
    },
  });
  return {
    storeState,
    store: openedStore,
    sync,
    connect: () => {
      const session = new SessionManager({ db: openedStore.db, clock });
      return { call: (n: unknown, i: unknown) => call(n, i, session) } as Connection;
    },
    close: () => {
      clearInterval(deadlineTimer);
      clearInterval(backupTimer);
      for (const timer of updateTimers) clearTimeout(timer);
      void printing.stop();
      void sync.stop();
      openedStore.close();
    },
  };
}
