/**
 * Applying what the device pulled from the central ledger. Every change is idempotent (a page applied
 * twice leaves the same state), and a page is applied in one transaction together with the new cursor,
 * so an interrupted pull resumes exactly where it stopped. Each change is applied by the wing that owns
 * its tables (counter, initiatives, monitor); sync/ writes only its own: conflicts, reviews, device reports.
 */
import { inArray } from 'drizzle-orm';
import type { Change } from '../../core/sync/protocol.js';
import { ledgerDeviceReports, ledgerReviews, redemptions, syncConflicts } from '../../db/schema.js';
import type { Db, Tx } from '../../db/open-store.js';
import type { Logger } from '../platform/index.js';
import {
  applyRegistryChunk,
  applyReleased,
  applyRound,
  applyUsedElsewhere,
  setLedgerState,
  voucherStatements,
  type VoucherStatements,
} from '../counter/index.js';
import {
  applyInitiativeSnapshot,
  applyPhotoChange,
  pendingDonationsByInitiative,
  recordStatusesLearned,
  statusesBefore,
} from '../initiatives/index.js';
import { applyDistrict } from '../monitor/index.js';
import { getSyncValue, setSyncValue } from './state.js';

export function applyPage(
  db: Db,
  log: Logger,
  page: { changes: Change[]; cursor: number; more?: boolean; serverTime: string; feedEpoch?: string },
  now: string,
): void {
  const raw = voucherStatements(db);
  db.transaction(
    (tx) => {
      // What this device took that the ledger has not yet, per initiative: once per page (nothing in a page changes it).
      let pending: Map<string, number> | undefined;
      const pendingNow = () => (pending ??= pendingDonationsByInitiative(tx));
      // After the ledger was restored, the feed is read again up to where this device had been (`restartFeed`):
      // those changes are applied, but their statuses were learned before — they pass through older states on the way,
      // which are no news for the history.
      const replayUntil = Number(getSyncValue(tx, 'feedReplayUntil') ?? 0);
      const replayed = replayUntil > 0 ? page.changes.filter((c) => c.id <= replayUntil) : [];
      const fresh = replayUntil > 0 ? page.changes.filter((c) => c.id > replayUntil) : page.changes;
      for (const change of replayed) applyChange(tx, raw, log, change, page.serverTime, now, pendingNow);
      // Each initiative's status before the rest of the page: the history gets what changed over the whole page, so
      // an older state the feed still held (from before this device's own change) does not show as a change.
      const before = statusesBefore(tx, fresh);
      for (const change of fresh) applyChange(tx, raw, log, change, page.serverTime, now, pendingNow);
      recordStatusesLearned(tx, fresh, before);
      // Read again up to there, or to the feed's end (the restored feed may end before it): the replay is over.
      if (replayUntil > 0 && (page.cursor >= replayUntil || page.more === false)) setSyncValue(tx, 'feedReplayUntil', null);
      setSyncValue(tx, 'cursor', String(page.cursor));
      // The cursor belongs to its feed: both or neither.
      if (page.feedEpoch !== undefined) setSyncValue(tx, 'feedEpoch', page.feedEpoch);
    },
    { behavior: 'immediate' },
  );
}

/**
 * A new feed epoch: the ledger was restored from a backup and numbers its changes again from the backup's last one, so
 * a cursor beyond that would skip them. The cursor goes back to at most `base`, with the new epoch; the feed up to
 * where this device had been is then read again — applied, but no news for the initiatives' history (applyPage).
 * Answers the cursor to ask from.
 */
export function restartFeed(db: Db, after: number, epoch: string, base: number): number {
  const back = Math.min(after, base);
  db.transaction(
    (tx) => {
      setSyncValue(tx, 'cursor', String(back));
      setSyncValue(tx, 'feedEpoch', epoch);
      if (back < after) setSyncValue(tx, 'feedReplayUntil', String(Math.max(after, Number(getSyncValue(tx, 'feedReplayUntil') ?? 0))));
    },
    { behavior: 'immediate' },
  );
  return back;
}

function applyChange(
  tx: Tx,
  raw: VoucherStatements,
  log: Logger,
  change: Change,
  serverTime: string,
  now: string,
  pending: () => ReadonlyMap<string, number>,
): void {
  switch (change.kind) {
    case 'district':
      return applyDistrict(tx, change.data);
    case 'round':
      return applyRound(tx, change.data, serverTime);
    case 'registry':
      return applyRegistryChunk(raw, change.data);
    case 'used':
      return applyUsedElsewhere(raw, change.data, serverTime);
    case 'released':
      return applyReleased(tx, change.data);
    case 'initiative':
      return applyInitiativeSnapshot(tx, log, change.data, pending());
    case 'photo':
      return applyPhotoChange(tx, change.data);
    case 'conflict': {
      const c = change.data;
      const ids = [c.contestedRedemptionId, c.countedRedemptionId];
      const mine = tx.select({ id: redemptions.id }).from(redemptions).where(inArray(redemptions.id, ids)).all();
      const ours = mine.some((m) => m.id === c.contestedRedemptionId) ? 'contested' : 'counted';
      if (mine.length === 0) {
        log.warn({ change: change.id }, 'conflict for a donation this device does not have');
        return;
      }
      const values = {
        countedRedemptionId: c.countedRedemptionId,
        ours: ours as 'contested' | 'counted',
        roundId: c.roundId,
        valueCents: c.valueCents,
        state: c.state,
        note: c.note,
        settledAt: c.settledAt,
        updatedAt: now,
      };
      tx.insert(syncConflicts)
        .values({ contestedRedemptionId: c.contestedRedemptionId, ...values, createdAt: now })
        .onConflictDoUpdate({
          target: syncConflicts.contestedRedemptionId,
          set: c.state === 'open' ? values : { ...values, settlementSentAt: null },
        })
        .run();
      const contestedState = c.state === 'open' ? 'contested' : c.state === 'kept-other' ? 'void' : 'counted';
      const countedState = c.state === 'counted-this' ? 'void' : 'counted';
      setLedgerState(tx, c.contestedRedemptionId, contestedState);
      // A winner the ledger still holds as pending stays pending here (its review decides it).
      setLedgerState(tx, c.countedRedemptionId, countedState, { keepPending: true });
      return;
    }
    case 'review': {
      applyReview(tx, change.data, now);
      return;
    }
    case 'device': {
      const r = change.data;
      const values = { report: JSON.stringify(r), updatedAt: now };
      tx.insert(ledgerDeviceReports)
        .values({ deviceId: r.deviceId, ...values })
        .onConflictDoUpdate({ target: ledgerDeviceReports.deviceId, set: values })
        .run();
      return;
    }
  }
}

/**
 * A pending donation of any device, and its decision. On the device that took it, the donation shows
 * the same state: pending, counted once confirmed, rejected; its reversal needs nothing more here.
 */
function applyReview(tx: Tx, r: Extract<Change, { kind: 'review' }>['data'], now: string): void {
  const values = {
    deviceId: r.deviceId,
    roundId: r.roundId,
    valueCents: r.valueCents,
    districtCode: r.districtCode,
    parts: JSON.stringify(r.parts),
    flags: JSON.stringify(r.flags),
    state: r.state,
    note: r.note,
    at: r.at,
    decidedAt: r.decidedAt,
    updatedAt: now,
  };
  tx.insert(ledgerReviews)
    .values({ redemptionId: r.redemptionId, ...values })
    .onConflictDoUpdate({ target: ledgerReviews.redemptionId, set: r.state === 'pending' ? values : { ...values, decisionSentAt: null } })
    .run();
  const state = r.state === 'pending' ? 'pending' : r.state === 'confirmed' ? 'counted' : r.state === 'rejected' ? 'rejected' : null;
  if (state) setLedgerState(tx, r.redemptionId, state);
}
