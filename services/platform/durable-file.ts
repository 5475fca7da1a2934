import { PRIVATE_FILE_MODE } from '../../db/private-files.js';
import fs from 'node:fs';

/** Write a whole file or nothing, readable by this user only: a temporary file, fsync, then rename over the target. */
export function writeFileDurably(file: string, content: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Make a file that was written by someone else (SQLite, a copy) reach the disk before it is renamed into place. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
