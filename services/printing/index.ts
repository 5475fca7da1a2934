// The printing wing's public face: issuing receipts and the print queue.
// Other wings import this wing only through this file (lint rule `wings/wings`); its own files import each
// other directly. handlers.ts is not exported here: api/handlers.ts combines the handlers.
export { issueDayReportReceipt, issueDonationReceipt, issueIntakeReceipt, issueReversalReceipt } from './issue.js';
export type { PrintQueue } from './print-queue.js';
