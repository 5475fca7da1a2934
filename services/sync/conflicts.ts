/**
 * Conflicts the central ledger found (double use of one voucher), as this device sees them, and the
 * wijkregisseur's settlement: an outbox event like any other, so it travels with the next sync and
 * the ledger decides (the first settlement it receives counts).
 */
import { desc, eq, inArray } from 'drizzle-orm';
import type { ConflictView } from '../../core/api/contract-sync.js';
import { AppError } from '../../core/api/errors.js';
import type { SettlementDecision } from '../../core/sync/protocol.js';
import { donationParts, initiatives, redemptions, syncConflicts } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { appendEvent } from '../platform/index.js';
import type { Actor } from '../platform/index.js';

export function listConflicts(db: Db): ConflictView[] {
  const rows = db.select().from(syncConflicts).orderBy(desc(syncConflicts.createdAt)).all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => (r.ours === 'contested' ? r.contestedRedemptionId : r.countedRedemptionId));
  const mine = new Map(
    db
      .select()
      .from(redemptions)
      .where(inArray(redemptions.id, ids))
      .all()
      .map((r) => [r.id, r]),
  );
  const parts = db
    .select({
      redemptionId: donationParts.redemptionId,
      amountCents: donationParts.amountCents,
      number: initiatives.number,
      title: initiatives.title,
    })
    .from(donationParts)
    .innerJoin(initiatives, eq(initiatives.id, donationParts.initiativeId))
    .where(inArray(donationParts.redemptionId, ids))
    .all();
  return rows.map((r) => {
    const id = r.ours === 'contested' ? r.contestedRedemptionId : r.countedRedemptionId;
    const red = mine.get(id);
    return {
      contestedRedemptionId: r.contestedRedemptionId,
      countedRedemptionId: r.countedRedemptionId,
      ours: r.ours,
      state: r.state,
      valueCents: r.valueCents,
      maskedCode: red?.maskedCode ?? null,
      takenAt: red?.createdAt ?? null,
      initiatives: parts.filter((p) => p.redemptionId === id).map(({ number, title, amountCents }) => ({ number, title, amountCents })),
      note: r.note,
      settledAt: r.settledAt,
      settlementSent: r.settlementSentAt !== null,
    };
  });
}

export function settleConflictLocally(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { contestedRedemptionId: string; decision: SettlementDecision; note: string },
): ConflictView[] {
  const now = clock().toISOString();
  db.transaction(
    (tx) => {
      const row = tx.select().from(syncConflicts).where(eq(syncConflicts.contestedRedemptionId, input.contestedRedemptionId)).get();
      if (!row) throw new AppError('NOT_FOUND', 'Dit conflict bestaat niet.');
      if (row.state !== 'open') throw new AppError('CONFLICT', 'Dit conflict is al opgelost.');
      if (row.settlementSentAt)
        throw new AppError('CONFLICT', 'Er is al een besluit verstuurd. Het grootboek verwerkt het bij de volgende synchronisatie.');
      appendEvent(tx, {
        type: 'conflict.settled',
        staffId: actor.staffId,
        deviceTime: now,
        payload: { contestedRedemptionId: input.contestedRedemptionId, decision: input.decision, note: input.note },
      });
      tx.update(syncConflicts)
        .set({ settlementSentAt: now, updatedAt: now })
        .where(eq(syncConflicts.contestedRedemptionId, row.contestedRedemptionId))
        .run();
    },
    { behavior: 'immediate' },
  );
  return listConflicts(db);
}
