/**
 * Checking for a new version (issue 17): read the ledger's feed for the device's channel, compare with the running
 * version, download and check the installer, and decide by core/updates.ts when it may be installed — at the next
 * start, or only after the outbox is empty when the new version could not send an event waiting in it. The host
 * (Electron's updater) installs; this decides and says so, for staff to see.
 */
import semver from 'semver';
import { sql } from 'drizzle-orm';
import { decideUpdate, type UpdateDecision } from '../../core/updates.js';
import type { Db } from '../../db/open-store.js';
import { unsentEvent, type Clock, type Logger } from '../platform/index.js';
import { downloadInstaller, FeedError, readFeed, type LedgerGet } from './feed.js';

export interface UpdateStatus {
  current: string;
  channel: string;
  state: 'idle' | 'current' | 'ready' | 'postponed' | 'error';
  available: string | null;
  /** When a downloaded version may be installed. */
  install: 'next-start' | 'after-sync' | null;
  /** The waiting events the new version could not send ("donation.recorded v1"). */
  blocking: string[];
  error: FeedError['reason'] | null;
  installer: string | null;
  checkedAt: string | null;
  /** The feed this was read from (<ledger>/updates/<channel>), for the host's installer. */
  feedUrl: string | null;
}

export interface UpdateDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** The running version (package.json's). */
  current: string;
  /** Where installers are kept (<data>/updates). */
  dir: string;
  send: LedgerGet;
  platform: NodeJS.Platform;
  /** The ledger this device is enrolled at (the feed is there), or null. */
  ledgerUrl: () => string | null;
  channel: () => string;
  postponedUntil: () => string | null;
  /** Told after every check (the host's installer follows the decision). */
  onChecked?: (status: UpdateStatus) => void;
}

export class UpdateService {
  private last: UpdateStatus;

  constructor(private readonly deps: UpdateDeps) {
    this.last = this.blank('idle');
  }

  status(): UpdateStatus {
    return this.last;
  }

  private blank(state: UpdateStatus['state']): UpdateStatus {
    return {
      current: this.deps.current,
      channel: this.deps.channel(),
      state,
      available: null,
      install: null,
      blocking: [],
      error: null,
      installer: null,
      checkedAt: null,
      feedUrl: null,
    };
  }

  /** The event types and versions waiting in the outbox. */
  private unsent(): { type: string; version: number }[] {
    return this.deps.db.all<{ type: string; version: number }>(sql`SELECT DISTINCT type, version FROM outbox WHERE ${unsentEvent()}`);
  }

  async check(): Promise<UpdateStatus> {
    const status = await this.checkOnce();
    this.deps.onChecked?.(status);
    return status;
  }

  private async checkOnce(): Promise<UpdateStatus> {
    const { deps } = this;
    const base = deps.ledgerUrl();
    const checkedAt = deps.clock().toISOString();
    if (!base) return (this.last = { ...this.blank('idle'), checkedAt });
    try {
      const { feed, compat } = await readFeed(deps.send, base, deps.channel(), deps.platform);
      const decision: UpdateDecision = decideUpdate({
        current: deps.current,
        feed,
        compat,
        unsent: this.unsent(),
        postponedUntil: deps.postponedUntil(),
        now: deps.clock(),
        // A version that is not semver (a development build) is never replaced.
        newer: (a, b) => semver.valid(a) !== null && semver.valid(b) !== null && semver.gt(a, b),
      });
      if (decision.kind === 'current') return (this.last = { ...this.blank('current'), checkedAt });
      if (decision.kind === 'postponed') return (this.last = { ...this.blank('postponed'), available: decision.version, checkedAt });
      const installer = await downloadInstaller(deps.send, base, deps.channel(), feed, deps.dir);
      deps.log.info({ version: decision.version, when: decision.when, blocking: decision.blocking }, 'update downloaded and checked');
      return (this.last = {
        ...this.blank('ready'),
        available: decision.version,
        install: decision.when,
        blocking: decision.blocking,
        installer,
        checkedAt,
        feedUrl: `${base}/updates/${deps.channel()}`,
      });
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      deps.log.warn({ reason: error.reason, detail: error.message.slice(0, 200) }, 'update check failed');
      return (this.last = { ...this.blank('error'), error: error.reason, checkedAt });
    }
  }
}
