/**
 * Partner credentials (the platform's website of a municipality): made and revoked by the administrator, the secret
 * shown once and kept only as its SHA-256, compared in constant time. A credential belongs to one municipality and
 * carries its scopes; every partner route checks both.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { PARTNER_TOKEN, partnerScopes, type PartnerScope } from '../../core/partner-api.js';
import { partnerCredentials } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { ProtocolFailure } from './errors.js';

export interface Partner {
  id: string;
  tenantId: string;
  name: string;
  scopes: PartnerScope[];
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

export async function createPartner(
  db: LedgerDb,
  tenantId: string,
  name: string,
  scopes: readonly PartnerScope[],
): Promise<{ id: string; token: string }> {
  const unknown = scopes.filter((s) => !partnerScopes.includes(s));
  if (unknown.length > 0 || scopes.length === 0) throw new Error(`scopes are one or more of: ${partnerScopes.join(', ')}`);
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  await db
    .insert(partnerCredentials)
    .values({ id, tenantId, name, secretHash: digest(secret).toString('hex'), scopes: [...new Set(scopes)] });
  return { id, token: `bbp_${id.replace(/-/g, '')}_${secret}` };
}

export async function listPartners(db: LedgerDb, tenantId: string) {
  return db
    .select({
      id: partnerCredentials.id,
      name: partnerCredentials.name,
      scopes: partnerCredentials.scopes,
      createdAt: partnerCredentials.createdAt,
      revokedAt: partnerCredentials.revokedAt,
      lastUsedAt: partnerCredentials.lastUsedAt,
    })
    .from(partnerCredentials)
    .where(eq(partnerCredentials.tenantId, tenantId))
    .orderBy(asc(partnerCredentials.createdAt));
}

/** Revoke; answers false when this municipality has no such (unrevoked) credential. */
export async function revokePartner(db: LedgerDb, tenantId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return false;
  const done = await db
    .update(partnerCredentials)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(partnerCredentials.tenantId, tenantId), eq(partnerCredentials.id, id), isNull(partnerCredentials.revokedAt)))
    .returning({ id: partnerCredentials.id });
  return done.length > 0;
}

/** The credential behind `Authorization: Bearer bbp_…`, with the scope this route needs; refuses anything else. */
export async function authenticatePartner(db: LedgerDb, request: FastifyRequest, scope: PartnerScope): Promise<Partner> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
  const token = match?.[1] ? PARTNER_TOKEN.exec(match[1]) : null;
  if (!token?.[1] || !token[2]) throw new ProtocolFailure(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <partner token>.');
  const hex = token[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const [row] = await db.select().from(partnerCredentials).where(eq(partnerCredentials.id, id));
  // Compared in constant time; an unknown id gets the same answer as a wrong secret.
  const expected = row ? Buffer.from(row.secretHash, 'hex') : Buffer.alloc(32);
  const ok = timingSafeEqual(expected, digest(token[2])) && Boolean(row);
  if (!row || !ok) throw new ProtocolFailure(401, 'UNAUTHENTICATED', 'The partner token is not valid.');
  if (row.revokedAt) throw new ProtocolFailure(401, 'CREDENTIAL_REVOKED', 'This partner credential has been revoked.');
  if (!row.scopes.includes(scope)) throw new ProtocolFailure(403, 'FORBIDDEN_SCOPE', `This credential may not use ${scope}.`);
  // "Last used" to the minute: one write a minute per credential, not one per request (that row would be a hot spot).
  if (!row.lastUsedAt || Date.now() - Date.parse(row.lastUsedAt) > 60_000) {
    void db
      .update(partnerCredentials)
      .set({ lastUsedAt: new Date().toISOString() })
      .where(eq(partnerCredentials.id, row.id))
      .catch(() => undefined);
  }
  return { id: row.id, tenantId: row.tenantId, name: row.name, scopes: row.scopes };
}

/** The rate limit's key: the credential's id when the request names one, else the address. */
export function partnerRateKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const id = typeof header === 'string' ? /bbp_([0-9a-f]{32})_/.exec(header)?.[1] : undefined;
  return id ? `partner:${id}` : `ip:${request.ip}`;
}

/** A credential of this municipality by its id (the admin's file import acts for it); null if unknown or revoked. */
export async function partnerById(db: LedgerDb, tenantId: string, id: string): Promise<Partner | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row] = await db
    .select()
    .from(partnerCredentials)
    .where(and(eq(partnerCredentials.tenantId, tenantId), eq(partnerCredentials.id, id), isNull(partnerCredentials.revokedAt)));
  return row ? { id: row.id, tenantId: row.tenantId, name: row.name, scopes: row.scopes } : null;
}
