/**
 * Rotating log file in the data folder. The services never hand PINs, voucher codes or personal data
 * to the logger; the redaction list is a second line of defence should one slip in.
 *
 * Logging never takes the app down. Lines are appended synchronously (one short line per call; the store's
 * own commit costs far more), so a failing write is known at once: a full disk or a log folder that went
 * away drops the line, counts it, and tries again after a pause; the first line written afterwards says how
 * many were lost. (rotating-file-stream, used before, stalled or closed for good on ENOSPC — an asynchronous
 * stream cannot tell which lines reached the disk — and without an error listener it killed the process after
 * the store had already answered DISK_FULL correctly.)
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../../db/private-files.js';
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

/** How long a broken log file rests before it is tried again. */
export const LOG_RETRY_MS = 30_000;
/** A file is rotated at this size; this many older files are kept (buurtbalie.log.1 is the newest). */
export const LOG_FILE_BYTES = 5 * 1024 * 1024;
export const LOG_FILES_KEPT = 10;

/** The log file as pino sees it: a write that never throws, whatever the disk does. */
class ResilientLogFile {
  private fd: number | null = null;
  private size = 0;
  private brokenAt = Number.NEGATIVE_INFINITY;
  private dropped = 0;
  private readonly file: string;

  constructor(
    private readonly dir: string,
    private readonly now: () => number,
    private readonly maxBytes: number,
    private readonly kept: number,
  ) {
    this.file = path.join(dir, 'buurtbalie.log');
  }

  write(line: string): boolean {
    if (this.fd === null && this.now() - this.brokenAt >= LOG_RETRY_MS) this.open();
    if (this.fd === null) {
      this.dropped += 1;
      return true;
    }
    try {
      if (this.size > 0 && this.size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      this.append(line);
    } catch (error) {
      this.dropped += 1;
      this.broke(error as NodeJS.ErrnoException);
    }
    return true;
  }

  /** Lines that could not be written since the file last worked (0 while it works). */
  get droppedLines(): number {
    return this.dropped;
  }

  private append(text: string): void {
    if (this.fd === null) throw new Error('log file not open');
    const bytes = Buffer.from(text, 'utf8');
    // A short write (the disk filled up mid-line) counts as a failed one; the next line starts on a new line.
    const written = fs.writeSync(this.fd, bytes);
    this.size += written;
    if (written < bytes.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC', partial: written > 0 });
  }

  private open(): void {
    try {
      makePrivateDir(this.dir);
      this.fd = fs.openSync(this.file, 'a', PRIVATE_FILE_MODE);
      makePrivateFile(this.file); // a file an older version left readable for everyone
      this.size = fs.fstatSync(this.fd).size;
      if (this.dropped > 0) {
        const note = {
          level: 40,
          time: this.now(),
          pid: process.pid,
          dropped: this.dropped,
          msg: 'log lines lost while the log file could not be written',
        };
        // A leading newline ends a line cut off by the full disk.
        this.append(`\n${JSON.stringify(note)}\n`);
        this.dropped = 0;
      }
    } catch (error) {
      this.broke(error as NodeJS.ErrnoException);
    }
  }

  private rotate(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(`${this.file}.${this.kept}`, { force: true });
    for (let n = this.kept - 1; n >= 1; n--) {
      if (fs.existsSync(`${this.file}.${n}`)) fs.renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
    }
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a', PRIVATE_FILE_MODE);
    this.size = 0;
  }

  private broke(error: NodeJS.ErrnoException): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // closing a broken file may fail too; the handle is given up either way
      }
    }
    this.fd = null;
    this.brokenAt = this.now();
    // The one place a log problem can still be told: the process's own error output (journald, the terminal).
    process.stderr.write(`buurtbalie: log file cannot be written (${error.code ?? error.message}); retrying in ${LOG_RETRY_MS / 1000} s\n`);
  }
}

export function createFileLogger(
  dir: string,
  options: { alsoStdout?: boolean; now?: () => number; fileBytes?: number; filesKept?: number } = {},
): Logger & { flush(): void; droppedLines(): number } {
  const file = new ResilientLogFile(
    path.join(dir, 'logs'),
    options.now ?? Date.now,
    options.fileBytes ?? LOG_FILE_BYTES,
    options.filesKept ?? LOG_FILES_KEPT,
  );
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (options.alsoStdout) streams.push({ stream: process.stdout });
  const logger = pino({ base: { pid: process.pid }, redact: { paths: redactPaths, censor: '[verborgen]' } }, pino.multistream(streams));
  return {
    info: (facts, message) => logger.info(facts, message),
    warn: (facts, message) => logger.warn(facts, message),
    error: (facts, message) => logger.error(facts, message),
    flush: () => logger.flush(),
    droppedLines: () => file.droppedLines,
  };
}
