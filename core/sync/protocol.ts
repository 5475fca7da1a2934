/**
 * The sync protocol between a device and the central ledger: the shapes on the wire, shared by the
 * client (services/sync) and the server (server/). docs/sync-protocol.md describes it for people who
 * write other clients; keep the two in step.
 */
import { z } from 'zod';
import { initiativeStatuses, themes } from '../initiative-status.js';
import { assessmentSchema } from '../conditions.js';
import { MAX_PHOTO_BYTES, photoPurposes } from '../photo.js';
import { accountabilityV1 } from './events.js';

export { accountabilityV1, settlementDecisions, reviewDecisions, isSupportedEvent } from './events.js';
export type { SettlementDecision, ReviewDecision } from './events.js';

export const PROTOCOL_VERSION = 1;

/** Bounds of one push: a device sends at most this many events, and the body at most this many bytes. */
export const MAX_BATCH_EVENTS = 500;
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** A photo upload: up to 4 MiB of image as base64, in JSON. */
export const MAX_PHOTO_BODY_BYTES = 6 * 1024 * 1024;
/** A pull page holds at most this many changes (a registry change holds up to REGISTRY_CHUNK codes). */
export const MAX_PULL_LIMIT = 500;
export const REGISTRY_CHUNK = 2000;
/** A device clock further off than this is flagged for a person (never refused). */
export const CLOCK_SKEW_FLAG_MS = 5 * 60 * 1000;

export const GENESIS_HASH = '0'.repeat(64);

/** Headers of a signed request. The signature covers signingString() below. */
export const HEADER_DEVICE = 'x-bb-device';
export const HEADER_TIME = 'x-bb-time';
export const HEADER_SIGNATURE = 'x-bb-signature';

/** What a device signs for every request: method, path with query, its own clock, and the body's SHA-256. */
export function signingString(method: string, pathWithQuery: string, deviceTime: string, bodySha256Hex: string): string {
  return ['BB1', method.toUpperCase(), pathWithQuery, deviceTime, bodySha256Hex].join('\n');
}

/** What a device signs when it enrols: proof that it holds the private key of the public key it sends. */
export function enrolmentProofString(code: string, publicKey: string): string {
  return ['BB1-enrol', code, publicKey].join('\n');
}

/** Stable JSON: keys sorted at every level, so the same value always hashes and signs the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The text an event's hash covers (after the previous hash and a newline). */
export function eventHashBody(e: {
  seq: number;
  eventId: string;
  type: string;
  version: number;
  payload: unknown;
  staffId: string | null;
  deviceTime: string;
}): string {
  return canonicalJson({
    seq: e.seq,
    eventId: e.eventId,
    type: e.type,
    version: e.version,
    payload: e.payload,
    staffId: e.staffId,
    deviceTime: e.deviceTime,
  });
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.string().min(10).max(40);

export const wireEventSchema = z
  .object({
    seq: z.number().int().min(1),
    eventId: z.string().uuid(),
    type: z
      .string()
      .regex(/^[a-z]+(\.[a-z-]+)+$/)
      .max(64),
    version: z.number().int().min(1).max(1000),
    payload: z.record(z.string(), z.unknown()),
    staffId: z.string().max(64).nullable(),
    deviceTime: isoTime,
    prevHash: hex64,
    hash: hex64,
  })
  .strict();
export type WireEvent = z.infer<typeof wireEventSchema>;

export const pushRequestSchema = z
  .object({
    protocol: z.literal(PROTOCOL_VERSION),
    deviceId: z.string().uuid(),
    /** May be empty: the answer then only tells the sequence the ledger expects next. */
    events: z.array(wireEventSchema).max(MAX_BATCH_EVENTS),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Per event: accepted (stored, counts), duplicate (stored before, identical), contested (stored; the voucher
 * counted already for another donation, `winner` says which), quarantined (stored in the chain but not
 * applied: unknown event type/version or unusable content, `reason` says why), overruled (stored; the
 * server decided otherwise, e.g. a status change that no longer fits the initiative's status), pending (a
 * donation stored and holding its voucher that the ledger cannot decide at once: `flags` say why; it counts
 * in no total until a person confirms it).
 */
export const eventOutcomes = ['accepted', 'duplicate', 'contested', 'pending', 'quarantined', 'overruled'] as const;
export type EventOutcome = (typeof eventOutcomes)[number];

export const pushResultSchema = z.object({
  seq: z.number().int(),
  eventId: z.string(),
  outcome: z.enum(eventOutcomes),
  /** For a duplicate: the outcome the event got when it was first stored (the device may never have seen it). */
  stored: z.enum(eventOutcomes).optional(),
  reason: z.string().optional(),
  /** For a pending donation: why the ledger could not decide it at once (server/ledger/donation-rules.ts). */
  flags: z.array(z.string()).optional(),
  winner: z.object({ redemptionId: z.string(), deviceId: z.string().nullable() }).optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  /** The sequence the server expects next from this device. */
  expectedSeq: z.number().int().min(1),
  results: z.array(pushResultSchema),
  serverTime: z.string(),
  clockSkewMs: z.number().int(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** Error answers (non-2xx): code, Dutch-free technical message, and details. The client maps codes to Dutch. */
export const protocolErrorCodes = [
  'MALFORMED',
  'UNKNOWN_DEVICE',
  'BAD_SIGNATURE',
  'DEVICE_REVOKED',
  'SEQUENCE_GAP',
  'CHAIN_BROKEN',
  'BATCH_TOO_LARGE',
  'ENROLMENT_CODE_INVALID',
  'UNSUPPORTED_PROTOCOL',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  // Photos
  'NOT_A_PHOTO',
  'UNKNOWN_INITIATIVE',
  'PHOTO_CONFLICT',
  'NOT_FOUND',
  'INTERNAL',
] as const;
export type ProtocolErrorCode = (typeof protocolErrorCodes)[number];
export const protocolErrorSchema = z.object({
  code: z.enum(protocolErrorCodes),
  message: z.string(),
  expectedSeq: z.number().int().optional(),
  seq: z.number().int().optional(),
  maxEvents: z.number().int().optional(),
  maxBytes: z.number().int().optional(),
  maxDepth: z.number().int().optional(),
  retryAfterSeconds: z.number().int().optional(),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;

export const enrolRequestSchema = z
  .object({
    protocol: z.literal(PROTOCOL_VERSION),
    code: z.string().min(6).max(64),
    /** Ed25519 public key, SPKI DER, base64. */
    publicKey: z.string().min(40).max(200),
    /** Ed25519 signature of enrolmentProofString(code, publicKey), base64. */
    proof: z.string().min(40).max(200),
    deviceName: z.string().min(1).max(80),
    servicePoint: z.string().min(1).max(120),
    /** Re-enrolment only: the device's existing id (the code was made for that device). */
    deviceId: z.string().uuid().optional(),
  })
  .strict();
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.object({
  deviceId: z.string().uuid(),
  tenant: z.object({ id: z.string(), name: z.string() }),
  serverTime: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

// ---- Pull: changes since the device's cursor ----

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

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Pass as `after` next time. */
  cursor: z.number().int().nonnegative(),
  more: z.boolean(),
  serverTime: z.string(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// ---- Photos: PUT /v1/photos/:id (signed), GET and DELETE the same path ----

export const photoUploadSchema = z
  .object({
    initiativeId: z.string().uuid(),
    purpose: z.enum(photoPurposes),
    dataBase64: z.string().max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4),
  })
  .strict();
export type PhotoUpload = z.infer<typeof photoUploadSchema>;
export const photoUploadAnswerSchema = z.object({ stored: z.boolean(), erased: z.boolean() });

// ---- Offline transfer: a device's unsent events as one signed file ----

export const BATCH_FILE_FORMAT = 'buurtbalie-batch';
export const batchFileSchema = z
  .object({
    format: z.literal(BATCH_FILE_FORMAT),
    protocol: z.literal(PROTOCOL_VERSION),
    deviceId: z.string().uuid(),
    createdAt: z.string(),
    events: z.array(wireEventSchema).min(1),
    /** Ed25519 over canonicalJson of every other field, base64. */
    signature: z.string(),
  })
  .strict();
export type BatchFile = z.infer<typeof batchFileSchema>;

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
