/**
 * What the central ledger said that a person must act on (Synchronisatie → "Vraagt aandacht"): this
 * device's events it held as pending, quarantined or overruled; donations of any device it holds as
 * pending, which a wijkregisseur confirms or rejects here (an outbox event, so the ledger decides);
 * and revoked devices with what the ledger withheld from them.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AttentionView } from '../../core/api/contract-sync.js';
import { AppError } from '../../core/api/errors.js';
import { deviceReportSchema, type ReviewDecision } from '../../core/sync/protocol.js';
import { initiatives, ledgerDeviceReports, ledgerReviews, redemptions, syncAttention } from '../../db/schema.js';
import type { Db, ReadableDb } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { appendEvent } from '../platform/index.js';
import type { Actor } from '../platform/index.js';

type Reader = ReadableDb;

function initiativeNames(db: Reader, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { number: number; title: string }>();
  return new Map(
    db
      .select({ id: initiatives.id, number: initiatives.number, title: initiatives.title })
      .from(initiatives)
      .where(inArray(initiatives.id, [...new Set(ids)]))
      .all()
      .map((i) => [i.id, { number: i.number, title: i.title }]),
  );
}

export function listAttention(db: Db): AttentionView {
  const items = db.select().from(syncAttention).orderBy(desc(syncAttention.seq)).limit(200).all();
  const subjects = items.flatMap((i) => (i.subjectId ? [i.subjectId] : []));
  const ownDonations = new Map(
    subjects.length === 0
      ? []
      : db
          .select({ id: redemptions.id, masked: redemptions.maskedCode, state: redemptions.ledgerState })
          .from(redemptions)
          .where(inArray(redemptions.id, subjects))
          .all()
          .map((r) => [r.id, r]),
  );
  const reviews = db.select().from(ledgerReviews).orderBy(desc(ledgerReviews.at)).limit(200).all();
  const reviewParts = reviews.map((r) => JSON.parse(r.parts) as { initiativeId: string; amountCents: number }[]);
  const reports = db
    .select()
    .from(ledgerDeviceReports)
    .all()
    .flatMap((row) => {
      const parsed = deviceReportSchema.safeParse(JSON.parse(row.report));
      return parsed.success ? [parsed.data] : [];
    })
    // A device that is back (re-enrolled) and holds nothing withheld needs no one's attention.
    .filter((r) => r.revokedAt !== null || r.withheld.events > 0);
  const names = initiativeNames(db, [
    ...subjects,
    ...reviewParts.flat().map((p) => p.initiativeId),
    ...reports.flatMap((r) => r.withheld.initiatives.map((i) => i.initiativeId)),
  ]);
  const own = new Map(
    reviews.length === 0
      ? []
      : db
          .select({ id: redemptions.id, masked: redemptions.maskedCode })
          .from(redemptions)
          .where(
            inArray(
              redemptions.id,
              reviews.map((r) => r.redemptionId),
            ),
          )
          .all()
          .map((r) => [r.id, r.masked]),
  );
  return {
    items: items.map((i) => {
      const donation = i.subjectId ? ownDonations.get(i.subjectId) : undefined;
      const initiative = i.subjectId ? names.get(i.subjectId) : undefined;
      return {
        seq: i.seq,
        type: i.type,
        outcome: i.outcome,
        reason: i.reason,
        maskedCode: donation?.masked ?? null,
        initiative: initiative ?? null,
        createdAt: i.createdAt,
        handledAt: i.handledAt,
      };
    }),
    reviews: reviews.map((r, n) => ({
      redemptionId: r.redemptionId,
      ours: own.has(r.redemptionId),
      maskedCode: own.get(r.redemptionId) ?? null,
      roundId: r.roundId,
      valueCents: r.valueCents,
      districtCode: r.districtCode,
      initiatives: (reviewParts[n] ?? []).map((p) => ({
        number: names.get(p.initiativeId)?.number ?? null,
        title: names.get(p.initiativeId)?.title ?? null,
        amountCents: p.amountCents,
      })),
      flags: JSON.parse(r.flags) as string[],
      state: r.state,
      note: r.note,
      at: r.at,
      decidedAt: r.decidedAt,
      decisionSent: r.decisionSentAt !== null,
    })),
    devices: reports.map((r) => ({
      ...r,
      withheld: {
        ...r.withheld,
        initiatives: r.withheld.initiatives.map((i) => ({
          number: names.get(i.initiativeId)?.number ?? null,
          title: names.get(i.initiativeId)?.title ?? null,
          donations: i.donations,
          cents: i.cents,
        })),
      },
    })),
  };
}

/** Counts for the status bar and the screen: open items, pending donations not yet decided. */
export function attentionCounts(db: Reader): { attention: number; pendingReviews: number } {
  const n = (q: { get(): { n: number } | undefined }) => q.get()?.n ?? 0;
  return {
    attention: n(
      db
        .select({ n: sql<number>`count(*)` })
        .from(syncAttention)
        .where(isNull(syncAttention.handledAt)),
    ),
    pendingReviews: n(
      db
        .select({ n: sql<number>`count(*)` })
        .from(ledgerReviews)
        .where(and(eq(ledgerReviews.state, 'pending'), isNull(ledgerReviews.decisionSentAt))),
    ),
  };
}

export function markHandled(db: Db, clock: Clock, actor: Actor, seq: number): AttentionView {
  const done = db
    .update(syncAttention)
    .set({ handledAt: clock().toISOString(), handledBy: actor.staffId })
    .where(and(eq(syncAttention.seq, seq), isNull(syncAttention.handledAt)))
    .run();
  if (done.changes === 0) throw new AppError('NOT_FOUND', 'Dit punt staat niet (meer) open.');
  return listAttention(db);
}

/** A wijkregisseur's decision on a pending donation: sent with the next sync; the ledger takes the first it receives. */
export function decideReview(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { redemptionId: string; decision: ReviewDecision; note: string },
): AttentionView {
  const now = clock().toISOString();
  db.transaction(
    (tx) => {
      const row = tx.select().from(ledgerReviews).where(eq(ledgerReviews.redemptionId, input.redemptionId)).get();
      if (!row) throw new AppError('NOT_FOUND', 'Deze donatie wacht niet op een besluit.');
      if (row.state !== 'pending') throw new AppError('CONFLICT', 'Over deze donatie is al besloten.');
      if (row.decisionSentAt)
        throw new AppError('CONFLICT', 'Er is al een besluit verstuurd. Het grootboek verwerkt het bij de volgende synchronisatie.');
      appendEvent(tx, { type: 'donation.decided', staffId: actor.staffId, deviceTime: now, payload: input });
      tx.update(ledgerReviews).set({ decisionSentAt: now, updatedAt: now }).where(eq(ledgerReviews.redemptionId, row.redemptionId)).run();
    },
    { behavior: 'immediate' },
  );
  return listAttention(db);
}
