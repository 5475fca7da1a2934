/**
 * Rotating log file in the data folder. The services never hand PINs, voucher codes or personal data
 * to the logger; the redaction list is a second line of defence should one slip in.
 */
import path from 'node:path';
import pino from 'pino';
import { createStream } from 'rotating-file-stream';
import type { Logger } from './deps.js';

export const redactPaths = [
  'pin',
  'adminPin',
  'currentPin',
  'newPin',
  'code',
  'codes',
  'key',
  'token',
  '*.pin',
  '*.code',
  '*.token',
  '*.key',
];

export function createFileLogger(dir: string, options: { alsoStdout?: boolean } = {}): Logger & { flush(): void } {
  const file = createStream('buurtbalie.log', { path: path.join(dir, 'logs'), size: '5M', maxFiles: 10 });
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (options.alsoStdout) streams.push({ stream: process.stdout });
  const logger = pino({ base: { pid: process.pid }, redact: { paths: redactPaths, censor: '[verborgen]' } }, pino.multistream(streams));
  return {
    info: (facts, message) => logger.info(facts, message),
    warn: (facts, message) => logger.warn(facts, message),
    error: (facts, message) => logger.error(facts, message),
    flush: () => logger.flush(),
  };
}
