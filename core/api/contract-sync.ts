import { z } from 'zod';
import { conflictStates, deviceReportSchema, reviewDecisions, reviewStates, settlementDecisions } from '../sync/protocol.js';

export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  tenantName: z.string().nullable(),
  deviceId: z.string().nullable(),
  running: z.boolean(),
  progress: z
    .object({
      phase: z.enum(['push', 'pull']),
      sent: z.number().int(),
      toSend: z.number().int(),
      pulled: z.number().int(),
    })
    .nullable(),
  lastSyncAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** In Dutch, for the screen; null after a successful run. */
  lastError: z.string().nullable(),
  unsent: z.number().int(),
  /** Photos the ledger does not have yet, and photos taken in elsewhere whose bytes are still to come. */
  photos: z.object({ toSend: z.number().int(), toFetch: z.number().int() }),
  openConflicts: z.number().int(),
  /** Answers of the ledger a person must see (pending, quarantined, overruled), not yet marked handled. */
  attention: z.number().int(),
  /** Donations of any device the ledger holds as pending, with no decision sent from here. */
  pendingReviews: z.number().int(),
  /** The code of the last failure (DEVICE_REVOKED, NETWORK, …), for what the screen offers; null after success. */
  lastErrorCode: z.string().nullable(),
  nightlyAt: z.string(),
  /** Set when the ledger found this device's clock far off (ms, device minus ledger). */
  clockSkewMs: z.number().int().nullable(),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const conflictViewSchema = z.object({
  contestedRedemptionId: z.string(),
  countedRedemptionId: z.string(),
  ours: z.enum(['contested', 'counted']),
  state: z.enum(conflictStates),
  valueCents: z.number().int(),
  /** This device's donation: masked code, when, which initiatives. */
  maskedCode: z.string().nullable(),
  takenAt: z.string().nullable(),
  initiatives: z.array(z.object({ number: z.number().int(), title: z.string(), amountCents: z.number().int() })),
  note: z.string().nullable(),
  settledAt: z.string().nullable(),
  settlementSent: z.boolean(),
});
export type ConflictView = z.infer<typeof conflictViewSchema>;

const initiativeRef = z.object({ number: z.number().int().nullable(), title: z.string().nullable(), amountCents: z.number().int() });

export const attentionViewSchema = z.object({
  items: z.array(
    z.object({
      seq: z.number().int(),
      type: z.string(),
      outcome: z.enum(['pending', 'quarantined', 'overruled']),
      /** The ledger's reason (technical, English); the screen says what it means in plain words. */
      reason: z.string().nullable(),
      /** This device's donation it concerns (masked), or the initiative. */
      maskedCode: z.string().nullable(),
      initiative: z.object({ number: z.number().int(), title: z.string() }).nullable(),
      createdAt: z.string(),
      handledAt: z.string().nullable(),
    }),
  ),
  reviews: z.array(
    z.object({
      redemptionId: z.string(),
      /** Taken on this device (then maskedCode is known). */
      ours: z.boolean(),
      maskedCode: z.string().nullable(),
      roundId: z.string(),
      valueCents: z.number().int(),
      districtCode: z.string().nullable(),
      initiatives: z.array(initiativeRef),
      flags: z.array(z.string()),
      state: z.enum(reviewStates),
      note: z.string().nullable(),
      at: z.string(),
      decidedAt: z.string().nullable(),
      decisionSent: z.boolean(),
    }),
  ),
  /** The ledger's device reports (core/sync/feed.ts), with each initiative named as this device knows it. */
  devices: z.array(
    deviceReportSchema.extend({
      withheld: deviceReportSchema.shape.withheld.extend({
        initiatives: z.array(
          z.object({
            number: z.number().int().nullable(),
            title: z.string().nullable(),
            donations: z.number().int(),
            cents: z.number().int(),
          }),
        ),
      }),
    }),
  ),
});
export type AttentionView = z.infer<typeof attentionViewSchema>;

const empty = z.object({}).strict();

export const syncContract = {
  'sync:status': { input: empty, output: syncStatusSchema, access: 'staff' },
  'sync:run': { input: empty, output: syncStatusSchema, access: 'sync' },
  'sync:enrol': {
    input: z
      .object({
        serverUrl: z.string().trim().min(1).max(300),
        code: z.string().trim().min(6).max(64),
      })
      .strict(),
    output: syncStatusSchema,
    access: 'administer',
  },
  'sync:conflicts': { input: empty, output: z.array(conflictViewSchema), access: 'sync' },
  'sync:settle': {
    input: z
      .object({
        contestedRedemptionId: z.string().uuid(),
        decision: z.enum(settlementDecisions),
        note: z.string().trim().min(1).max(500),
      })
      .strict(),
    output: z.array(conflictViewSchema),
    access: 'assess',
  },
  'sync:attention': { input: empty, output: attentionViewSchema, access: 'sync' },
  'sync:decide': {
    input: z
      .object({
        redemptionId: z.string().uuid(),
        decision: z.enum(reviewDecisions),
        note: z.string().trim().min(1).max(500),
      })
      .strict(),
    output: attentionViewSchema,
    access: 'assess',
  },
  'sync:handled': {
    input: z.object({ seq: z.number().int().positive() }).strict(),
    output: attentionViewSchema,
    access: ['assess', 'administer'],
  },
  'sync:export': { input: empty, output: z.object({ file: z.string(), events: z.number().int() }), access: 'sync' },
} as const;
