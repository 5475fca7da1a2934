/**
 * The audit trail at the ledger (core/audit.ts): the administration's own actions chained per municipality, and
 * each device's trail as the device sent it (POST /v1/audit), checked to continue the device's chain. Append-only
 * (a trigger refuses UPDATE and DELETE, migration 0006); `verifyLedgerAudit` finds what was changed anyway.
 */
import os from 'node:os';
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { auditEntrySchema, type AuditEntry, type NewAuditEntry } from '../../core/audit.js';
import { chainAudit, verifyAuditChain } from '../../common/audit-chain.js';
import { auditLog } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';
import { ProtocolFailure } from './errors.js';

type Row = typeof auditLog.$inferSelect;

function entryOf(r: Row): AuditEntry {
  return auditEntrySchema.parse({
    seq: r.seq,
    at: r.entryAt,
    actorId: r.actor === '' ? null : r.actor,
    actorRole: r.actorRole,
    action: r.action,
    subject: r.subject,
    detail: r.detail,
    ok: r.ok,
    prevHash: r.prevHash,
    hash: r.hash,
  });
}

/** Who runs an admin command: the operating-system account (as the process sees it). */
export function adminActor(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'admin';
  }
}

/** Record an administration action at the ledger, chained after the municipality's last one. */
export async function recordAdminAudit(
  db: LedgerDb | LedgerTx,
  tenantId: string | null,
  command: string,
  detail: Record<string, unknown>,
  at = new Date(),
): Promise<AuditEntry> {
  return db.transaction(async (tx) => {
    // One writer per municipality's chain at a time (also across ledger processes).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${tenantId ?? ''}`}))`);
    const [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(
        and(
          tenantId === null ? isNull(auditLog.tenantId) : eq(auditLog.tenantId, tenantId),
          isNull(auditLog.deviceId),
          isNotNull(auditLog.seq),
        ),
      )
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const entry: NewAuditEntry = {
      at: at.toISOString(),
      actorId: adminActor(),
      actorRole: 'administrator',
      action: 'admin',
      subject: command,
      detail: flatDetail(detail),
      ok: true,
    };
    const chained = chainAudit(last?.seq && last.hash ? { seq: last.seq, hash: last.hash } : null, entry);
    await tx.insert(auditLog).values(rowOf(tenantId, null, chained));
    return chained;
  });
}

/** Detail values the form allows (text, numbers, yes/no, lists of ids); anything else as short text. */
function flatDetail(detail: Record<string, unknown>): AuditEntry['detail'] {
  const out: AuditEntry['detail'] = {};
  for (const [key, value] of Object.entries(detail).slice(0, 30)) {
    const k = key.slice(0, 40);
    if (value === null || typeof value === 'number' || typeof value === 'boolean') out[k] = value;
    else if (typeof value === 'string') out[k] = value.slice(0, 200);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      out[k] = (value as string[]).slice(0, 20).map((v) => v.slice(0, 64));
    else out[k] = JSON.stringify(value).slice(0, 200);
  }
  return out;
}

function rowOf(tenantId: string | null, deviceId: string | null, e: AuditEntry): typeof auditLog.$inferInsert {
  return {
    tenantId,
    deviceId,
    seq: e.seq,
    entryAt: e.at,
    actor: e.actorId ?? '',
    actorRole: e.actorRole,
    action: e.action,
    subject: e.subject,
    detail: e.detail,
    ok: e.ok,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/**
 * A device's entries: those the ledger has are checked to be the same (a retry), the rest must continue the chain
 * from the last one stored. Answers the last sequence stored.
 */
export async function storeDeviceAudit(db: LedgerDb, tenantId: string, deviceId: string, entries: readonly AuditEntry[]): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit-device:${deviceId}`}))`);
    const [last] = await tx.select().from(auditLog).where(eq(auditLog.deviceId, deviceId)).orderBy(desc(auditLog.seq)).limit(1);
    const stored = last ? entryOf(last) : null;
    const storedThrough = stored?.seq ?? 0;
    const fresh = entries.filter((e) => e.seq > storedThrough);
    for (const again of entries.filter((e) => e.seq <= storedThrough)) {
      const [have] = await tx
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .where(and(eq(auditLog.deviceId, deviceId), eq(auditLog.seq, again.seq)));
      if (have?.hash !== again.hash)
        throw new ProtocolFailure(409, 'CHAIN_BROKEN', 'An audit entry differs from the one stored.', { seq: again.seq });
    }
    if (fresh.length === 0) return storedThrough;
    if (fresh[0]?.seq !== storedThrough + 1) {
      throw new ProtocolFailure(409, 'SEQUENCE_GAP', 'Audit entries must continue from the last one stored.', {
        expectedSeq: storedThrough + 1,
      });
    }
    const broken = verifyAuditChain(fresh, stored);
    if (broken !== null) throw new ProtocolFailure(422, 'CHAIN_BROKEN', 'An audit entry does not continue the chain.', { seq: broken });
    await tx.insert(auditLog).values(fresh.map((e) => rowOf(tenantId, deviceId, e)));
    return fresh[fresh.length - 1]?.seq ?? storedThrough;
  });
}

/** The trail, newest first: the ledger's own (device null) or one device's. */
export async function readAudit(
  db: LedgerDb,
  tenantId: string,
  deviceId: string | null,
  limit: number,
): Promise<(AuditEntry & { deviceId: string | null })[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), isNotNull(auditLog.seq), deviceId ? eq(auditLog.deviceId, deviceId) : sql`true`))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...entryOf(r), deviceId: r.deviceId }));
}

/** Verify every chain of a municipality: the ledger's own and each device's. Answers the chains that break, and where. */
export async function verifyLedgerAudit(
  db: LedgerDb,
  tenantId: string,
): Promise<{ chains: number; entries: number; broken: { source: string; seq: number }[] }> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), isNotNull(auditLog.seq)))
    .orderBy(asc(auditLog.deviceId), asc(auditLog.seq));
  const bySource = new Map<string, Row[]>();
  for (const r of rows) {
    const source = r.deviceId ?? 'ledger';
    bySource.set(source, [...(bySource.get(source) ?? []), r]);
  }
  const broken: { source: string; seq: number }[] = [];
  for (const [source, list] of bySource) {
    let entries: AuditEntry[];
    try {
      entries = list.map(entryOf);
    } catch {
      broken.push({ source, seq: list[0]?.seq ?? 0 });
      continue;
    }
    const at = verifyAuditChain(entries);
    if (at !== null) broken.push({ source, seq: at });
  }
  return { chains: bySource.size, entries: rows.length, broken };
}
