/**
 * The sync protocol between a device and the central ledger, in three files both sides import: the wire
 * format here (limits, headers, signing strings, canonical JSON, push, enrolment, photos, the offline
 * file), the pull feed in feed.ts, the event catalogue in events.ts. docs/sync-protocol.md describes it
 * for people who write other clients (its catalogue is generated from events.ts).
 */
import { z } from 'zod';
import { MAX_PHOTO_BYTES, photoPurposes } from '../photo.js';

export { accountabilityV1, settlementDecisions, reviewDecisions, isSupportedEvent } from './events.js';
export type { SettlementDecision, ReviewDecision } from './events.js';
// The pull feed's shapes live in feed.ts; re-exported so a client has one module to import for the protocol.
export * from './feed.js';

export const PROTOCOL_VERSION = 1;

/** Bounds of one push: a device sends at most this many events, and the body at most this many bytes. */
export const MAX_BATCH_EVENTS = 500;
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** A photo upload: up to 4 MiB of image as base64, in JSON. */
export const MAX_PHOTO_BODY_BYTES = 6 * 1024 * 1024;
/** A pull page holds at most this many changes (a registry change holds up to REGISTRY_CHUNK codes, feed.ts). */
export const MAX_PULL_LIMIT = 500;
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
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${text}]`;
  }
  if (value && typeof value === 'object') {
    // Keys in UTF-16 code unit order (Array.prototype.sort's default), undefined values left out; written in
    // one pass — every append and every verification runs this.
    const object = value as Record<string, unknown>;
    let text = '{';
    for (const key of Object.keys(object).sort()) {
      const v = object[key];
      if (v === undefined) continue;
      text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
    }
    return `${text}}`;
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

/**
 * `eventHashBody` for an event whose payload is already canonical JSON text (as the outbox stores it): the same
 * text, built without parsing the payload and writing it again — every donation's append runs this.
 */
export function eventHashBodyOfText(e: {
  seq: number;
  eventId: string;
  type: string;
  version: number;
  /** canonicalJson of the payload */
  payload: string;
  staffId: string | null;
  deviceTime: string;
}): string {
  const text = JSON.stringify;
  return `{"deviceTime":${text(e.deviceTime)},"eventId":${text(e.eventId)},"payload":${e.payload},"seq":${text(e.seq)},"staffId":${text(e.staffId)},"type":${text(e.type)},"version":${text(e.version)}}`;
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
  'REQUEST_TIMEOUT',
  // Photos
  'NOT_A_PHOTO',
  'UNKNOWN_INITIATIVE',
  'PHOTO_CONFLICT',
  'NOT_FOUND',
  // The partner API (docs/partner-api.md)
  'UNAUTHENTICATED',
  'CREDENTIAL_REVOKED',
  'FORBIDDEN_SCOPE',
  'INVALID_CODE',
  'IDEMPOTENCY_MISMATCH',
  'VOUCHER_USED',
  'UNKNOWN_VOUCHER',
  'ROUND_CLOSED',
  'ROUND_NOT_OPEN',
  'INITIATIVE_NOT_COLLECTING',
  'SPLIT_INVALID',
  'NOT_REVERSIBLE',
  'UNKNOWN_DISTRICT',
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
  /** Partner API, VOUCHER_USED: where and when it was given (never who). */
  used: z.object({ channel: z.enum(['counter', 'website']), at: z.string(), servicePoint: z.string().nullable() }).optional(),
  /** Partner API, SPLIT_INVALID: what is wrong with the parts. */
  problem: z.string().optional(),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;

/**
 * GET /v1/events?after=<seq>&limit=<n> (signed): the device's own events the ledger holds, in sequence order, as they
 * were pushed — for a device restored from a backup, to learn what it sent after the backup and continue its chain
 * from there (§3b). `nextSeq` is the sequence the ledger expects next from this device.
 */
export const ownEventsResponseSchema = z.object({
  events: z.array(wireEventSchema),
  nextSeq: z.number().int().min(1),
  more: z.boolean(),
});
export type OwnEventsResponse = z.infer<typeof ownEventsResponseSchema>;

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
  /** The municipality, and how its platform is known (receipts, screens); the platform fields since 2026-12. */
  tenant: z.object({
    id: z.string(),
    name: z.string(),
    platformName: z.string().optional(),
    platformUrl: z.string().nullable().optional(),
  }),
  serverTime: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

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
