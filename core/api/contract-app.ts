import { z } from 'zod';
import { pinSchema, sessionInfoSchema, nameSchema } from './contract-session.js';

export const storeStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok') }),
  z.object({
    state: z.literal('error'),
    reason: z.enum(['wrong-key-or-not-a-store', 'corrupt', 'disk-full', 'no-access', 'key-missing', 'migration-failed', 'newer-version']),
    /** Where the store lives, so staff can tell the administrator. */
    location: z.string(),
  }),
]);
export type StoreState = z.infer<typeof storeStateSchema>;

export const appStatusSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  store: storeStateSchema,
  setupDone: z.boolean(),
  device: z.object({ name: z.string(), servicePoint: z.string(), isDemo: z.boolean() }).nullable(),
  lastSyncAt: z.string().nullable(),
  unsentCount: z.number().int().nonnegative(),
  /** Receipts waiting for the printer, and those that failed. */
  printQueued: z.number().int().nonnegative(),
  printFailed: z.number().int().nonnegative(),
  /** The central ledger: not set up on this device, answering, or not answering at the last attempt. */
  ledger: z.enum(['none', 'reachable', 'unreachable']),
  /** How far the PC's clock is off against the ledger's (ms, + = ahead), when more than the protocol allows; else null. */
  clockSkewMs: z.number().int().nullable(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const appContract = {
  'app:status': { input: z.object({}).strict(), output: appStatusSchema, access: 'public' },
  'setup:complete': {
    input: z
      .object({
        deviceName: nameSchema,
        servicePoint: nameSchema,
        adminName: nameSchema,
        adminPin: pinSchema,
        demo: z.boolean(),
      })
      .strict(),
    output: sessionInfoSchema,
    access: 'public',
  },
} as const;
