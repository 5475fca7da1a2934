/** The audit trail's hash chain (core/audit.ts has the entry's form). */
import { createHash } from 'node:crypto';
import { AUDIT_GENESIS, type AuditEntry, type NewAuditEntry } from '../core/audit.js';
import { canonicalJson } from '../core/sync/protocol.js';

/** sha256(prevHash ‖ "\n" ‖ canonical entry without its hash), hex. */
export function auditHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the hash is what is computed, never part of it
  const { prevHash, hash, ...body } = entry;
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(body)).digest('hex');
}

/** The next entry of a chain whose last entry is `last` (or none). */
export function chainAudit(last: Pick<AuditEntry, 'seq' | 'hash'> | null, entry: NewAuditEntry, chain: string): AuditEntry {
  const linked = { ...entry, chain, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? AUDIT_GENESIS };
  return { ...linked, hash: auditHash(linked) };
}

/**
 * Walk a chain in sequence order from `after` (the entry before the first one given, or none): answers the first
 * sequence that does not follow (missing, inserted, changed, re-ordered), or null when every entry verifies.
 */
export function verifyAuditChain(entries: readonly AuditEntry[], after: Pick<AuditEntry, 'seq' | 'hash'> | null = null): number | null {
  let prev = after;
  for (const e of entries) {
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq || e.prevHash !== (prev?.hash ?? AUDIT_GENESIS) || auditHash(e) !== e.hash) return e.seq;
    prev = e;
  }
  return null;
}
