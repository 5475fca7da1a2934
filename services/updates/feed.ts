/**
 * Reading the ledger's update feed (GET /updates/<channel>/latest.yml and compat.json, docs/operations.md) and
 * downloading the installer with its SHA-512 checked before it is kept: a file that does not match is deleted and
 * never offered for installation.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { updateCompatSchema, updateFeedSchema, type UpdateCompat, type UpdateFeed } from '../../core/updates.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../db/private-files.js';

export type LedgerGet = (url: string, init: RequestInit) => Promise<Response>;

export class FeedError extends Error {
  constructor(
    readonly reason: 'offline' | 'no-feed' | 'bad-feed' | 'checksum' | 'disk',
    detail: string,
  ) {
    super(detail);
  }
}

const TIMEOUT_MS = 30_000;

async function get(send: LedgerGet, url: string, timeoutMs = TIMEOUT_MS): Promise<Response> {
  try {
    return await send(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new FeedError('offline', (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name);
  }
}

export function feedFile(platform: NodeJS.Platform): string {
  return platform === 'linux' ? 'latest-linux.yml' : platform === 'darwin' ? 'latest-mac.yml' : 'latest.yml';
}

/** The feed of a channel: the newest version and its files, and (if present) which events it can send. */
export async function readFeed(
  send: LedgerGet,
  base: string,
  channel: string,
  platform: NodeJS.Platform,
): Promise<{ feed: UpdateFeed; compat: UpdateCompat | null }> {
  const answer = await get(send, `${base}/updates/${channel}/${feedFile(platform)}`);
  if (answer.status === 404) throw new FeedError('no-feed', `no feed for channel ${channel}`);
  if (answer.status !== 200) throw new FeedError('bad-feed', `feed answered ${answer.status}`);
  let feed: UpdateFeed;
  try {
    feed = updateFeedSchema.parse(yaml.load(await answer.text()));
  } catch {
    throw new FeedError('bad-feed', 'latest.yml does not parse');
  }
  const compatAnswer = await get(send, `${base}/updates/${channel}/compat.json`);
  let compat: UpdateCompat | null = null;
  if (compatAnswer.status === 200) {
    const parsed = updateCompatSchema.safeParse(await compatAnswer.json().catch(() => null));
    compat = parsed.success ? parsed.data : null;
  }
  return { feed, compat };
}

/** Download the feed's first file into `dir`, checking its SHA-512 (base64, as electron-builder writes it). */
export async function downloadInstaller(send: LedgerGet, base: string, channel: string, feed: UpdateFeed, dir: string): Promise<string> {
  const file = feed.files[0];
  if (!file || !/^[A-Za-z0-9._ -]+$/.test(file.url) || file.url.startsWith('.'))
    throw new FeedError('bad-feed', 'installer name not allowed');
  makePrivateDir(dir);
  const target = path.join(dir, file.url);
  const partial = `${target}.partial`;
  const answer = await get(send, `${base}/updates/${channel}/${encodeURIComponent(file.url)}`, 10 * 60_000);
  if (answer.status !== 200) throw new FeedError('bad-feed', `installer answered ${answer.status}`);
  const bytes = Buffer.from(await answer.arrayBuffer());
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  if (sha512 !== file.sha512) throw new FeedError('checksum', `installer ${file.url} does not match its SHA-512`);
  try {
    fs.writeFileSync(partial, bytes, { mode: PRIVATE_FILE_MODE });
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new FeedError('disk', (error as { code?: string }).code ?? 'write failed');
  }
  return target;
}
