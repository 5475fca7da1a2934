/**
 * Backups of the local store (issue 17): an encrypted copy (SQLite's VACUUM INTO: one consistent snapshot, encrypted
 * with the store's own key, so it is as safe as the store and useless without that key) in <data>/backups, made
 * daily, before a restore and on a beheerder's request, kept BACKUP_KEEP_DAYS days (the newest few always).
 * Restoring is staged: the choice is written next to the store, and at the next start — before the store opens —
 * the current store is moved aside (kept, never deleted by the restore) and the backup takes its place. The device
 * then learns from the ledger what it sent after the backup before it writes anything new (sync/client.ts,
 * catchUpChain): nothing is sent twice and the hash chain goes on where the ledger has it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type Database from 'better-sqlite3';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../../db/private-files.js';
import { syncFile, writeFileDurably } from './durable-file.js';

export const BACKUP_KEEP_DAYS = 14;
/** Kept whatever their age, so a device that was off for weeks still has something to go back to. */
export const BACKUP_KEEP_AT_LEAST = 3;
export const backupReasons = ['daily', 'manual', 'before-restore', 'before-update'] as const;
export type BackupReason = (typeof backupReasons)[number];

const metaSchema = z.object({
  createdAt: z.string(),
  reason: z.enum(backupReasons),
  /** The highest event sequence in the backup's outbox (0: none). */
  lastSeq: z.number().int().min(0),
  bytes: z.number().int().min(0),
});
export type BackupMeta = z.infer<typeof metaSchema>;
export interface BackupInfo extends BackupMeta {
  id: string;
}

const NAME = /^buurtbalie-\d{8}T\d{6}(\d{3})?Z-[a-z-]+?(-\d+)?\.db$/;
export const backupsDir = (dataDir: string) => path.join(dataDir, 'backups');
const pendingFile = (dataDir: string) => path.join(dataDir, 'restore-pending.json');
const appliedFile = (dataDir: string) => path.join(dataDir, 'restore-applied.json');

/** Make a backup now; answers what was made. Throws (disk full, no access) without leaving a partial file behind. */
export function makeBackup(sqlite: Database.Database, dataDir: string, now: Date, reason: BackupReason): BackupInfo {
  const dir = backupsDir(dataDir);
  makePrivateDir(dir);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1Z');
  // Two in the same millisecond (a test's fixed clock) get a number, never the same name.
  let id = `buurtbalie-${stamp}-${reason}.db`;
  for (let n = 2; fs.existsSync(path.join(dir, id)); n++) id = `buurtbalie-${stamp}-${reason}-${n}.db`;
  const target = path.join(dir, id);
  const partial = path.join(dir, `.${id}.partial`);
  fs.rmSync(partial, { force: true });
  // Made (empty) 0600 before SQLite writes into it; VACUUM INTO accepts an empty file.
  fs.closeSync(fs.openSync(partial, 'w', PRIVATE_FILE_MODE));
  try {
    sqlite.prepare('VACUUM INTO ?').run(partial);
    makePrivateFile(partial);
    syncFile(partial);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const lastSeq = (sqlite.prepare('SELECT coalesce(max(seq), 0) AS s FROM outbox').get() as { s: number }).s;
  const meta: BackupMeta = { createdAt: now.toISOString(), reason, lastSeq, bytes: fs.statSync(target).size };
  writeFileDurably(`${target}.json`, JSON.stringify(meta));
  return { id, ...meta };
}

/** The backups on this device, newest first. A file without readable facts is listed with what the file says. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  return (
    fs
      .readdirSync(dir)
      .filter((name) => NAME.test(name))
      .map((id) => {
        const file = path.join(dir, id);
        let meta: BackupMeta;
        try {
          meta = metaSchema.parse(JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')));
        } catch {
          const stat = fs.statSync(file);
          const reason = backupReasons.find((r) => id.endsWith(`-${r}.db`)) ?? 'manual';
          meta = { createdAt: stat.mtime.toISOString(), reason, lastSeq: 0, bytes: stat.size };
        }
        return { id, ...meta };
      })
      .map((b) => ({ b, made: fs.statSync(path.join(dir, b.id)).mtimeMs }))
      // Newest first; the file's own time decides between two of the same moment.
      .sort((x, y) => (x.b.createdAt < y.b.createdAt ? 1 : x.b.createdAt > y.b.createdAt ? -1 : y.made - x.made))
      .map(({ b }) => b)
  );
}

/** Remove backups older than keepDays, keeping at least the newest BACKUP_KEEP_AT_LEAST. Answers how many went. */
export function pruneBackups(dataDir: string, now: Date, keepDays = BACKUP_KEEP_DAYS): number {
  const cutoff = now.getTime() - keepDays * 24 * 60 * 60 * 1000;
  const old = listBackups(dataDir)
    .slice(BACKUP_KEEP_AT_LEAST)
    .filter((b) => Date.parse(b.createdAt) < cutoff);
  for (const b of old) {
    const file = path.join(backupsDir(dataDir), b.id);
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.json`, { force: true });
  }
  return old.length;
}

/** A daily backup is due when none was made in the last 24 hours. */
export function dailyBackupDue(dataDir: string, now: Date): boolean {
  const newest = listBackups(dataDir)[0];
  return !newest || now.getTime() - Date.parse(newest.createdAt) >= 24 * 60 * 60 * 1000;
}

/** Choose a backup to go back to at the next start. */
export function stageRestore(dataDir: string, id: string, now: Date): BackupInfo {
  const chosen = listBackups(dataDir).find((b) => b.id === id);
  if (!chosen) throw new Error(`no backup ${id}`);
  writeFileDurably(pendingFile(dataDir), JSON.stringify({ id, stagedAt: now.toISOString() }));
  return chosen;
}

export function restorePending(dataDir: string): string | null {
  try {
    const parsed = z.object({ id: z.string().regex(NAME) }).parse(JSON.parse(fs.readFileSync(pendingFile(dataDir), 'utf8')));
    return parsed.id;
  } catch {
    return null;
  }
}

/**
 * Before the store opens: put a staged backup in its place. The backup is copied next to the store first (a
 * failure there changes nothing); only then is the current store (with its -wal and -shm) moved to
 * backups/replaced-<time>.db — kept, so going back on the restore is possible too — and the copy renamed into
 * place. A marker says a restore was applied until the opened store has recorded it (takeAppliedRestore), so a
 * crash in between cannot lose the hold on the chain. Answers nothing; the store opens as usual.
 */
export function applyPendingRestore(dataDir: string, storeFile: string, now: Date): void {
  const id = restorePending(dataDir);
  const chosen = id ? listBackups(dataDir).find((b) => b.id === id) : undefined;
  if (!chosen) {
    fs.rmSync(pendingFile(dataDir), { force: true });
    return;
  }
  const dir = backupsDir(dataDir);
  const incoming = `${storeFile}.restoring`;
  fs.copyFileSync(path.join(dir, chosen.id), incoming);
  makePrivateFile(incoming);
  syncFile(incoming);
  writeFileDurably(appliedFile(dataDir), JSON.stringify(chosen));
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  for (const extra of ['', '-wal', '-shm']) {
    if (fs.existsSync(storeFile + extra)) fs.renameSync(storeFile + extra, path.join(dir, `replaced-${stamp}.db${extra}`));
  }
  fs.renameSync(incoming, storeFile);
  fs.rmSync(pendingFile(dataDir), { force: true });
}

/** The restore applied at this start, if any; the marker is removed once the caller recorded it. */
export function takeAppliedRestore(dataDir: string, record: (restored: BackupInfo) => void): BackupInfo | null {
  let restored: BackupInfo;
  try {
    const parsed = metaSchema.extend({ id: z.string() }).parse(JSON.parse(fs.readFileSync(appliedFile(dataDir), 'utf8')));
    restored = parsed;
  } catch {
    return null;
  }
  record(restored);
  fs.rmSync(appliedFile(dataDir), { force: true });
  return restored;
}
