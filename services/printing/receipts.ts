/**
 * Issuing receipts and their copies. A receipt is issued after the thing it confirms has committed
 * (its own transaction, never inside the donation's); its number is the next in the device's
 * sequence; its document is stored as issued, and a reprint queues the same document as "KOPIE n".
 */
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import type { ReceiptDoc, ReceiptKind } from '../../core/receipt.js';
import { printJobs, receipts } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';

export interface IssuedReceipt {
  receiptNo: number;
  jobId: number;
}

/** Issue (once per kind + reference) and queue the original. Returns the existing one if issued before. */
export function issueReceipt(
  db: Db,
  clock: Clock,
  kind: ReceiptKind,
  refId: string,
  build: (receiptNo: number) => ReceiptDoc,
): IssuedReceipt {
  return db.transaction(
    (tx) => {
      const existing = tx
        .select({ receiptNo: receipts.receiptNo })
        .from(receipts)
        .where(and(eq(receipts.kind, kind), eq(receipts.refId, refId)))
        .get();
      if (existing) {
        const job = tx
          .select({ id: printJobs.id })
          .from(printJobs)
          .where(and(eq(printJobs.receiptNo, existing.receiptNo), eq(printJobs.copy, 0)))
          .get();
        return { receiptNo: existing.receiptNo, jobId: job?.id ?? 0 };
      }
      const now = clock().toISOString();
      const inserted = tx
        .insert(receipts)
        .values({ kind, refId, doc: '{}', issuedAt: now })
        .returning({ receiptNo: receipts.receiptNo })
        .get();
      tx.update(receipts)
        .set({ doc: JSON.stringify(build(inserted.receiptNo)) })
        .where(eq(receipts.receiptNo, inserted.receiptNo))
        .run();
      const job = tx
        .insert(printJobs)
        .values({ receiptNo: inserted.receiptNo, copy: 0, status: 'queued', createdAt: now, updatedAt: now })
        .returning({ id: printJobs.id })
        .get();
      return { receiptNo: inserted.receiptNo, jobId: job.id };
    },
    { behavior: 'immediate' },
  );
}

export function findReceipt(db: Db, kind: ReceiptKind, refId: string): number | null {
  return (
    db
      .select({ receiptNo: receipts.receiptNo })
      .from(receipts)
      .where(and(eq(receipts.kind, kind), eq(receipts.refId, refId)))
      .get()?.receiptNo ?? null
  );
}

/** Queue the next copy of a receipt ("KOPIE n"). */
export function queueCopy(db: Db, clock: Clock, receiptNo: number): { receiptNo: number; copy: number; jobId: number } {
  return db.transaction(
    (tx) => {
      const row = tx
        .update(receipts)
        .set({ copies: sql`${receipts.copies} + 1` })
        .where(eq(receipts.receiptNo, receiptNo))
        .returning({ copies: receipts.copies })
        .get();
      if (!row) throw new AppError('NOT_FOUND', 'Deze bon bestaat niet.');
      const now = clock().toISOString();
      const job = tx
        .insert(printJobs)
        .values({ receiptNo, copy: row.copies, status: 'queued', createdAt: now, updatedAt: now })
        .returning({ id: printJobs.id })
        .get();
      return { receiptNo, copy: row.copies, jobId: job.id };
    },
    { behavior: 'immediate' },
  );
}

export function receiptDoc(db: Db, receiptNo: number): ReceiptDoc {
  const row = db.select({ doc: receipts.doc }).from(receipts).where(eq(receipts.receiptNo, receiptNo)).get();
  if (!row) throw new AppError('NOT_FOUND', 'Deze bon bestaat niet.');
  return JSON.parse(row.doc) as ReceiptDoc;
}
