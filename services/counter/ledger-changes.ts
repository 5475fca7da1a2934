/**
 * What the central ledger says about vouchers and donations, applied to this device's store (sync/ calls
 * these): rounds and their registry, vouchers used (or released) elsewhere, and the ledger's verdict on this
 * device's own donations, which also keeps the initiatives' totals to what the ledger counts.
 */
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Change } from '../../core/sync/protocol.js';
import {
  donationParts,
  initiatives,
  redemptions,
  rounds,
  voucherRegistry,
  vouchersUsedElsewhere,
  type RedemptionRow,
} from '../../db/schema.js';
import type { Db, Tx } from '../../db/open-store.js';

/**
 * The two bulk kinds (registry chunks, vouchers used elsewhere) go through prepared statements on the
 * raw connection: a 100,000-code registry is 100,000 inserts, and building each through the query
 * builder would cost more than SQLite does. They run inside the same transaction (one connection).
 */
export function voucherStatements(db: Db) {
  const raw = db.$client;
  return {
    registry: raw.prepare('INSERT OR IGNORE INTO voucher_registry (round_id, code_hash, district_code, buurt_code) VALUES (?, ?, ?, ?)'),
    ownRedemption: raw.prepare('SELECT 1 FROM redemptions WHERE id = ?').pluck(),
    used: raw.prepare(
      `INSERT INTO vouchers_used_elsewhere (round_id, code_hash, used_at, channel, as_of) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (round_id, code_hash) DO UPDATE SET used_at = excluded.used_at, channel = excluded.channel, as_of = excluded.as_of`,
    ),
  };
}
export type VoucherStatements = ReturnType<typeof voucherStatements>;

export function applyRound(tx: Tx, r: Extract<Change, { kind: 'round' }>['data'], serverTime: string): void {
  const existing = tx.select({ salt: rounds.registrySalt }).from(rounds).where(eq(rounds.id, r.id)).get();
  if (existing && existing.salt !== r.salt) {
    // Another salt means other hashes: the old registry of this round no longer matches anything.
    tx.delete(voucherRegistry).where(eq(voucherRegistry.roundId, r.id)).run();
  }
  const values = {
    valueCents: r.valueCents,
    activeFrom: r.activeFrom,
    activeUntil: r.activeUntil,
    status: r.status,
    registrySalt: r.salt,
  };
  tx.insert(rounds)
    .values({ id: r.id, ...values, registryAsOf: serverTime })
    .onConflictDoUpdate({ target: rounds.id, set: values })
    .run();
}

export function applyRegistryChunk(raw: VoucherStatements, data: Extract<Change, { kind: 'registry' }>['data']): void {
  for (const v of data.vouchers) raw.registry.run(data.roundId, v.h, v.d, v.b ?? null);
}

export function applyUsedElsewhere(raw: VoucherStatements, u: Extract<Change, { kind: 'used' }>['data'], serverTime: string): void {
  // Our own donation comes back in the feed: it is "used here", not "used elsewhere".
  if (raw.ownRedemption.get(u.redemptionId)) return;
  raw.used.run(u.roundId, u.h, u.at, u.channel, serverTime);
}

export function applyReleased(tx: Tx, r: Extract<Change, { kind: 'released' }>['data']): void {
  tx.delete(vouchersUsedElsewhere)
    .where(and(eq(vouchersUsedElsewhere.roundId, r.roundId), eq(vouchersUsedElsewhere.codeHash, r.h)))
    .run();
}

/** After the last page: the registry and the used-elsewhere list are complete as of the server's time. */
export function markRegistryCurrent(db: Db, serverTime: string): void {
  db.transaction((tx) => {
    tx.update(rounds).set({ registryAsOf: serverTime }).run();
    tx.update(vouchersUsedElsewhere).set({ asOf: serverTime }).run();
  });
}

export type LedgerState = NonNullable<RedemptionRow['ledgerState']>;

/**
 * The ledger's answer to one of this device's donations, as its push answered it. A donation that does not
 * count (yet) — contested, pending, quarantined — leaves the initiatives' totals now, as it does at the ledger
 * (the next pull confirms the ledger's totals; a pending one comes back once a person confirms it).
 * Returns whether the state changed (a duplicate answer of what is known already changes nothing).
 */
export function applyLedgerVerdict(tx: Tx, red: RedemptionRow, state: LedgerState): boolean {
  if (red.ledgerState !== null && red.ledgerState !== 'pending') return false; // decided already
  if (red.ledgerState === state) return false;
  tx.update(redemptions).set({ ledgerState: state }).where(eq(redemptions.id, red.id)).run();
  if (state === 'counted') return true;
  for (const p of tx.select().from(donationParts).where(eq(donationParts.redemptionId, red.id)).all()) {
    tx.update(initiatives)
      .set({ collectedCents: sql`max(0, ${initiatives.collectedCents} - ${p.amountCents})` })
      .where(eq(initiatives.id, p.initiativeId))
      .run();
  }
  return true;
}

/** A state the ledger learned later (a settled conflict, a decided review); `keepPending`: not over a pending one. */
export function setLedgerState(tx: Tx, redemptionId: string, state: LedgerState, options: { keepPending?: boolean } = {}): void {
  tx.update(redemptions)
    .set({ ledgerState: state })
    .where(
      options.keepPending
        ? and(eq(redemptions.id, redemptionId), or(isNull(redemptions.ledgerState), ne(redemptions.ledgerState, 'pending')))
        : eq(redemptions.id, redemptionId),
    )
    .run();
}
