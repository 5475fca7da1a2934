/**
 * A donation is never edited. A mistake is undone by a reversal: a new ledger event, approved on the
 * spot by a wijkregisseur's PIN, that takes the amounts off the initiatives and frees the voucher.
 */
import type { Actor } from '../platform/index.js';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import { can } from '../../core/roles.js';
import { donationParts, initiatives, redemptions, reversals, staff } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { currentBusinessDay } from './business-day.js';
import { appendEvent } from '../platform/index.js';
import { followTarget } from '../initiatives/index.js';
import { verifyStaffPin } from '../staff/index.js';

export function listApprovers(db: Db): { id: string; name: string }[] {
  return db
    .select({ id: staff.id, name: staff.name, role: staff.role })
    .from(staff)
    .where(eq(staff.disabled, false))
    .orderBy(asc(staff.name))
    .all()
    .filter((s) => can(s.role, 'assess'))
    .map(({ id, name }) => ({ id, name }));
}

export interface ReverseInput {
  redemptionId: string;
  reason: string;
  approverId: string;
  approverPin: string;
}

export async function reverseRedemption(db: Db, clock: Clock, caller: Actor, input: ReverseInput) {
  const approver = await verifyStaffPin(db, clock, input.approverId, input.approverPin, 'approval');
  if (!can(approver.role, 'assess')) throw new AppError('FORBIDDEN', 'Alleen een wijkregisseur kan een donatie terugdraaien.');
  const now = clock();
  return db.transaction(
    (tx) => {
      const redemption = tx
        .select()
        .from(redemptions)
        .where(and(eq(redemptions.id, input.redemptionId), isNull(redemptions.reversedAt)))
        .get();
      if (!redemption) throw new AppError('NOT_FOUND', 'Deze donatie bestaat niet of is al teruggedraaid.');
      const parts = tx.select().from(donationParts).where(eq(donationParts.redemptionId, redemption.id)).all();
      const id = randomUUID();
      const businessDay = currentBusinessDay(tx, now);
      const event = appendEvent(tx, {
        type: 'donation.reversed',
        staffId: caller.staffId,
        deviceTime: now.toISOString(),
        payload: { reversalId: id, redemptionId: redemption.id, reason: input.reason, approvedBy: approver.id, businessDay },
      });
      tx.insert(reversals)
        .values({
          id,
          redemptionId: redemption.id,
          reason: input.reason,
          staffId: caller.staffId,
          approvedBy: approver.id,
          createdAt: now.toISOString(),
          businessDay,
          outboxSeq: event.seq,
        })
        .run();
      tx.update(redemptions).set({ reversedAt: now.toISOString() }).where(eq(redemptions.id, redemption.id)).run();
      for (const part of parts) {
        tx.update(initiatives)
          .set({
            collectedCents: sql`${initiatives.collectedCents} - ${part.amountCents}`,
            donationsHere: sql`${initiatives.donationsHere} - 1`,
            updatedAt: now.toISOString(),
          })
          .where(eq(initiatives.id, part.initiativeId))
          .run();
        followTarget(tx, clock, part.initiativeId);
      }
      return {
        id,
        redemptionId: redemption.id,
        reason: input.reason,
        approvedByName: approver.name,
        createdAt: now.toISOString(),
        valueCents: redemption.valueCents,
      };
    },
    { behavior: 'immediate' },
  );
}
