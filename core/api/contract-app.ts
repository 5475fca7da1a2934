import { z } from 'zod';
import { auditEntrySchema } from '../audit.js';
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
  /** How this device's municipality and its platform are known (from the ledger at enrolment; defaults before that). */
  municipality: z.object({ name: z.string(), platform: z.string() }),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

/** A backup of the local store on this device (services/platform/backup.ts). */
export const backupSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  reason: z.enum(['daily', 'manual', 'before-restore', 'before-update']),
  lastSeq: z.number().int(),
  bytes: z.number().int(),
});
export type Backup = z.infer<typeof backupSchema>;
const backupIdSchema = z.object({ id: z.string().regex(/^buurtbalie-\d{8}T\d{6}(\d{3})?Z-[a-z-]+?(-\d+)?\.db$/) }).strict();
/** What a staged restore needs: the app starts again (Electron does it itself; in browser mode a person does). */
export const restoreStagedSchema = z.object({ id: z.string(), restart: z.enum(['now', 'by-hand']) });

/** The beheerder's view of the audit trail (core/audit.ts): a page, newest first, and whether the chain verifies. */
export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  verified: z.object({ entries: z.number().int(), brokenAt: z.number().int().nullable() }),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** What the device knows of a new version (services/updates): shown to staff, who may postpone it. */
export const updateStatusSchema = z.object({
  current: z.string(),
  channel: z.enum(['stable', 'pilot']),
  state: z.enum(['idle', 'current', 'ready', 'postponed', 'error']),
  available: z.string().nullable(),
  install: z.enum(['next-start', 'after-sync']).nullable(),
  blocking: z.array(z.string()),
  error: z.enum(['offline', 'no-feed', 'bad-feed', 'checksum', 'disk']).nullable(),
  installer: z.string().nullable(),
  checkedAt: z.string().nullable(),
  feedUrl: z.string().nullable(),
  postponedUntil: z.string().nullable(),
});
export type UpdateStatusView = z.infer<typeof updateStatusSchema>;

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
  'audit:list': {
    input: z.object({ before: z.number().int().min(1).nullable() }).strict(),
    output: auditPageSchema,
    access: 'administer',
  },
  'updates:status': { input: z.object({}).strict(), output: updateStatusSchema, access: 'staff' },
  /** Staff put a new version off for a day (it then installs at a later start). */
  'updates:postpone': { input: z.object({}).strict(), output: updateStatusSchema, access: 'staff' },
  /** The beheerder checks now, and pins the channel (stable, or pilot for a test counter). */
  'updates:check': { input: z.object({}).strict(), output: updateStatusSchema, access: 'administer' },
  'updates:channel': {
    input: z.object({ channel: z.enum(['stable', 'pilot']) }).strict(),
    output: updateStatusSchema,
    access: 'administer',
  },
  /** The beheerder's backups in Instellingen: list, make one now, go back to one (at the next start). */
  'store:backups': { input: z.object({}).strict(), output: z.array(backupSchema), access: 'administer' },
  'store:backup': { input: z.object({}).strict(), output: backupSchema, access: 'administer' },
  'store:restore': { input: backupIdSchema, output: restoreStagedSchema, access: 'administer' },
  /**
   * When the store cannot be opened there is no login: the error screen lists the device's own backups (encrypted
   * with the same key) and stages one. With a store that opens these answer CONFLICT: a beheerder uses Instellingen.
   */
  'recovery:backups': { input: z.object({}).strict(), output: z.array(backupSchema), access: 'public' },
  'recovery:restore': { input: backupIdSchema, output: restoreStagedSchema, access: 'public' },
} as const;
