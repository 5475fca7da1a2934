/**
 * A real small disk for full-disk tests: a tmpfs of a few megabytes, mounted for the test and filled with a
 * filler file until the kernel answers ENOSPC. Mounting needs root (CI and the build machines run as root);
 * elsewhere `smallDiskUnavailable` says why, and the tests that need one are skipped with that reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './app';

function probe(): string | null {
  if (process.platform !== 'linux') return 'a tmpfs can only be mounted on Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = tempDir('bb-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs failed here: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Null when a small disk can be made; otherwise the reason it cannot. */
export const smallDiskUnavailable: string | null = probe();

export interface SmallDisk {
  dir: string;
  /** Fill every free byte with a filler file (answers how many bytes it took). */
  fill(): number;
  /** Remove the filler file: the disk has room again. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(megabytes: number): SmallDisk {
  const dir = tempDir('bb-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 1);
      let written = 0;
      try {
        for (let size = chunk.length; size >= 1;) {
          try {
            written += fs.writeSync(fd, chunk, 0, size);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            size = Math.floor(size / 2);
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      return written;
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
