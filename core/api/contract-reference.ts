import { z } from 'zod';
import { initiativeStatuses, themes } from '../initiative-status.js';
import { printerSettingsSchema } from '../printer-settings.js';
import { lifecycleActions } from '../initiative-lifecycle.js';
import { assessmentSchema } from '../conditions.js';
import { monitorSnapshotSchema } from '../monitor.js';

export const settingsSchema = z.object({
  idleLockMinutes: z.number().int().min(1).max(120),
  /** After this many hours without a registry update the registry counts as stale. */
  registryStaleHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** While stale: may a well-formed but unknown code be taken, marked for the ledger to confirm? */
  acceptUnknownWhenStale: z.boolean(),
  /** …and by which counter roles. */
  acceptUnknownRoles: z.array(z.enum(['baliemedewerker', 'wijkondersteuner'])).max(2),
  printer: printerSettingsSchema,
  /** The platform's website; receipts carry a QR code to the initiative's page there. */
  platformUrl: z.string().url().max(200),
  /** When the nightly sync runs (local time, HH:MM). */
  sync: z.object({ nightlyAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const districtSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['wijk', 'dorp']),
  households: z.number().int().nonnegative(),
  householdsSynthetic: z.boolean(),
});
export type District = z.infer<typeof districtSchema>;

/**
 * The monitor's figures (core/monitor.ts): the central ledger's, as this device last fetched them, or computed
 * from this device's own data when it has none (not connected, or not synced yet; first-timers unknown then).
 */
export const monitorViewSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('ledger'), fetchedAt: z.string(), snapshot: monitorSnapshotSchema }),
  z.object({ source: z.literal('device'), fetchedAt: z.null(), householdsSynthetic: z.boolean(), snapshot: monitorSnapshotSchema }),
]);
export type MonitorView = z.infer<typeof monitorViewSchema>;

export const roundSchema = z.object({
  id: z.string(),
  valueCents: z.number().int().positive(),
  activeFrom: z.string(),
  activeUntil: z.string(),
  status: z.enum(['planned', 'open', 'closed']),
  voucherCount: z.number().int().nonnegative(),
});
export type Round = z.infer<typeof roundSchema>;

export const initiativeSummarySchema = z.object({
  id: z.string().uuid(),
  number: z.number().int().positive(),
  title: z.string(),
  summary: z.string(),
  districtCode: z.string(),
  theme: z.string(),
  status: z.enum(initiativeStatuses),
  targetCents: z.number().int().nonnegative(),
  collectedCents: z.number().int().nonnegative(),
  deadline: z.string().nullable(),
});
export type InitiativeSummary = z.infer<typeof initiativeSummarySchema>;

export const initiativeDetailSchema = initiativeSummarySchema.extend({
  districtName: z.string(),
  donationCount: z.number().int(),
  /** Days until the saving deadline (negative when passed), or null without one. */
  daysLeft: z.number().int().nullable(),
  /** What the caller may do now (submitting again goes through the form: see `editable`). */
  actions: z.array(z.enum(lifecycleActions)),
  /** Sent back for changes and the caller registers initiatives: the form can change and resubmit it. */
  editable: z.boolean(),
  /** The note with the latest status change: what to change, why it was rejected. */
  statusNote: z.string().nullable(),
  /** The ledger could not take in (quarantined) or overruled this device's latest event about it, not yet handled. */
  ledgerProblem: z.object({ outcome: z.enum(['quarantined', 'overruled']), type: z.string(), reason: z.string().nullable() }).nullable(),
  assessment: assessmentSchema.nullable(),
  /** What the registration said (initiatives registered at a counter; null for others). No personal data. */
  registration: z
    .object({
      description: z.string(),
      location: z.string(),
      budgetLines: z.array(z.object({ item: z.string(), amountCents: z.number().int() })),
      structuralCosts: z.string(),
      structuralCostsBy: z.string(),
      supportDescription: z.string(),
      executionDate: z.string(),
    })
    .nullable(),
  /** Set once it is uitgevoerd: what was done and what it cost. */
  accountability: z.object({ done: z.string(), spentCents: z.number().int(), at: z.string() }).nullable(),
  needs: z.object({
    volunteersNeeded: z.number().int(),
    volunteerTasks: z.string(),
    volunteersSignedUp: z.number().int(),
    materialsWanted: z.string(),
    materialPledges: z.number().int(),
  }),
  history: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      from: z.string(),
      to: z.string(),
      note: z.string().nullable(),
      staffName: z.string().nullable(),
      /** Learned from the central ledger: made on another device (or by the ledger itself). */
      elsewhere: z.boolean(),
    }),
  ),
});
export type InitiativeDetail = z.infer<typeof initiativeDetailSchema>;

export const accountabilitySchema = z
  .object({ done: z.string().trim().max(2000), spentCents: z.number().int().min(0).max(100_000_000) })
  .strict();
export type AccountabilityInput = z.infer<typeof accountabilitySchema>;

const empty = z.object({}).strict();

export const referenceContract = {
  'initiatives:get': { input: z.object({ initiativeId: z.string().uuid() }).strict(), output: initiativeDetailSchema, access: 'staff' },
  'initiatives:assess': {
    input: z.object({ initiativeId: z.string().uuid(), assessment: assessmentSchema }).strict(),
    output: assessmentSchema,
    access: 'assess',
  },
  'initiatives:transition': {
    input: z
      .object({
        initiativeId: z.string().uuid(),
        action: z.enum(lifecycleActions),
        note: z.string().trim().max(2000).optional(),
        /** Needed to complete (uitgevoerd): what was done and what it cost. */
        accountability: accountabilitySchema.optional(),
      })
      .strict(),
    output: z.object({ status: z.enum(initiativeStatuses) }),
    access: 'staff',
  },
  'settings:get': { input: empty, output: settingsSchema, access: 'staff' },
  'settings:update': { input: settingsSchema.partial().strict(), output: settingsSchema, access: 'administer' },
  'districts:list': { input: empty, output: z.array(districtSchema), access: 'staff' },
  'monitor:view': { input: empty, output: monitorViewSchema, access: 'monitor' },
  'rounds:list': { input: empty, output: z.array(roundSchema), access: 'staff' },
  'initiatives:list': {
    input: z
      .object({
        districtCode: z.string().max(16).optional(),
        status: z.enum(initiativeStatuses).optional(),
        theme: z.enum(themes).optional(),
        /** Title or initiator words, or an initiative number. */
        query: z.string().max(100).optional(),
        sort: z.enum(['number', 'newest', 'closest', 'deadline']).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    output: z.array(initiativeSummarySchema),
    access: 'staff',
  },
  /** A wijkregisseur moves budget between districts: checked here against the last figures, decided by the ledger. */
  'budget:transfer': {
    input: z
      .object({
        year: z.number().int().min(2000).max(2100),
        from: z.string().min(1).max(16),
        to: z.string().min(1).max(16),
        amountCents: z.number().int().positive().max(100_000_000),
        reason: z.string().trim().min(5).max(500),
      })
      .strict(),
    output: z.object({ sent: z.literal(true) }),
    access: ['assess', 'administer'],
  },
} as const;
