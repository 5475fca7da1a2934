/**
 * Sync in the background: at start, nightly at the time the beheerder set, on "Nu synchroniseren",
 * and — while something waits to be sent or the last attempt failed — again every few minutes, so
 * it goes as soon as the network is back. One run at a time: a second request joins the running one.
 */
import { syncErrorMessage } from '../../core/sync/sync-errors.js';
import { eq, sql } from 'drizzle-orm';
import type { SyncStatusView } from '../../core/api/contract-sync.js';
import { outbox, syncConflicts } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock, Logger } from '../platform/index.js';
import { getSettings, unsentEvent } from '../platform/index.js';
import { nightlyDue } from '../../core/business-day.js';
import { getSyncValue, setSyncValue } from './state.js';
import { photoBacklog } from './photos.js';
import { attentionCounts } from './attention.js';
import { SyncClient, SyncError, isEnrolled, type SyncHooks, type SyncProgress } from './client.js';

const RETRY_MS = 5 * 60_000;
const TICK_MS = 60_000;

export class SyncService {
  readonly client: SyncClient;
  private running: Promise<void> | null = null;
  private progress: SyncProgress | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    hooks: SyncHooks = {},
  ) {
    this.client = new SyncClient(db, clock, log, hooks);
  }

  /** Start the schedule: a first run shortly after start, then a check every minute. */
  start(options: { firstRunAfterMs?: number } = {}): void {
    if (this.timer) return;
    const first = setTimeout(() => void this.maybeRun('start'), options.firstRunAfterMs ?? 5_000);
    first.unref();
    this.timer = setInterval(() => void this.maybeRun('tick'), TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Decide whether a background run is due now. */
  private async maybeRun(reason: 'start' | 'tick'): Promise<void> {
    if (!isEnrolled(this.db) || this.running) return;
    const now = this.clock();
    const lastOk = getSyncValue(this.db, 'lastSyncAt');
    const lastAttempt = getSyncValue(this.db, 'lastAttemptAt');
    const failing = getSyncValue(this.db, 'lastError') !== null;
    const unsent = this.unsent();
    const since = (iso: string | null) => (iso ? now.getTime() - Date.parse(iso) : Infinity);
    const due =
      reason === 'start' ||
      nightlyDue(now, lastOk ? new Date(lastOk) : null, getSettings(this.db).sync.nightlyAt) ||
      ((failing || unsent > 0) && since(lastAttempt) >= RETRY_MS);
    if (due) await this.run().catch(() => undefined);
  }

  /** Run now (or join the run in progress). Rejects with a SyncError when it fails. */
  run(): Promise<void> {
    if (this.running) return this.running;
    if (!isEnrolled(this.db)) return Promise.reject(new SyncError('NOT_ENROLLED', syncErrorMessage('NOT_ENROLLED')));
    this.running = this.runOnce().finally(() => {
      this.running = null;
      this.progress = null;
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const started = this.clock().toISOString();
    setSyncValue(this.db, 'lastAttemptAt', started);
    this.progress = { phase: 'push', sent: 0, toSend: this.unsent(), pulled: 0 };
    try {
      const pushed = await this.client.push((sent, toSend) => (this.progress = { phase: 'push', sent, toSend, pulled: 0 }));
      // Photos after the events: the ledger takes a photo only for an initiative it knows.
      const photosUp = await this.client.sendPhotos();
      const audit = await this.client.pushAudit();
      this.progress = { phase: 'pull', sent: pushed.sent, toSend: pushed.sent, pulled: 0 };
      const pulled = await this.client.pull((n) => {
        if (this.progress) this.progress = { ...this.progress, pulled: n };
      });
      const photosDown = await this.client.fetchPhotos();
      // The monitor's figures are extra: without them the sync still did its work (the screen shows their date).
      const monitor = await this.client.fetchMonitor().catch((error: unknown) => {
        this.log.warn({ detail: error instanceof SyncError ? error.code : String(error).slice(0, 200) }, 'monitor figures not fetched');
        return false;
      });
      setSyncValue(this.db, 'lastSyncAt', this.clock().toISOString());
      setSyncValue(this.db, 'lastError', null);
      setSyncValue(this.db, 'lastErrorCode', null);
      this.log.info(
        { sent: pushed.sent, contested: pushed.contested, pulled: pulled.pulled, photos: { ...photosUp, ...photosDown }, monitor, audit },
        'sync done',
      );
    } catch (error) {
      const failure =
        error instanceof SyncError ? error : new SyncError('INTERNAL', syncErrorMessage('INTERNAL'), String(error).slice(0, 200));
      setSyncValue(this.db, 'lastError', failure.message);
      setSyncValue(this.db, 'lastErrorCode', failure.code);
      this.log.warn({ code: failure.code, detail: failure.detail }, 'sync failed');
      throw failure;
    }
  }

  unsent(): number {
    return (
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(outbox)
        .where(unsentEvent())
        .get()?.n ?? 0
    );
  }

  status(): SyncStatusView {
    const openConflicts =
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(syncConflicts)
        .where(eq(syncConflicts.state, 'open'))
        .get()?.n ?? 0;
    const skew = getSyncValue(this.db, 'clockSkewMs');
    return {
      enrolled: isEnrolled(this.db),
      serverUrl: getSyncValue(this.db, 'serverUrl'),
      tenantName: getSyncValue(this.db, 'tenantName'),
      deviceId: getSyncValue(this.db, 'deviceId'),
      running: this.running !== null,
      progress: this.progress,
      lastSyncAt: getSyncValue(this.db, 'lastSyncAt'),
      lastAttemptAt: getSyncValue(this.db, 'lastAttemptAt'),
      lastError: getSyncValue(this.db, 'lastError'),
      unsent: this.unsent(),
      photos: photoBacklog(this.db),
      openConflicts,
      ...attentionCounts(this.db),
      lastErrorCode: getSyncValue(this.db, 'lastErrorCode'),
      nightlyAt: getSettings(this.db).sync.nightlyAt,
      clockSkewMs: skew ? Number(skew) : null,
    };
  }
}
