/**
 * Everything the app writes is readable by its own user only: the encrypted store with its -wal/-shm, the
 * key file, the logs, receipt PDFs and batch files sit in folders of mode 0700 and are files of mode 0600,
 * also on a PC where several Windows or Linux accounts share the disk. (On Windows the modes are ignored and
 * the user profile's ACL does the same job.) Existing folders and files from an older version are narrowed
 * the next time they are opened.
 */
import fs from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Create the folder (and missing parents) for this user only, and narrow it if it already existed. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  narrow(dir, PRIVATE_DIR_MODE);
}

/** Narrow an existing file to this user only (no-op when it does not exist). */
export function makePrivateFile(file: string): void {
  narrow(file, PRIVATE_FILE_MODE);
}

function narrow(target: string, mode: number): void {
  if (process.platform === 'win32') return;
  try {
    if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
