/** Receipts and the printer: reprints (copies), the print queue, the test print, the interim report on paper. */
import { AppError } from '../../core/api/errors.js';
import { actorOf, type WingHandlers, type Wiring } from '../api/types.js';
import { requestedReport } from '../counter/index.js';
import { issueDayReportReceipt, issueTestReceipt } from './issue.js';
import { findReceipt, queueCopy } from './receipts.js';

export function printingHandlers(w: Wiring) {
  const { db } = w.store;
  const { clock, printLater } = w;
  const { printing } = w.background;
  return {
    // Only a reprint: a donation's receipt number is committed with the donation itself.
    'receipts:reprint': (input) => {
      const receiptNo = findReceipt(db, input.kind, input.refId);
      if (receiptNo === null) throw new AppError('NOT_FOUND', 'Deze bon bestaat niet.');
      const copy = queueCopy(db, clock, receiptNo);
      printLater();
      return { receiptNo, copy: copy.copy };
    },
    'day:print': (input, ctx) => {
      const report = requestedReport(db, clock, actorOf(ctx), input);
      const { receiptNo } = issueDayReportReceipt(db, clock, report, actorOf(ctx).staffId);
      printLater();
      return { receiptNo };
    },
    'print:status': () => printing.status(),
    'print:open-folder': async () => {
      const folder = printing.pdfFolder();
      if (!w.host.openFolder) return { folder, opened: false };
      await w.host.openFolder(folder);
      return { folder, opened: true };
    },
    'print:retry': () => printing.retryFailed(),
    'print:failed-to-pdf': async () => ({ files: await printing.failedToPdf() }),
    'print:test': async (_input, ctx) => {
      const { receiptNo } = issueTestReceipt(db, clock, actorOf(ctx).staffId);
      await printing.kick();
      return { receiptNo, status: printing.status() };
    },
  } satisfies WingHandlers;
}
