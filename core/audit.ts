/**
 * The audit trail (issue 17): who did what sensitive thing, when, on which device — and, at the ledger, which
 * administrator ran which command. One form for both: an append-only list per source (a device, or the ledger of one
 * municipality), each entry hash-chained to the one before, so a changed, removed or inserted entry is found by
 * verifyAuditChain (common/audit-chain.ts). Entries name people by their staff id and things by their id; never a name, a contact, a PIN or
 * a voucher code — the trail travels to the ledger, which holds no personal data of residents.
 */
import { z } from 'zod';

export const AUDIT_GENESIS = '0'.repeat(64);

export const auditActions = [
  // Sessions
  'login',
  'pin-failed',
  'locked-out',
  // Staff
  'staff-created',
  'staff-disabled',
  'staff-enabled',
  'staff-role-changed',
  'staff-pin-reset',
  // Money
  'reversal',
  'approval-pin-failed',
  'conflict-settled',
  'donation-decided',
  // Personal data (inzage and erasure)
  'personal-data-viewed',
  'personal-data-erased',
  // Exports
  'export',
  // The device
  'settings-changed',
  'enrolled',
  'backup-made',
  'backup-restore-staged',
  'backup-restored',
  // The ledger's own (server:admin)
  'admin',
] as const;
export type AuditAction = (typeof auditActions)[number];

const detailValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null(), z.array(z.string().max(64)).max(20)]);

/** One entry as it is hashed, stored and sent. */
export const auditEntrySchema = z
  .object({
    seq: z.number().int().min(1),
    /**
     * Which line of the trail: a device starts one when its store is made, and a new one after a backup was restored
     * (the new line forks from the backup's last entry; the ledger keeps both). The ledger's own: its municipality.
     */
    chain: z.string().min(1).max(64),
    at: z.string().datetime(),
    /** The staff id (device) or the operating-system account (ledger) who acted; null for the app itself. */
    actorId: z.string().max(100).nullable(),
    actorRole: z.string().max(40).nullable(),
    action: z.enum(auditActions),
    /** The id of what it was done to (a staff member, a donation, a person record …), or the admin command. */
    subject: z.string().max(100).nullable(),
    detail: z.record(z.string().max(40), detailValue),
    ok: z.boolean(),
    prevHash: z.string().regex(/^[0-9a-f]{64}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'chain'>;

// ---- POST /v1/audit (signed): a device's audit entries to the ledger (docs/sync-protocol.md §4d) ----

export const MAX_AUDIT_BATCH = 500;
export const auditPushSchema = z
  .object({ deviceId: z.string().uuid(), entries: z.array(auditEntrySchema).min(1).max(MAX_AUDIT_BATCH) })
  .strict();
export type AuditPush = z.infer<typeof auditPushSchema>;
/** The ledger holds this device's trail up to `storedThrough` (also when some were sent before). */
export const auditPushAnswerSchema = z.object({ storedThrough: z.number().int().min(0) });
