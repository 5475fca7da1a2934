/**
 * The pull feed (docs/sync-protocol.md §4): the changes a device pulls since its cursor, and what a
 * registration's details look like on both sides. protocol.ts has the wire format (keys, signatures, push,
 * enrolment, photos, the offline file); events.ts the event catalogue.
 */
import { z } from 'zod';
import { initiativeStatuses, themes } from '../initiative-status.js';
import { assessmentSchema } from '../conditions.js';
import { photoPurposes } from '../photo.js';
import { accountabilityV1 } from './events.js';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** A registry change holds up to this many codes. */
export const REGISTRY_CHUNK = 2000;

/** What a registration says beyond the list's columns; no personal data. Travels to every device. */
export const registrationDetailsSchema = z.object({
  description: z.string().max(4000),
  buurt: z.string().max(80),
  location: z.string().max(200),
  budgetLines: z
    .array(z.object({ item: z.string().max(100), amountCents: z.number().int().nonnegative() }))
    .min(1)
    .max(20),
  structuralCosts: z.string().max(3),
  structuralCostsBy: z.string().max(300),
  supportMethod: z.string().max(20),
  supportDescription: z.string().max(500),
  publicSpace: z.boolean(),
  supportPercentage: z.number().int().min(0).max(100).nullable(),
  executionDate: z.string().max(10),
});
export type RegistrationDetails = z.infer<typeof registrationDetailsSchema>;

/** The account given when an initiative is completed (uitgevoerd). */
export type Accountability = z.infer<typeof accountabilityV1>;
const initiativeSnapshot = z.object({
  id: z.string().uuid(),
  number: z.number().int().positive(),
  title: z.string(),
  summary: z.string(),
  districtCode: z.string(),
  theme: z.enum(themes),
  status: z.enum(initiativeStatuses),
  targetCents: z.number().int().nonnegative(),
  /** Counted by the ledger (all devices and the website). */
  collectedCents: z.number().int().nonnegative(),
  donations: z.number().int().nonnegative(),
  deadline: z.string().nullable(),
  volunteersNeeded: z.number().int().nonnegative(),
  volunteerTasks: z.string(),
  materialsWanted: z.string(),
  updatedAt: z.string(),
  /** The registration's details (null for initiatives that came without them, such as the admin's). */
  registration: registrationDetailsSchema.nullable().optional(),
  /** The note with the latest status change: what to change, why it was rejected. */
  statusNote: z.string().nullable().optional(),
  /** The wijkregisseur's latest assessment against the conditions (core/conditions.ts), or null. */
  assessment: assessmentSchema.nullable().optional(),
  /** Once uitgevoerd: the account of what was done and what it cost. */
  accountability: accountabilityV1.nullable().optional(),
  /** Help offered on every device (not erased): volunteers signed up, material pledges. Counts only. */
  help: z.object({ volunteers: z.number().int().nonnegative(), materials: z.number().int().nonnegative() }).optional(),
});
export type InitiativeSnapshot = z.infer<typeof initiativeSnapshot>;

export const conflictStates = ['open', 'kept-other', 'counted-this'] as const;
/** A pending donation's review: pending until a person confirms or rejects it (or it is reversed). */
export const reviewStates = ['pending', 'confirmed', 'rejected', 'reversed'] as const;
export type ReviewState = (typeof reviewStates)[number];

/**
 * A revoked device's report: what the ledger knows it did not receive. Events a revoked device still
 * tried to push are withheld (signed, verified, not counted) and summed here per initiative, so a
 * wijkregisseur knows what the lost device held until it is re-enrolled or its file is imported.
 */
export const deviceReportSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  servicePoint: z.string(),
  revokedAt: z.string().nullable(),
  /** The last sequence the ledger has from it. */
  lastSeq: z.number().int(),
  lastSeenAt: z.string().nullable(),
  withheld: z.object({
    events: z.number().int(),
    donations: z.number().int(),
    cents: z.number().int(),
    initiatives: z.array(z.object({ initiativeId: z.string(), donations: z.number().int(), cents: z.number().int() })),
  }),
});
export type DeviceReport = z.infer<typeof deviceReportSchema>;
export type ConflictState = (typeof conflictStates)[number];

export const changeSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.number().int(),
    kind: z.literal('round'),
    data: z.object({
      id: z.string(),
      valueCents: z.number().int().positive(),
      activeFrom: z.string(),
      activeUntil: z.string(),
      status: z.enum(['planned', 'open', 'closed']),
      salt: z.string().regex(/^[0-9a-f]{32,128}$/),
    }),
  }),
  z.object({
    id: z.number().int(),
    kind: z.literal('registry'),
    data: z.object({
      roundId: z.string(),
      vouchers: z.array(z.object({ h: hex64, d: z.string(), b: z.string().nullable().optional() })).max(REGISTRY_CHUNK),
    }),
  }),
  z.object({
    id: z.number().int(),
    kind: z.literal('used'),
    data: z.object({ roundId: z.string(), h: hex64, at: z.string(), channel: z.enum(['website', 'counter']), redemptionId: z.string() }),
  }),
  z.object({
    id: z.number().int(),
    kind: z.literal('released'),
    data: z.object({ roundId: z.string(), h: hex64, redemptionId: z.string() }),
  }),
  z.object({ id: z.number().int(), kind: z.literal('initiative'), data: initiativeSnapshot }),
  z.object({
    id: z.number().int(),
    kind: z.literal('photo'),
    data: z.object({
      id: z.string().uuid(),
      initiativeId: z.string().uuid(),
      purpose: z.enum(photoPurposes),
      mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
      size: z.number().int().nonnegative(),
      sha256: hex64,
      /** Erased (on request, or deleted at a counter): every device drops its copy. */
      deleted: z.boolean(),
      at: z.string(),
    }),
  }),
  z.object({
    id: z.number().int(),
    kind: z.literal('review'),
    data: z.object({
      redemptionId: z.string(),
      /** The device that took it (null for another channel). */
      deviceId: z.string().nullable(),
      roundId: z.string(),
      valueCents: z.number().int(),
      districtCode: z.string().nullable(),
      parts: z.array(z.object({ initiativeId: z.string(), amountCents: z.number().int() })),
      flags: z.array(z.string()),
      state: z.enum(reviewStates),
      note: z.string().nullable(),
      /** When it was taken (device clock). */
      at: z.string(),
      decidedAt: z.string().nullable(),
    }),
  }),
  z.object({
    id: z.number().int(),
    kind: z.literal('device'),
    data: deviceReportSchema,
  }),
  z.object({
    id: z.number().int(),
    kind: z.literal('district'),
    data: z.object({ code: z.string(), name: z.string(), kind: z.enum(['wijk', 'dorp']), budgetCents: z.number().int().nonnegative() }),
  }),
  z.object({
    id: z.number().int(),
    kind: z.literal('conflict'),
    data: z.object({
      /** The donation that does not count (while open: the later one). */
      contestedRedemptionId: z.string(),
      /** The donation that counts (while open: the first one the ledger received). */
      countedRedemptionId: z.string(),
      roundId: z.string(),
      valueCents: z.number().int(),
      state: z.enum(conflictStates),
      note: z.string().nullable(),
      settledAt: z.string().nullable(),
    }),
  }),
]);
export type Change = z.infer<typeof changeSchema>;

/** The kinds this version knows; a newer ledger's other kinds are left out before parsing (§4: a client ignores them). */
export const changeKinds: ReadonlySet<string> = new Set(changeSchema.options.map((o) => o.shape.kind.value));
const isKnownChange = (c: unknown) =>
  typeof c !== 'object' || c === null || !('kind' in c) || typeof c.kind !== 'string' || changeKinds.has(c.kind);

export const pullResponseSchema = z.object({
  changes: z.preprocess((v) => (Array.isArray(v) ? v.filter(isKnownChange) : v), z.array(changeSchema)),
  /** Pass as `after` next time. */
  cursor: z.number().int().nonnegative(),
  more: z.boolean(),
  serverTime: z.string(),
  /**
   * The feed's identity (docs/sync-protocol.md §4): another one than the device stored means the ledger was restored
   * from a backup, and the device moves its cursor back to at most `feedBase`. Optional: a ledger before it sent none.
   */
  feedEpoch: z.string().min(1).max(64).optional(),
  feedBase: z.number().int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** The columns an initiative's list row takes from a registration or an update (the same on device and ledger). */
interface ListFields {
  title: string;
  summary: string;
  districtCode: string;
  theme: string;
  targetCents: number;
  deadline: string;
  volunteersNeeded: number;
  volunteerTasks: string;
  materialsWanted: string;
}
export function listFieldsOf<R extends ListFields>(r: R): Pick<R, keyof ListFields> {
  return {
    title: r.title,
    summary: r.summary,
    districtCode: r.districtCode,
    theme: r.theme,
    targetCents: r.targetCents,
    deadline: r.deadline,
    volunteersNeeded: r.volunteersNeeded,
    volunteerTasks: r.volunteerTasks,
    materialsWanted: r.materialsWanted,
  };
}
/** The details of a registration or update, when the event carries them all (it always has, from devices). */
export function registrationDetailsOf(payload: unknown): RegistrationDetails | null {
  const parsed = registrationDetailsSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
