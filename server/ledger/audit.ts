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
    chain: r.chain,
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
    const chained = chainAudit(last?.seq && last.hash ? { seq: last.seq, hash: last.hash } : null, entry, tenantId ?? 'ledger');
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
    chain: e.chain,
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
 * A device's entries, line by line (core/audit.ts `chain`): those the ledger has are checked to be the same (a
 * retry); the rest must continue the line from its last stored entry — or, for a line the ledger has not seen,
 * start the device's trail (seq 1) or fork from an entry it holds (after the device went back to a backup).
 * Answers the last sequence stored.
 */
export async function storeDeviceAudit(db: LedgerDb, tenantId: string, deviceId: string, entries: readonly AuditEntry[]): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit-device:${deviceId}`}))`);
    let storedThrough = 0;
    for (const group of byLine(entries)) {
      const chain = group[0]?.chain ?? '';
      const [last] = await tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.deviceId, deviceId), eq(auditLog.chain, chain)))
        .orderBy(desc(auditLog.seq))
        .limit(1);
      const stored = last ? entryOf(last) : null;
      const lineThrough = stored?.seq ?? 0;
      for (const again of group.filter((e) => e.seq <= lineThrough)) {
        const [have] = await tx
          .select({ hash: auditLog.hash })
          .from(auditLog)
          .where(and(eq(auditLog.deviceId, deviceId), eq(auditLog.chain, chain), eq(auditLog.seq, again.seq)));
        if (have?.hash !== again.hash)
          throw new ProtocolFailure(409, 'CHAIN_BROKEN', 'An audit entry differs from the one stored.', { seq: again.seq });
      }
      const fresh = group.filter((e) => e.seq > lineThrough);
      const first = fresh[0];
      if (!first) {
        storedThrough = Math.max(storedThrough, lineThrough);
        continue;
      }
      let after: { seq: number; hash: string } | null = stored;
      if (!stored && first.seq > 1) {
        // A new line: it forks from an entry of this device the ledger holds (any line).
        const [fork] = await tx
          .select({ seq: auditLog.seq, hash: auditLog.hash })
          .from(auditLog)
          .where(and(eq(auditLog.deviceId, deviceId), eq(auditLog.seq, first.seq - 1), eq(auditLog.hash, first.prevHash)));
        if (!fork?.seq || !fork.hash) {
          throw new ProtocolFailure(409, 'SEQUENCE_GAP', 'Audit entries must continue from an entry the ledger holds.', { expectedSeq: 1 });
        }
        after = { seq: fork.seq, hash: fork.hash };
      } else if (first.seq !== lineThrough + 1) {
        throw new ProtocolFailure(409, 'SEQUENCE_GAP', 'Audit entries must continue from the last one stored.', {
          expectedSeq: lineThrough + 1,
        });
      }
      const broken = verifyAuditChain(fresh, after);
      if (broken !== null) throw new ProtocolFailure(422, 'CHAIN_BROKEN', 'An audit entry does not continue the chain.', { seq: broken });
      await tx.insert(auditLog).values(fresh.map((e) => rowOf(tenantId, deviceId, e)));
      storedThrough = Math.max(storedThrough, fresh[fresh.length - 1]?.seq ?? lineThrough);
    }
    return storedThrough;
  });
}

/** Consecutive entries of the same line, in the order sent. */
function byLine(entries: readonly AuditEntry[]): AuditEntry[][] {
  const groups: AuditEntry[][] = [];
  for (const e of entries) {
    const current = groups[groups.length - 1];
    if (current && current[0]?.chain === e.chain) current.push(e);
    else groups.push([e]);
  }
  return groups;
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

/**
 * Verify every line of a municipality's trail: the ledger's own and each device's (a line that forks after a
 * restore must start from an entry of the same device). Answers the lines that break, and where.
 */
export async function verifyLedgerAudit(
  db: LedgerDb,
  tenantId: string,
): Promise<{ chains: number; entries: number; broken: { source: string; seq: number }[] }> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), isNotNull(auditLog.seq)))
    .orderBy(asc(auditLog.deviceId), asc(auditLog.chain), asc(auditLog.seq));
  const byLineKey = new Map<string, Row[]>();
  const hashesOf = new Map<string, Set<string>>();
  for (const r of rows) {
    const source = r.deviceId ?? 'ledger';
    const key = `${source}/${r.chain ?? ''}`;
    byLineKey.set(key, [...(byLineKey.get(key) ?? []), r]);
    const seen = hashesOf.get(source) ?? new Set<string>();
    seen.add(`${r.seq}:${r.hash}`);
    hashesOf.set(source, seen);
  }
  const broken: { source: string; seq: number }[] = [];
  for (const [key, list] of byLineKey) {
    const source = key.slice(0, key.indexOf('/'));
    let entries: AuditEntry[];
    try {
      entries = list.map(entryOf);
    } catch {
      broken.push({ source, seq: list[0]?.seq ?? 0 });
      continue;
    }
    const first = entries[0];
    if (!first) continue;
    const forksFrom = first.seq > 1 && hashesOf.get(source)?.has(`${first.seq - 1}:${first.prevHash}`);
    if (first.seq > 1 && !forksFrom) {
      broken.push({ source, seq: first.seq });
      continue;
    }
    const at = verifyAuditChain(entries, first.seq > 1 ? { seq: first.seq - 1, hash: first.prevHash } : null);
    if (at !== null) broken.push({ source, seq: at });
  }
  return { chains: byLineKey.size, entries: rows.length, broken };
}
