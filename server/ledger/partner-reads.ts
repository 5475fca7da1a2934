/**
 * What the platform's website reads from the ledger (docs/partner-api.md): initiatives as a paged change feed with
 * their totals over every channel, districts, rounds, and a voucher's state. Public fields only; a voucher's use
 * says where (a service point's name, or the website) and when, never who.
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { InitiativeSnapshot } from '../../core/sync/protocol.js';
import type { PartnerInitiative, PartnerVoucherCheck } from '../../core/partner-api.js';
import type { CanonicalCode } from '../../core/voucher-code.js';
import { changes, devices, districts, donations, rounds, vouchers } from '../db/schema.js';
import type { LedgerDb, LedgerTx } from '../db/connect.js';

export function partnerInitiativeOf(s: InitiativeSnapshot): PartnerInitiative {
  return {
    id: s.id,
    number: s.number,
    title: s.title,
    summary: s.summary,
    districtCode: s.districtCode,
    theme: s.theme,
    status: s.status,
    targetCents: s.targetCents,
    collectedCents: s.collectedCents,
    donations: s.donations,
    deadline: s.deadline,
    volunteersNeeded: s.volunteersNeeded,
    volunteerTasks: s.volunteerTasks,
    materialsWanted: s.materialsWanted,
    description: s.registration?.description ?? null,
    buurt: s.registration?.buurt || null,
    updatedAt: s.updatedAt,
  };
}

/**
 * Initiatives changed after `after`, oldest change first: each initiative once per page, as it stands at the
 * page's last change. The same feed the devices pull, so the website sees a counter's donation within minutes
 * of that counter's sync.
 */
export async function partnerInitiatives(db: LedgerDb, tenantId: string, after: number, limit: number) {
  const rows = await db
    .select({ id: changes.id, data: changes.data })
    .from(changes)
    .where(and(eq(changes.tenantId, tenantId), eq(changes.kind, 'initiative'), isNull(changes.deviceId), gt(changes.id, after)))
    .orderBy(asc(changes.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const latest = new Map<string, PartnerInitiative>();
  for (const row of page) {
    const snapshot = row.data as InitiativeSnapshot;
    latest.delete(snapshot.id);
    latest.set(snapshot.id, partnerInitiativeOf(snapshot));
  }
  return { items: [...latest.values()], cursor: page.at(-1)?.id ?? after, more: rows.length > limit };
}

export async function partnerDistricts(db: LedgerDb, tenantId: string) {
  return db
    .select({ code: districts.code, name: districts.name, kind: districts.kind })
    .from(districts)
    .where(eq(districts.tenantId, tenantId))
    .orderBy(asc(districts.code));
}

export async function partnerRounds(db: LedgerDb, tenantId: string) {
  const rows = await db.select().from(rounds).where(eq(rounds.tenantId, tenantId)).orderBy(asc(rounds.activeFrom));
  return rows.map((r) => ({
    id: r.id,
    valueCents: r.valueCents,
    activeFrom: new Date(r.activeFrom).toISOString(),
    activeUntil: new Date(r.activeUntil).toISOString(),
    status: r.status,
  }));
}

/** Where and when a voucher was given (the donation that holds it), never who; null while it is free. */
export async function voucherHolder(
  db: LedgerDb | LedgerTx,
  tenantId: string,
  roundId: string,
  codeHash: string,
): Promise<{ channel: 'counter' | 'website'; at: string; servicePoint: string | null } | null> {
  const [holder] = await db
    .select({ channel: donations.channel, at: donations.deviceTime, servicePoint: devices.servicePoint })
    .from(donations)
    .leftJoin(devices, eq(devices.id, donations.deviceId))
    .where(
      and(
        eq(donations.tenantId, tenantId),
        eq(donations.roundId, roundId),
        eq(donations.codeHash, codeHash),
        inArray(donations.state, ['counted', 'pending']),
      ),
    );
  if (!holder) return null;
  return { channel: holder.channel, at: holder.at, servicePoint: holder.channel === 'counter' ? (holder.servicePoint ?? null) : null };
}

/** A voucher as the ledger knows it now, for one municipality. */
export async function partnerVoucherCheck(
  db: LedgerDb,
  tenantId: string,
  code: CanonicalCode,
  now = new Date(),
): Promise<PartnerVoucherCheck> {
  const [voucher] = await db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.code, code)));
  if (!voucher) return { status: 'unknown' };
  const used = await voucherHolder(db, tenantId, voucher.roundId, voucher.codeHash);
  if (used) return { status: 'used', roundId: voucher.roundId, ...used };
  const [round] = await db
    .select()
    .from(rounds)
    .where(and(eq(rounds.tenantId, tenantId), eq(rounds.id, voucher.roundId)));
  if (!round) return { status: 'unknown' };
  const from = new Date(round.activeFrom).toISOString();
  const until = new Date(round.activeUntil).toISOString();
  const iso = now.toISOString();
  if (round.status === 'closed' || iso > until) return { status: 'round-closed', roundId: round.id, activeUntil: until };
  if (round.status === 'planned' || iso < from) return { status: 'round-not-open', roundId: round.id, activeFrom: from };
  return { status: 'valid', roundId: round.id, valueCents: round.valueCents, districtCode: voucher.districtCode };
}
