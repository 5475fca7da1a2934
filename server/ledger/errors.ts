import type { ProtocolError, ProtocolErrorCode } from '../../core/sync/protocol.js';

/** A refusal: the HTTP status and the protocol's error body. Nothing of the request was stored. */
export class ProtocolFailure extends Error {
  readonly body: ProtocolError;
  constructor(
    readonly status: number,
    code: ProtocolErrorCode,
    message: string,
    details: Omit<ProtocolError, 'code' | 'message'> = {},
  ) {
    super(message);
    this.body = { code, message, ...details };
  }
}
/** PostgreSQL's deadlock and serialization failures: the transaction did nothing and may simply run again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '40P01' || code === '40001';
}
