/**
 * The types every wing's handlers.ts shares: a handler per contract entry, the context the dispatcher
 * gives it, and what a wing needs from the composition root (services/app.ts).
 */
import type { ApiName } from '../../core/api/names.js';
import type { OutputOf, ParsedInputOf } from '../../core/api/contract.js';
import { AppError } from '../../core/api/errors.js';
import type { ServiceDeps } from '../platform/index.js';
import type { SessionActor, SessionManager } from '../staff/index.js';
import type { PrintQueue } from '../printing/index.js';
import type { UpdateService } from '../updates/index.js';
import type { SyncService } from '../sync/index.js';

export interface HandlerContext {
  /** Set for every entry whose access is not 'public'. */
  actor: SessionActor | null;
  session: SessionManager;
}
export type Handler<N extends ApiName> = (input: ParsedInputOf<N>, ctx: HandlerContext) => OutputOf<N> | Promise<OutputOf<N>>;
export type Handlers = { [N in ApiName]: Handler<N> };
/** A wing's handlers: only names of the contract (an extra or misspelt one does not compile). */
export type WingHandlers = Partial<Handlers>;

export interface HostInfo {
  kind: 'electron' | 'browser';
  version: string;
  /** Opens a folder in the operating system's file manager (Electron's shell.openPath); absent in browser mode. */
  openFolder?: (folder: string) => Promise<void>;
  /** Starts the app again (Electron: relaunch and quit); absent in browser mode, where a person restarts it. */
  restart?: () => void;
}

export interface Background {
  printing: PrintQueue;
  sync: SyncService;
  /** Where an offline batch file is written for the administrator to carry to the ledger. */
  exportDir: string;
  /** The update feed's check and the decision when to install (services/updates). */
  updates: UpdateService;
}

/** What the composition root hands every wing's handlers. */
export interface Wiring extends ServiceDeps {
  host: HostInfo;
  /** The app's data folder (backups live in <dataDir>/backups). */
  dataDir: string;
  districtsCsv: string;
  background: Background;
  /** Receipts print after the commit, in the background: the answer never waits for the printer. */
  printLater(): void;
  /** The embedded fonts (DejaVu Sans) for PDFs: receipts and reports. */
  fontsDir: string;
}

export function actorOf(ctx: HandlerContext): SessionActor {
  if (!ctx.actor) throw new AppError('NOT_LOGGED_IN', 'U bent niet ingelogd.');
  return ctx.actor;
}
