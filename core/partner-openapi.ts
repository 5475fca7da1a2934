/**
 * The partner API as an OpenAPI 3.1 document, generated from the zod schemas in partner-api.ts (the ledger's routes
 * check their answers against the same schemas). Served at /partner/v1/openapi.json; written to
 * docs/partner-openapi.json by `npm run docs:protocol`, and a test fails when the committed file differs.
 */
import { z } from 'zod';
import {
  IDEMPOTENCY_KEY,
  PARTNER_PAGE_MAX,
  partnerRedeemRequestSchema,
  partnerRedemptionSchema,
  partnerRegisterRequestSchema,
  partnerRegisteredSchema,
  partnerReversalSchema,
  partnerReverseRequestSchema,
  partnerDistrictSchema,
  partnerErrorSchema,
  partnerInitiativePageSchema,
  partnerRoundSchema,
  partnerVoucherCheckSchema,
} from './partner-api.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description:
          c === 401
            ? 'no valid credential'
            : c === 403
              ? 'the credential lacks the scope'
              : c === 429
                ? 'too many requests'
                : c === 409
                  ? 'the voucher is already used (where and when in `used`)'
                  : c === 422
                    ? 'refused by the ledger’s rules (the code says which)'
                    : c === 413
                      ? 'the body is over the route’s limit (BATCH_TOO_LARGE, with maxBytes)'
                      : c === 414
                        ? 'a part of the address is over 100 characters (MALFORMED)'
                        : c === 415
                          ? 'the body is not application/json (UNSUPPORTED_MEDIA_TYPE)'
                          : 'refused',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
const ok = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema: json(schema) } } });
/**
 * What any route may answer besides its own statuses — the edge's refusals (408 the request did not arrive in time,
 * 431 headers too large, 404 no such route) and 500 when the ledger itself failed — always in the same error body, so
 * a generated client has a type for every answer.
 */
const otherwise = {
  default: {
    description: 'any other refusal, in the same error body: 408, 431, or 500 when the ledger failed (nothing was stored; try again)',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};

export function partnerOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Buurtbalie partner API',
      version: '1',
      description:
        'For the platform’s website of a municipality: read initiatives with their totals over every channel, districts and rounds, and check vouchers against the one ledger. See docs/partner-api.md.',
    },
    servers: [{ url: '/' }],
    security: [{ partnerToken: [] }],
    components: {
      securitySchemes: {
        partnerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'bbp_<id>_<secret>, made by the administrator (partner:create), shown once.',
        },
      },
      schemas: { Error: json(partnerErrorSchema) },
    },
    paths: {
      '/partner/v1/initiatives': {
        get: {
          summary: 'Initiatives changed after a cursor (scope initiatives:read)',
          parameters: [
            {
              name: 'after',
              in: 'query',
              schema: { type: 'integer', minimum: 0, default: 0 },
              description: 'the cursor of the previous page; 0 for everything',
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: PARTNER_PAGE_MAX, default: PARTNER_PAGE_MAX } },
          ],
          responses: { '200': ok('a page of initiatives', partnerInitiativePageSchema), ...errors(400, 401, 403, 429), ...otherwise },
        },
        post: {
          summary:
            'Register an initiative from the website (scope initiatives:register); public fields only; idempotent by Idempotency-Key',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(partnerRegisterRequestSchema, { io: 'input' }) } },
          },
          responses: {
            '201': ok('registered: status ingediend, with the ledger’s number', partnerRegisteredSchema),
            ...errors(400, 401, 403, 413, 415, 422, 429),
            ...otherwise,
          },
        },
      },
      '/partner/v1/districts': {
        get: {
          summary: 'Districts and villages (scope initiatives:read)',
          responses: { '200': ok('districts', z.array(partnerDistrictSchema)), ...errors(401, 403, 429), ...otherwise },
        },
      },
      '/partner/v1/rounds': {
        get: {
          summary: 'Voucher rounds (scope initiatives:read)',
          responses: { '200': ok('rounds', z.array(partnerRoundSchema)), ...errors(401, 403, 429), ...otherwise },
        },
      },
      '/partner/v1/redemptions': {
        post: {
          summary: 'Give a voucher to 1–3 initiatives (scope vouchers:redeem); idempotent by the Idempotency-Key header',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
              description: 'one per redemption, made by the website; a retry with the same key and body gets the same answer',
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(partnerRedeemRequestSchema, { io: 'input' }) } },
          },
          responses: {
            '201': ok('counted', partnerRedemptionSchema),
            ...errors(400, 401, 403, 409, 413, 415, 422, 429),
            ...otherwise,
          },
        },
      },
      '/partner/v1/redemptions/{redemptionId}/reverse': {
        post: {
          summary: 'Undo a donation made on the website, while its round is open (scope vouchers:redeem); twice is once',
          parameters: [{ name: 'redemptionId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(partnerReverseRequestSchema, { io: 'input' }) } },
          },
          responses: { '200': ok('reversed', partnerReversalSchema), ...errors(400, 401, 403, 404, 413, 414, 415, 422, 429), ...otherwise },
        },
      },
      '/partner/v1/vouchers/{code}': {
        get: {
          summary: 'A voucher’s state (scope vouchers:redeem)',
          parameters: [
            {
              name: 'code',
              in: 'path',
              required: true,
              schema: { type: 'string', maxLength: 64 },
              description: 'as printed or typed, any case, hyphens optional',
            },
          ],
          responses: { '200': ok('the voucher’s state', partnerVoucherCheckSchema), ...errors(400, 401, 403, 414, 429), ...otherwise },
        },
      },
      '/partner/v1/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
  };
}
