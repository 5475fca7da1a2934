/**
 * Updates (issue 17): what the ledger's update feed says (electron-builder's latest.yml, and our compat.json with the
 * event formats the new version can send), and the rule that decides when a downloaded version may be installed.
 * Pure: the feed is read and the installer checked in services/updates; Electron's updater does the installing.
 */
import { z } from 'zod';

/** electron-builder's latest.yml / latest-linux.yml (the fields we use; the rest is ignored). */
export const updateFeedSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/),
  files: z
    .array(z.object({ url: z.string().min(1).max(300), sha512: z.string().min(40).max(200), size: z.number().int().positive().optional() }))
    .min(1),
  releaseDate: z.string().optional(),
});
export type UpdateFeed = z.infer<typeof updateFeedSchema>;

/** compat.json next to latest.yml: for the feed's version, every event type and the versions it can still send. */
export const updateCompatSchema = z.object({
  version: z.string(),
  sends: z.record(z.string(), z.array(z.number().int().min(1))),
});
export type UpdateCompat = z.infer<typeof updateCompatSchema>;

export const updateChannels = ['stable', 'pilot'] as const;
export type UpdateChannel = (typeof updateChannels)[number];

export type UpdateDecision =
  | { kind: 'current' }
  | { kind: 'postponed'; version: string; until: string }
  /** Install at the next start; or only once the outbox is empty, because the new version could not send an event in it. */
  | { kind: 'install'; version: string; when: 'next-start' | 'after-sync'; blocking: string[] };

/**
 * The rule: a newer version is installed at the next start — never while the outbox holds an event the new version
 * could not send (its type or version missing from compat.json; without compat.json, any event at all), and not
 * while staff postponed it. `newer` compares versions (semver).
 */
export function decideUpdate(input: {
  current: string;
  feed: UpdateFeed;
  compat: UpdateCompat | null;
  unsent: readonly { type: string; version: number }[];
  postponedUntil: string | null;
  now: Date;
  newer: (a: string, b: string) => boolean;
}): UpdateDecision {
  const { feed } = input;
  if (!input.newer(feed.version, input.current)) return { kind: 'current' };
  if (input.postponedUntil && Date.parse(input.postponedUntil) > input.now.getTime()) {
    return { kind: 'postponed', version: feed.version, until: input.postponedUntil };
  }
  const compat = input.compat?.version === feed.version ? input.compat : null;
  const blocking = [
    ...new Set(
      input.unsent.filter((e) => !compat || !(compat.sends[e.type] ?? []).includes(e.version)).map((e) => `${e.type} v${e.version}`),
    ),
  ];
  return { kind: 'install', version: feed.version, when: blocking.length > 0 ? 'after-sync' : 'next-start', blocking };
}
