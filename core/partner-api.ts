/**
 * The partner API for the platform's website (docs/partner-api.md): what it may ask the ledger and what it gets,
 * as zod schemas. The ledger's routes check their answers against these, and the OpenAPI document the supplier's
 * developers read (docs/partner-openapi.json, served at /partner/v1/openapi.json) is generated from them.
 */
import { z } from 'zod';
import { initiativeStatuses, themes } from './initiative-status.js';
import { protocolErrorSchema } from './sync/protocol.js';
import { registrationDetailsSchema } from './sync/feed.js';

export const partnerScopes = ['initiatives:read', 'vouchers:redeem', 'initiatives:register'] as const;
export type PartnerScope = (typeof partnerScopes)[number];

/** `bbp_` + the credential's id (32 hex) + `_` + the secret (43 base64url characters). */
export const PARTNER_TOKEN = /^bbp_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
export const PARTNER_PAGE_MAX = 500;

export const partnerInitiativeSchema = z.object({
  id: z.uuid(),
  number: z.number().int().positive().describe('the number residents and staff use; the ledger gives it'),
  title: z.string(),
  summary: z.string(),
  districtCode: z.string(),
  theme: z.enum(themes),
  status: z.enum(initiativeStatuses),
  targetCents: z.number().int().nonnegative(),
  collectedCents: z.number().int().nonnegative().describe('counted donations of every channel: counters, laptops and the website'),
  donations: z.number().int().nonnegative(),
  deadline: z.string().nullable().describe('the last day of saving (YYYY-MM-DD), or null'),
  volunteersNeeded: z.number().int().nonnegative(),
  volunteerTasks: z.string(),
  materialsWanted: z.string(),
  description: z.string().nullable().describe('the registration’s description, when it came with one'),
  buurt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PartnerInitiative = z.infer<typeof partnerInitiativeSchema>;

export const partnerInitiativePageSchema = z.object({
  items: z.array(partnerInitiativeSchema),
  cursor: z.number().int().nonnegative().describe('pass as `after` next time'),
  more: z.boolean(),
  feedEpoch: z
    .string()
    .describe(
      'the feed’s identity; another one than you stored means the ledger was restored from a backup: go on from the lower of your cursor and `feedBase`',
    ),
  feedBase: z
    .number()
    .int()
    .nonnegative()
    .describe('with a new `feedEpoch`: the last number the restored feed holds (0: read the whole feed again)'),
});

export const partnerDistrictSchema = z.object({ code: z.string(), name: z.string(), kind: z.enum(['wijk', 'dorp']) });
export const partnerRoundSchema = z.object({
  id: z.string(),
  valueCents: z.number().int().positive(),
  activeFrom: z.string(),
  activeUntil: z.string(),
  status: z.enum(['planned', 'open', 'closed']),
});

export const partnerVoucherCheckSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('valid'),
    roundId: z.string(),
    valueCents: z.number().int().positive(),
    districtCode: z.string().describe('the district of the address the voucher was sent to'),
  }),
  z.object({
    status: z.literal('used'),
    roundId: z.string(),
    channel: z.enum(['counter', 'website']).describe('where it was given'),
    at: z.string().describe('when it was given (ISO-8601)'),
    servicePoint: z.string().nullable().describe('for a counter: the service point’s name; null for the website'),
  }),
  z.object({ status: z.literal('unknown') }),
  z.object({ status: z.literal('round-closed'), roundId: z.string(), activeUntil: z.string() }),
  z.object({ status: z.literal('round-not-open'), roundId: z.string(), activeFrom: z.string() }),
]);
export type PartnerVoucherCheck = z.infer<typeof partnerVoucherCheckSchema>;

/** `Idempotency-Key`: made by the website per redemption; a retry with the same key gets the same answer. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The largest value of the ledger's integer columns (PostgreSQL `integer`). */
export const INT32_MAX = 2_147_483_647;

export const partnerRedeemRequestSchema = z
  .object({
    code: z.string().min(1).max(64).describe('as printed or typed'),
    parts: z
      .array(
        z
          .object({
            // The ledger's numbers and cents are 32-bit integers: a larger one is a malformed request, not a lookup.
            initiativeNumber: z.number().int().positive().max(INT32_MAX),
            amountCents: z.number().int().positive().max(INT32_MAX),
          })
          .strict(),
      )
      .min(1)
      .max(3)
      .describe('1 to 3 initiatives; the amounts add up to the voucher’s value'),
  })
  .strict();
export type PartnerRedeemRequest = z.infer<typeof partnerRedeemRequestSchema>;

export const partnerRedemptionSchema = z.object({
  redemptionId: z.uuid(),
  outcome: z.literal('counted'),
  roundId: z.string(),
  valueCents: z.number().int().positive(),
  at: z.string(),
  parts: z.array(z.object({ initiativeNumber: z.number().int().positive(), amountCents: z.number().int().positive() })),
});
export type PartnerRedemption = z.infer<typeof partnerRedemptionSchema>;

export const partnerReverseRequestSchema = z.object({ reason: z.string().trim().min(5).max(500) }).strict();
export const partnerReversalSchema = z.object({ redemptionId: z.uuid(), state: z.literal('reversed') });

/** An initiative registered on the website: public fields only (initiators and co-organisers stay with the website). */
export const partnerRegisterRequestSchema = z
  .object({
    title: z.string().trim().min(3).max(120),
    summary: z.string().trim().min(10).max(500),
    districtCode: z.string().min(1).max(16),
    theme: z.enum(themes),
    targetCents: z.number().int().min(100).max(10_000_000),
    deadline: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    volunteersNeeded: z.number().int().min(0).max(1000),
    volunteerTasks: z.string().max(1000),
    materialsWanted: z.string().max(1000),
    details: registrationDetailsSchema.nullable().describe('the registration’s public details, as the counters show them'),
  })
  .strict();
export type PartnerRegisterRequest = z.infer<typeof partnerRegisterRequestSchema>;
export const partnerRegisteredSchema = z.object({ id: z.uuid(), number: z.number().int().positive(), status: z.literal('ingediend') });

export { protocolErrorSchema as partnerErrorSchema };
