/** How a sync fails: a code with its Dutch sentence, and the refusal of a ledger answer (docs/sync-protocol.md). */
import { protocolErrorSchema } from '../../core/sync/protocol.js';
import { syncErrorMessage } from '../../core/sync/sync-errors.js';

/** A failed sync: the code (kept with the Dutch sentence, so each interface language can say it), and for the log a detail. */
export class SyncError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** The ledger said no: its protocol code (or the HTTP status) as a SyncError. */
export function refusal(status: number, body: unknown): SyncError {
  const parsed = protocolErrorSchema.safeParse(body);
  const code = parsed.success ? parsed.data.code : `HTTP_${status}`;
  return new SyncError(code, syncErrorMessage(code));
}
