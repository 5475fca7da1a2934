/** Updates in the app: the state for staff (and postponing), a check now and the channel for the beheerder. */
import type { WingHandlers, Wiring } from '../api/types.js';
import { getSyncValue, setSyncValue } from '../sync/index.js';
import type { UpdateService } from './service.js';

export const POSTPONE_MS = 24 * 60 * 60 * 1000;

export function updateHandlers(w: Wiring) {
  const { db } = w.store;
  const updates: UpdateService = w.background.updates;
  const view = () => ({
    ...updates.status(),
    channel: updates.status().channel as 'stable' | 'pilot',
    postponedUntil: getSyncValue(db, 'updatePostponedUntil'),
  });
  return {
    'updates:status': () => view(),
    'updates:postpone': async () => {
      const until = new Date(w.clock().getTime() + POSTPONE_MS).toISOString();
      setSyncValue(db, 'updatePostponedUntil', until);
      w.log.info({ until }, 'update postponed by staff');
      await updates.check();
      return view();
    },
    'updates:check': async () => {
      await updates.check();
      return view();
    },
    'updates:channel': async (input) => {
      setSyncValue(db, 'updateChannel', input.channel);
      setSyncValue(db, 'updatePostponedUntil', null);
      w.log.info({ channel: input.channel }, 'update channel pinned');
      await updates.check();
      return view();
    },
  } satisfies WingHandlers;
}
