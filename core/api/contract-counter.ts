import { z } from 'zod';
import { idSchema } from './contract-session.js';

/** The answer to "what about this voucher?" — shown at once after a scan or typed code. */
export const voucherCheckSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('valid'),
    display: z.string(),
    masked: z.string(),
    roundId: z.string(),
    valueCents: z.number().int().positive(),
    districtCode: z.string().nullable(),
    /** True when taken as unknown while the registry is stale: the ledger must confirm it. */
    needsConfirmation: z.boolean(),
    /**
     * How fresh "not used elsewhere" is: the moment this device last heard from the ledger about this round's
     * vouchers (null: never). Offline, a valid answer is the one most likely to be wrong, so the screen says it.
     */
    registryAsOf: z.string().nullable(),
  }),
  z.object({
    status: z.literal('invalid'),
    reason: z.enum(['empty', 'invalid-character', 'too-short', 'too-long', 'check-failed']),
    character: z.string().optional(),
    /** When exactly one one-symbol correction is a known voucher: "bedoelt u …?" */
    suggestion: z.string().optional(),
  }),
  z.object({ status: z.literal('unknown'), masked: z.string(), registryAsOf: z.string().nullable(), registryStale: z.boolean() }),
  z.object({
    status: z.literal('used-here'),
    masked: z.string(),
    redemptionId: z.string(),
    usedAt: z.string(),
    servicePoint: z.string(),
    initiatives: z.array(z.object({ number: z.number().int(), title: z.string(), amountCents: z.number().int() })),
  }),
  z.object({
    status: z.literal('used-elsewhere'),
    masked: z.string(),
    usedAt: z.string(),
    channel: z.enum(['website', 'counter']),
    asOf: z.string(),
  }),
  z.object({ status: z.literal('round-not-open'), masked: z.string(), roundId: z.string(), activeFrom: z.string() }),
  z.object({ status: z.literal('round-closed'), masked: z.string(), roundId: z.string(), activeUntil: z.string() }),
]);
export type VoucherCheck = z.infer<typeof voucherCheckSchema>;

const codeInput = z.string().max(300);
const partSchema = z.object({ initiativeId: idSchema, amountCents: z.number().int() }).strict();

export const redemptionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  businessDay: z.string(),
  masked: z.string(),
  roundId: z.string(),
  valueCents: z.number().int(),
  servicePoint: z.string(),
  staffName: z.string(),
  needsConfirmation: z.boolean(),
  intakeId: z.string().nullable(),
  reversed: z.boolean(),
  /** What the central ledger made of it (null until synced): see docs/sync-protocol.md §5. */
  ledgerState: z.enum(['counted', 'contested', 'void', 'pending', 'rejected', 'quarantined']).nullable(),
  /** The receipt issued for it, once printed or queued. */
  receiptNo: z.number().int().nullable(),
  parts: z.array(z.object({ initiativeId: z.string(), number: z.number().int(), title: z.string(), amountCents: z.number().int() })),
});
export type Redemption = z.infer<typeof redemptionSchema>;

export const reversalSchema = z.object({
  id: z.string(),
  redemptionId: z.string(),
  reason: z.string(),
  approvedByName: z.string(),
  createdAt: z.string(),
  valueCents: z.number().int(),
});

export const intakeItemSchema = z.object({
  itemNo: z.number().int(),
  masked: z.string(),
  outcome: z.string(),
  accepted: z.boolean(),
});
export const intakeSchema = z.object({
  id: z.string(),
  initiative: z.object({ id: z.string(), number: z.number().int(), title: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  acceptedCount: z.number().int(),
  rejectedCount: z.number().int(),
  totalCents: z.number().int(),
  items: z.array(intakeItemSchema),
});
export type Intake = z.infer<typeof intakeSchema>;

export const dayReportSchema = z.object({
  kind: z.enum(['X', 'Z']),
  businessDay: z.string(),
  zNumber: z.number().int().nullable(),
  madeAt: z.string(),
  servicePoint: z.string(),
  deviceName: z.string(),
  staffFilter: z.string().nullable(),
  /** A shift handover: only what happened since this moment (the clerk's login). Null for day reports. */
  since: z.string().nullable().default(null),
  donations: z.object({ count: z.number().int(), totalCents: z.number().int() }),
  reversals: z.object({ count: z.number().int(), totalCents: z.number().int() }),
  netCents: z.number().int(),
  /** count: donations made; reversed: how many of this day's reversals touched it; totalCents: net. */
  perInitiative: z.array(
    z.object({
      number: z.number().int(),
      title: z.string(),
      count: z.number().int(),
      reversed: z.number().int().default(0),
      totalCents: z.number().int(),
    }),
  ),
  perStaff: z.array(z.object({ name: z.string(), donations: z.number().int(), totalCents: z.number().int(), reversals: z.number().int() })),
  intakes: z.object({ count: z.number().int(), vouchers: z.number().int() }),
  needsConfirmation: z.number().int(),
  unsentCount: z.number().int(),
});
export type DayReport = z.infer<typeof dayReportSchema>;

export const counterContract = {
  'vouchers:check': { input: z.object({ code: codeInput }).strict(), output: voucherCheckSchema, access: 'counter' },
  'vouchers:redeem': {
    input: z.object({ code: codeInput, parts: z.array(partSchema).min(1).max(3) }).strict(),
    output: redemptionSchema,
    access: 'counter',
  },
  'redemptions:list': {
    input: z.object({ businessDay: z.string().max(10).optional(), mine: z.boolean().optional() }).strict(),
    output: z.array(redemptionSchema),
    access: 'counter',
  },
  'redemptions:reverse': {
    input: z
      .object({
        redemptionId: idSchema,
        reason: z.string().trim().min(5).max(500),
        approverId: idSchema,
        approverPin: z.string().regex(/^\d{1,12}$/),
      })
      .strict(),
    output: reversalSchema,
    access: 'counter',
  },
  'staff:approvers': { input: z.object({}).strict(), output: z.array(z.object({ id: idSchema, name: z.string() })), access: 'counter' },
  'intakes:start': { input: z.object({ initiativeId: idSchema }).strict(), output: intakeSchema, access: 'counter' },
  'intakes:scan': {
    // One code, or the codes that queued up during a scanner burst: committed together, in order.
    input: z.object({ intakeId: idSchema, codes: z.array(codeInput).min(1).max(50) }).strict(),
    output: z.object({ items: z.array(intakeItemSchema), intake: intakeSchema.omit({ items: true }) }),
    access: 'counter',
  },
  'intakes:finish': {
    // ofColleague: finish a colleague's open intake (it holds its initiative on this device, and they are not here).
    input: z.object({ intakeId: idSchema, ofColleague: z.boolean().optional() }).strict(),
    output: intakeSchema,
    access: 'counter',
  },
  'intakes:get': { input: z.object({ intakeId: idSchema }).strict(), output: intakeSchema, access: 'counter' },
  'intakes:list-open': { input: z.object({}).strict(), output: z.array(intakeSchema.omit({ items: true })), access: 'counter' },
  'day:report': {
    /** handover: only what the logged-in person did since logging in (the shift handover); staffId is then ignored. */
    input: z.object({ staffId: idSchema.optional(), handover: z.boolean().optional() }).strict(),
    output: dayReportSchema,
    access: 'counter',
  },
  'day:close': { input: z.object({}).strict(), output: dayReportSchema, access: 'counter' },
  'day:list-closed': { input: z.object({}).strict(), output: z.array(dayReportSchema), access: 'counter' },
  'registry:import': {
    input: z.object({ fileText: z.string().max(20_000_000) }).strict(),
    output: z.object({ roundId: z.string(), vouchers: z.number().int(), usedElsewhere: z.number().int() }),
    access: 'administer',
  },
  /** The one-tap question after a donation (1–5): anonymous, may be skipped. */
  'feedback:give': {
    input: z.object({ score: z.number().int().min(1).max(5) }).strict(),
    output: z.object({ saved: z.literal(true) }),
    access: 'counter',
  },
  /** What residents said about the platform, written down by staff (no names), for the round evaluation. */
  'feedback:remark': {
    input: z.object({ text: z.string().trim().min(3).max(500) }).strict(),
    output: z.object({ saved: z.literal(true) }),
    access: 'staff',
  },
} as const;
