import { z } from 'zod';
import { conflictStates, settlementDecisions } from '../sync/protocol.js';

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
  'sync:export': { input: empty, output: z.object({ file: z.string(), events: z.number().int() }), access: 'sync' },
} as const;
