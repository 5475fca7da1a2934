/**
 * The partner API for the platform's website (docs/partner-api.md): a bearer credential per municipality with
 * scopes, rate-limited per credential, answers checked against core/partner-api.ts, errors in the protocol's format.
 */
import type { FastifyInstance } from 'fastify';
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
  partnerInitiativePageSchema,
  partnerRoundSchema,
  partnerVoucherCheckSchema,
} from '../../core/partner-api.js';
import { partnerOpenApi } from '../../core/partner-openapi.js';
import { parseVoucherCode } from '../../core/voucher-code.js';
import type { LedgerDb } from '../db/connect.js';
import { ProtocolFailure } from '../ledger/errors.js';
import { authenticatePartner, partnerRateKey } from '../ledger/partners.js';
import { partnerDistricts, partnerInitiatives, partnerRounds, partnerVoucherCheck } from '../ledger/partner-reads.js';
import { sendJson } from '../http/send-json.js';
import { reverseOnline, WebRedemptionQueue } from '../ledger/web-donations.js';
import { registerOnline } from '../ledger/web-initiatives.js';
import { feedFor } from '../ledger/changes.js';

const REDEEM_BODY_BYTES = 16 * 1024;
const REGISTER_BODY_BYTES = 64 * 1024;

function idempotencyKey(header: unknown): string {
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw new ProtocolFailure(400, 'MALFORMED', 'Send an Idempotency-Key header: 1 to 100 of A–Z a–z 0–9 _ . : -, one per request.');
  }
  return header;
}

/** Requests per credential per minute by default (BB_LEDGER_PARTNER_PER_MINUTE): room for 200 redemptions a second. */
export const PARTNER_PER_MINUTE = 30_000;

export function partnerRoutes(app: FastifyInstance, db: LedgerDb, limits: { perMinute: number }): void {
  // The website's redemptions of one municipality share a transaction when they arrive together (group commit).
  const redemptions = new WebRedemptionQueue(db);
  const config = { rateLimit: { max: limits.perMinute, timeWindow: 60_000, keyGenerator: partnerRateKey } };
  const openapi = JSON.stringify(partnerOpenApi());

  app.get('/partner/v1/openapi.json', { config }, async (request, reply) => sendJson(request, reply, openapi));

  app.get('/partner/v1/initiatives', { config }, async (request, reply) => {
    const partner = await authenticatePartner(db, request, 'initiatives:read');
    const query = request.query as { after?: string; limit?: string };
    const after = Number(query.after ?? 0);
    const limit = Number(query.limit ?? PARTNER_PAGE_MAX);
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > PARTNER_PAGE_MAX) {
      throw new ProtocolFailure(400, 'MALFORMED', `after is a whole number from 0; limit from 1 to ${PARTNER_PAGE_MAX}.`);
    }
    const feed = await feedFor(db, partner.tenantId, after, () =>
      request.log.warn({ partner: partner.id, after }, 'a partner is ahead of the change feed: the ledger was restored; new feed epoch'),
    );
    const page = partnerInitiativePageSchema.parse({
      ...(await partnerInitiatives(db, partner.tenantId, after, limit)),
      feedEpoch: feed.epoch,
      feedBase: feed.base,
    });
    return sendJson(request, reply, JSON.stringify(page));
  });

  app.get('/partner/v1/districts', { config }, async (request) => {
    const partner = await authenticatePartner(db, request, 'initiatives:read');
    return z.array(partnerDistrictSchema).parse(await partnerDistricts(db, partner.tenantId));
  });

  app.get('/partner/v1/rounds', { config }, async (request) => {
    const partner = await authenticatePartner(db, request, 'initiatives:read');
    return z.array(partnerRoundSchema).parse(await partnerRounds(db, partner.tenantId));
  });

  app.post('/partner/v1/redemptions', { config, bodyLimit: REDEEM_BODY_BYTES }, async (request, reply) => {
    const partner = await authenticatePartner(db, request, 'vouchers:redeem');
    const key = idempotencyKey(request.headers['idempotency-key']);
    const parsed = partnerRedeemRequestSchema.safeParse(request.body);
    if (!parsed.success)
      throw new ProtocolFailure(400, 'MALFORMED', `The body is not a redemption: ${parsed.error.issues[0]?.path.join('.') ?? ''}`.trim());
    const code = parseVoucherCode(parsed.data.code);
    if (!code.ok) throw new ProtocolFailure(400, 'INVALID_CODE', 'This is not a voucher code (wrong length, character or check symbol).');
    const answer = await redemptions.redeem({ partner, key, code: code.code, input: parsed.data, at: new Date() });
    if (answer.status === 201) partnerRedemptionSchema.parse(answer.body);
    return reply.code(answer.status).send(answer.body);
  });

  app.post('/partner/v1/redemptions/:id/reverse', { config, bodyLimit: REDEEM_BODY_BYTES }, async (request, reply) => {
    const partner = await authenticatePartner(db, request, 'vouchers:redeem');
    const id = (request.params as { id?: string }).id ?? '';
    const parsed = partnerReverseRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new ProtocolFailure(400, 'MALFORMED', 'Send { "reason": "…" } (5 to 500 characters).');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
      throw new ProtocolFailure(404, 'NOT_FOUND', 'No donation of the website with this id.');
    }
    const answer = await reverseOnline(db, partner, id, parsed.data.reason);
    if (answer.status === 200) partnerReversalSchema.parse(answer.body);
    return reply.code(answer.status).send(answer.body);
  });

  app.post('/partner/v1/initiatives', { config, bodyLimit: REGISTER_BODY_BYTES }, async (request, reply) => {
    const partner = await authenticatePartner(db, request, 'initiatives:register');
    const key = idempotencyKey(request.headers['idempotency-key']);
    const parsed = partnerRegisterRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProtocolFailure(
        400,
        'MALFORMED',
        `The body is not a registration: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      );
    }
    const answer = await registerOnline(db, partner, key, parsed.data);
    if (answer.status === 201) partnerRegisteredSchema.parse(answer.body);
    return reply.code(answer.status).send(answer.body);
  });

  app.get('/partner/v1/vouchers/:code', { config }, async (request) => {
    const partner = await authenticatePartner(db, request, 'vouchers:redeem');
    const raw = (request.params as { code?: string }).code ?? '';
    const parsed = raw.length <= 64 ? parseVoucherCode(raw) : null;
    if (!parsed?.ok)
      throw new ProtocolFailure(400, 'INVALID_CODE', 'This is not a voucher code (wrong length, character or check symbol).');
    return partnerVoucherCheckSchema.parse(await partnerVoucherCheck(db, partner.tenantId, parsed.code));
  });
}
