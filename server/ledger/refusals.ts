/**
 * Refused input, kept within bounds (LESSONS.md: never dropped in silence; but no one may fill the
 * ledger's disk either). A refusal from a known device whose signature verified is kept whole (cut at
 * 64 KiB) in `quarantine`, at most PER_DEVICE_PER_DAY per device and PER_SOURCE_PER_DAY per source
 * address; beyond that, and for every unauthenticated refusal, it is only counted per day and code in
 * `refusal_counts` with the SHA-256 of the body, and logged with that digest.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { repairText } from '../../core/text.js';
import { sha256Hex } from '../../common/protocol-crypto.js';
import { quarantine, refusalCounts } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';

export const QUARANTINE_MAX_BYTES = 64 * 1024;
export const PER_DEVICE_PER_DAY = 200;
export const PER_SOURCE_PER_DAY = 500;

export interface RefusalSubject {
  /** Set only when the request's signature verified for this device. */
  deviceId: string | null;
  tenantId: string | null;
  source: string;
  body: Buffer | undefined;
}

export async function recordRefusal(db: LedgerDb, request: FastifyRequest, subject: RefusalSubject, code: string, reason: string) {
  const digest = sha256Hex(subject.body ?? Buffer.alloc(0));
  try {
    if (subject.deviceId && (await mayKeep(db, subject))) {
      // PostgreSQL's text cannot hold U+0000 or a lone surrogate: kept as U+FFFD, like events.
      const text = repairText((subject.body ?? Buffer.alloc(0)).subarray(0, QUARANTINE_MAX_BYTES).toString('utf8'), '\uFFFD');
      await db
        .insert(quarantine)
        .values({ tenantId: subject.tenantId, deviceId: subject.deviceId, source: subject.source, reason, body: text });
      request.log.warn({ code, device: subject.deviceId, digest }, 'refused input quarantined');
      return;
    }
    await db
      .insert(refusalCounts)
      .values({ day: new Date().toISOString().slice(0, 10), code, count: 1, lastDigest: digest })
      .onConflictDoUpdate({
        target: [refusalCounts.day, refusalCounts.code],
        set: { count: sql`${refusalCounts.count} + 1`, lastDigest: digest },
      });
    request.log.warn({ code, source: subject.source, digest, bytes: subject.body?.length ?? 0 }, 'refused input counted');
  } catch (error) {
    request.log.error({ err: error, code, digest }, 'could not record a refusal');
  }
}

async function mayKeep(db: LedgerDb, subject: RefusalSubject): Promise<boolean> {
  const since = new Date(Date.now() - 24 * 3600_000).toISOString();
  const [row] = await db
    .select({
      device: sql<number>`count(*) filter (where ${quarantine.deviceId} = ${subject.deviceId})`,
      source: sql<number>`count(*) filter (where ${quarantine.source} = ${subject.source})`,
    })
    .from(quarantine)
    .where(
      and(
        gt(quarantine.receivedAt, since),
        sql`(${quarantine.deviceId} = ${subject.deviceId} or ${quarantine.source} = ${subject.source})`,
      ),
    );
  return Number(row?.device ?? 0) < PER_DEVICE_PER_DAY && Number(row?.source ?? 0) < PER_SOURCE_PER_DAY;
}

/** For the admin CLI: what was kept, newest first, and what was only counted. */
export async function listRefusals(db: LedgerDb, tenantId: string | null, limit = 50) {
  const kept = await db
    .select({
      id: quarantine.id,
      at: quarantine.receivedAt,
      device: quarantine.deviceId,
      source: quarantine.source,
      reason: quarantine.reason,
    })
    .from(quarantine)
    .where(tenantId ? eq(quarantine.tenantId, tenantId) : sql`true`)
    .orderBy(sql`${quarantine.id} desc`)
    .limit(limit);
  const counted = await db
    .select()
    .from(refusalCounts)
    .orderBy(sql`${refusalCounts.day} desc`)
    .limit(limit);
  return { kept, counted };
}
