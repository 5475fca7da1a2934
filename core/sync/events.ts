/**
 * The event catalogue: every event a device (or any other client) may put in its outbox, as
 * type → version → payload schema, with its meaning in one line. One source for the device's
 * appendEvent (a payload that does not parse is a programming error, caught before it is written),
 * the ledger's ingest (a payload that does not parse is quarantined with the reason), the tests'
 * simulated devices, and docs/sync-protocol.md (generated from here by scripts/protocol-doc.ts).
 *
 * Versions: the highest version of a type is the one devices write now; the ledger accepts every
 * version listed here (at least the current and the previous one). A new version is added, never an
 * old one changed: events already in outboxes were hashed and signed as they were.
 *
 * Nullable and optional are decided once: `nullable` means "the device knows there is no value"
 * (always sent), `optional` only where an older device left the field out (v1 of donation.recorded).
 */
import { z } from 'zod';
import { assessmentSchema } from '../conditions.js';
import { lifecycleActions } from '../initiative-lifecycle.js';
import { initiativeStatuses, themes } from '../initiative-status.js';

const uuid = z.uuid();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** A calendar date as a form takes it: YYYY-MM-DD, or empty when not given. */
const dateOrEmpty = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'YYYY-MM-DD or empty');
const isoTime = z.string().min(10).max(40);
const cents = (max: number) => z.number().int().min(0).max(max);
const roundId = z.string().min(1).max(32);
const districtCode = z.string().min(1).max(16);
const text = (max: number) => z.string().max(max);

/** One part of a donation: an initiative and the cents it gets. Parts add up to the voucher's value. */
const donationPart = z.object({ initiativeId: uuid, amountCents: z.number().int().positive().max(100_000) });

const donationRecordedV1 = z.object({
  redemptionId: uuid.describe('the donation, made on the device; unique for ever'),
  roundId: roundId.describe('the round of the voucher, e.g. 2026-2'),
  codeHash: hex64.describe("hex SHA-256(round salt bytes ‖ canonical voucher code), see 'Voucher codes and codeHash'"),
  districtCode: districtCode
    .nullable()
    .describe('district of the voucher from the registry; null when the voucher was not in the device registry (taken while stale)'),
  valueCents: z.number().int().positive().max(100_000).describe('the value the device gave the voucher (the round value)'),
  parts: z.array(donationPart).min(1).max(3).describe('1 to 3 parts that add up to valueCents'),
  intakeId: uuid.nullable().optional().describe('the bulk intake it was part of, or null'),
  needsConfirmation: z.boolean().optional().describe('true when taken on the ledger’s word (registry stale); absent means false'),
  businessDay: day.optional().describe('the counter’s business day (Europe/Amsterdam)'),
});

const donationRecordedV2 = z.object({
  redemptionId: uuid.describe('the donation, made on the device; unique for ever'),
  roundId: roundId.describe('the round of the voucher, e.g. 2026-2'),
  codeHash: hex64.describe("hex SHA-256(round salt bytes ‖ canonical voucher code), see 'Voucher codes and codeHash'"),
  districtCode: districtCode
    .nullable()
    .describe('district of the voucher from the registry; null when it was not in the device registry (taken while stale)'),
  buurtCode: z.string().min(1).max(16).nullable().describe('buurt of the voucher from the registry, null when unknown'),
  valueCents: z.number().int().positive().max(100_000).describe('the value the device gave the voucher (the round value)'),
  parts: z.array(donationPart).min(1).max(3).describe('1 to 3 parts that add up to valueCents'),
  intakeId: uuid.nullable().describe('the bulk intake it was part of, or null'),
  needsConfirmation: z.boolean().describe('true when taken on the ledger’s word while the registry was stale'),
  businessDay: day.describe('the counter’s business day (Europe/Amsterdam)'),
});

const donationReversedV1 = z.object({
  reversalId: uuid,
  redemptionId: uuid.describe('the donation that is undone'),
  reason: text(500),
  approvedBy: z.string().min(1).max(64).describe('staff id of the wijkregisseur who approved'),
  businessDay: day,
});

const intakeFinishedV1 = z.object({
  intakeId: uuid,
  initiativeId: uuid,
  accepted: z.number().int().min(0),
  rejected: z.number().int().min(0),
  totalCents: cents(1_000_000_000),
  startedAt: isoTime,
});

const tally = z.object({ count: z.number().int().min(0), totalCents: cents(1_000_000_000) });
const dayClosedV1 = z.object({
  businessDay: day,
  zNumber: z.number().int().positive(),
  donations: tally,
  reversals: tally,
  netCents: z.number().int(),
});

export const accountabilityV1 = z.object({ done: text(2000), spentCents: cents(2_000_000_000) });

const statusChangedV1 = z.object({
  initiativeId: uuid,
  action: z.enum(lifecycleActions),
  from: z.enum(initiativeStatuses),
  to: z.enum(initiativeStatuses),
  note: text(2000).nullable().describe('why (required for reject, request-changes, withdraw), else null'),
  collectedCents: cents(2_000_000_000).optional().describe('with reach-target and lose-target: the total the device saw'),
  releasedCents: cents(2_000_000_000).optional().describe('with miss-deadline: what goes back to the district budget'),
  districtCode: districtCode.optional().describe('with miss-deadline: the district it goes back to'),
  accountability: accountabilityV1.optional().describe('with complete: what was done and what it cost'),
});

const initiativeAssessedV1 = assessmentSchema.extend({ initiativeId: uuid });

const helpOfferedV1 = z.object({
  volunteerId: uuid.describe('the offer, made on the device'),
  initiativeId: uuid,
  kind: z.enum(['volunteer', 'material']),
  quantity: z.number().int().min(0).max(100_000).nullable(),
  consentAt: isoTime,
});
const helpErasedV1 = z.object({ volunteerId: uuid, initiativeId: uuid });

export const settlementDecisions = ['keep-other', 'count-this'] as const;
export type SettlementDecision = (typeof settlementDecisions)[number];
const conflictSettledV1 = z.object({
  contestedRedemptionId: uuid.describe('the donation the ledger marked contested'),
  decision: z.enum(settlementDecisions),
  note: z.string().min(1).max(500),
});

export const reviewDecisions = ['confirm', 'reject'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];
const donationDecidedV1 = z.object({
  redemptionId: uuid.describe('a donation the ledger holds as pending'),
  decision: z.enum(reviewDecisions).describe('confirm: it counts; reject: it does not, and its voucher is free again'),
  note: z.string().min(1).max(500),
});

/** What a registration says; never names or contact details (those stay erasable on the device). */
const registrationFields = z.object({
  initiativeId: uuid,
  title: z.string().min(1).max(80),
  summary: text(160),
  description: text(4000),
  theme: z.enum(themes),
  districtCode,
  buurt: text(80),
  location: text(200),
  budgetLines: z
    .array(z.object({ item: text(100), amountCents: cents(10_000_000) }))
    .min(1)
    .max(20),
  // Bounded to what the ledger's integer columns hold: a larger value is quarantined, never a failing batch.
  targetCents: z.number().int().positive().max(2_000_000_000),
  structuralCosts: z.enum(['nee', 'ja', '']),
  structuralCostsBy: text(300),
  volunteersNeeded: z.number().int().min(0).max(100_000),
  volunteerTasks: text(500),
  materialsWanted: text(500),
  supportMethod: text(20).describe('handtekeningen | buurtpeiling | bewonersavond | anders | empty'),
  supportDescription: text(500),
  publicSpace: z.boolean(),
  supportPercentage: z.number().int().min(0).max(100).nullable(),
  deadline: dateOrEmpty.describe('saving deadline'),
  executionDate: dateOrEmpty,
  organisers: z.number().int().min(1).max(100).describe('how many people organise it (initiator + co-organisers); no names'),
  consentAt: isoTime.describe('when the organisers gave consent to be contacted'),
});
const initiativeRegisteredV1 = registrationFields.extend({
  provisionalNumber: z.number().int().min(900_001).max(999_999).describe('the device’s number until the ledger gives one'),
});
const initiativeUpdatedV1 = registrationFields;

const personErasedV1 = z.object({ personId: uuid, initiativeId: uuid, role: z.enum(['initiator', 'co-organiser']) });

/** The one-tap question after a donation at the counter: anonymous (no donation, no staff member), may be skipped. */
const feedbackGivenV1 = z.object({
  feedbackId: uuid,
  score: z.number().int().min(1).max(5).describe('1 (very unhappy) to 5 (very happy) with the platform'),
  businessDay: day.describe('the day it was given (Europe/Amsterdam); the ledger counts it in the round of that day'),
});
const feedbackRemarkedV1 = z.object({
  remarkId: uuid,
  text: z.string().min(1).max(500).describe('what residents said, as staff wrote it down (no names)'),
  businessDay: day,
});
const budgetTransferredV1 = z.object({
  transferId: uuid,
  year: z.number().int().min(2000).max(2100).describe('the budget year'),
  from: districtCode.describe('the district that gives'),
  to: districtCode.describe('the district that receives'),
  amountCents: z.number().int().positive().max(100_000_000),
  reason: z.string().min(5).max(500),
});

interface EventSpec {
  readonly schema: z.ZodType<Record<string, unknown>>;
  readonly meaning: string;
}

/** type → version → spec. Add a version at the end; never change one that devices have written. */
export const eventCatalogue = {
  'donation.recorded': {
    1: { schema: donationRecordedV1, meaning: 'A voucher given to one to three initiatives (devices before protocol v2).' },
    2: { schema: donationRecordedV2, meaning: 'A voucher given to one to three initiatives, with its buurt where known.' },
  },
  'donation.reversed': { 1: { schema: donationReversedV1, meaning: 'A donation undone, approved by a wijkregisseur.' } },
  'donation.decided': {
    1: { schema: donationDecidedV1, meaning: 'A wijkregisseur confirms or rejects a donation the ledger holds as pending.' },
  },
  'intake.finished': { 1: { schema: intakeFinishedV1, meaning: 'A bulk intake closed (its donations are events of their own).' } },
  'day.closed': { 1: { schema: dayClosedV1, meaning: 'The counter’s day closed with a Z report (for the record).' } },
  'initiative.status-changed': {
    1: { schema: statusChangedV1, meaning: 'An initiative moved along its lifecycle (core/initiative-lifecycle).' },
  },
  'initiative.assessed': {
    1: { schema: initiativeAssessedV1, meaning: 'A wijkregisseur’s assessment against the conditions (replaces the previous).' },
  },
  'initiative.registered': { 1: { schema: initiativeRegisteredV1, meaning: 'An initiative registered at a counter.' } },
  'initiative.updated': { 1: { schema: initiativeUpdatedV1, meaning: 'A sent-back initiative changed at a counter.' } },
  'initiative.person-erased': {
    1: { schema: personErasedV1, meaning: 'An initiator or co-organiser erased on request on the device that held them.' },
  },
  'volunteer.signed-up': { 1: { schema: helpOfferedV1, meaning: 'A resident offered to help an initiative.' } },
  'material.pledged': { 1: { schema: helpOfferedV1, meaning: 'A resident offered materials to an initiative.' } },
  'volunteer.erased': { 1: { schema: helpErasedV1, meaning: 'An offer of help erased on request (the fact stays).' } },
  'conflict.settled': {
    1: { schema: conflictSettledV1, meaning: 'A wijkregisseur settles a voucher used twice.' },
  },
  'feedback.given': { 1: { schema: feedbackGivenV1, meaning: 'A resident’s answer to the satisfaction question (anonymous).' } },
  'feedback.remarked': { 1: { schema: feedbackRemarkedV1, meaning: 'What residents said about the platform, written down by staff.' } },
  'budget.transferred': {
    1: {
      schema: budgetTransferredV1,
      meaning: 'A wijkregisseur moves budget between districts; the ledger refuses it (overruled) without the room.',
    },
  },
} as const satisfies Record<string, Record<number, EventSpec>>;

type Catalogue = typeof eventCatalogue;
export type EventType = keyof Catalogue;
export type EventVersion<T extends EventType> = keyof Catalogue[T] & number;
/** The highest version of a type: the one a device writes now. */
type Last<T extends EventType> = Catalogue[T] extends { 2: unknown } ? 2 : 1;
export type CurrentVersion<T extends EventType> = Last<T> & EventVersion<T>;
type SpecOf<T extends EventType, V extends EventVersion<T>> = Catalogue[T][V] extends { schema: infer S } ? S : never;
export type EventPayload<T extends EventType, V extends EventVersion<T> = CurrentVersion<T>> =
  SpecOf<T, V> extends z.ZodType ? z.input<SpecOf<T, V>> : never;
export type ParsedPayload<T extends EventType, V extends EventVersion<T> = CurrentVersion<T>> =
  SpecOf<T, V> extends z.ZodType ? z.output<SpecOf<T, V>> : never;

export const eventTypes = Object.keys(eventCatalogue) as EventType[];

function specsOf(type: string): Record<number, EventSpec> | undefined {
  return Object.hasOwn(eventCatalogue, type) ? (eventCatalogue as Record<string, Record<number, EventSpec>>)[type] : undefined;
}

export function versionsOf(type: string): number[] {
  return Object.keys(specsOf(type) ?? {})
    .map(Number)
    .sort((a, b) => a - b);
}

/** The catalogue is fixed at build time: each type's current version is worked out once (every append asks). */
const currentVersions = new Map<string, number>();

export function currentVersion<T extends EventType>(type: T): CurrentVersion<T> {
  let version = currentVersions.get(type);
  if (version === undefined) {
    version = Math.max(...versionsOf(type));
    currentVersions.set(type, version);
  }
  return version as CurrentVersion<T>;
}

export function isSupportedEvent(type: string, version: number): boolean {
  return specsOf(type)?.[version] !== undefined;
}

export type PayloadCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string };

/** Check a payload against the catalogue; the reason names the first problem's field (no values: they may be anything). */
export function checkPayload(type: string, version: number, payload: unknown): PayloadCheck {
  const spec = specsOf(type)?.[version];
  if (!spec) return { ok: false, reason: `unsupported event ${type} v${version}` };
  const parsed = spec.schema.safeParse(payload);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(payload)';
  return { ok: false, reason: `invalid ${type} v${version} payload: ${where}: ${issue?.code ?? 'invalid'}` };
}

/** The parsed payload of a type and version the caller already knows it has (after checkPayload). */
export function parsePayload<T extends EventType, V extends EventVersion<T>>(type: T, version: V, payload: unknown): ParsedPayload<T, V> {
  const spec = (eventCatalogue as Record<string, Record<number, EventSpec>>)[type]?.[version];
  if (!spec) throw new Error(`unsupported event ${type} v${version}`);
  return spec.schema.parse(payload) as ParsedPayload<T, V>;
}

/** The catalogue as JSON Schema (draft 2020-12), for docs/sync-protocol.md and other clients. */
export function catalogueJsonSchema(): Record<string, Record<string, { meaning: string; schema: unknown }>> {
  const out: Record<string, Record<string, { meaning: string; schema: unknown }>> = {};
  for (const type of eventTypes) {
    const specs = specsOf(type) ?? {};
    out[type] = {};
    for (const version of versionsOf(type)) {
      const spec = specs[version];
      if (!spec) continue;
      (out[type] as Record<string, { meaning: string; schema: unknown }>)[String(version)] = {
        meaning: spec.meaning,
        schema: z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' }),
      };
    }
  }
  return out;
}
