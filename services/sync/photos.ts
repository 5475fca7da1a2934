/**
 * Photos between this device and the central ledger (docs/sync-protocol.md §4a). After the push: the
 * photos of initiatives taken in here go up, and photos deleted here are erased there. After the pull:
 * photos taken in elsewhere come down, checked against their SHA-256. Each photo is one request, so an
 * interrupted run loses nothing: what was not confirmed is tried again next time.
 */
import { createHash } from 'node:crypto';
import { and, asc, count, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { PhotoPurpose } from '../../core/photo.js';
import { photoUploadAnswerSchema, protocolErrorSchema } from '../../core/sync/protocol.js';
import { initiativePhotos, initiatives, photoErasures } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Logger } from '../platform/index.js';

/** One signed request to the ledger: the JSON answer, or the bytes for a GET of a photo. */
export type LedgerRequest = (
  method: 'PUT' | 'GET' | 'DELETE' | 'POST',
  path: string,
  body?: string,
) => Promise<{ status: number; json: unknown; bytes: Buffer | null }>;

/**
 * Photos worth fetching: not of initiatives that ended without being carried out (afgewezen, ingetrokken,
 * niet geslaagd) — nobody assesses or follows those any more, and a laptop need not hold their photos.
 */
const worthFetching = and(
  eq(initiativePhotos.ledgerState, 'fetch'),
  sql`${initiativePhotos.initiativeId} NOT IN (SELECT ${initiatives.id} FROM ${initiatives} WHERE ${initiatives.status} IN ('afgewezen', 'ingetrokken', 'niet_geslaagd'))`,
);

/** How many photos wait to go up, and to come down (for the Synchronisatie screen). */
export function photoBacklog(db: Db): { toSend: number; toFetch: number } {
  const n = (where: SQL | undefined) => db.select({ n: count() }).from(initiativePhotos).where(where).get()?.n ?? 0;
  return {
    toSend: n(and(isNull(initiativePhotos.ledgerState), isNull(initiativePhotos.draftId), isNotNull(initiativePhotos.initiativeId))),
    toFetch: n(worthFetching),
  };
}

/** At most this many photos are fetched per run, so a first sync with many photos does not hold the counter up. */
const FETCH_PER_RUN = 30;

export async function sendPhotos(db: Db, log: Logger, request: LedgerRequest): Promise<{ sent: number; erased: number; waiting: number }> {
  let sent = 0;
  let waiting = 0;
  const pending = db
    .select({ id: initiativePhotos.id })
    .from(initiativePhotos)
    .where(and(isNull(initiativePhotos.ledgerState), isNull(initiativePhotos.draftId), isNotNull(initiativePhotos.initiativeId)))
    .orderBy(asc(initiativePhotos.createdAt))
    .all();
  for (const { id } of pending) {
    const row = db.select().from(initiativePhotos).where(eq(initiativePhotos.id, id)).get();
    if (!row?.initiativeId) continue; // deleted meanwhile
    const body = JSON.stringify({
      initiativeId: row.initiativeId,
      purpose: row.purpose as PhotoPurpose,
      dataBase64: row.bytes.toString('base64'),
    });
    const answer = await request('PUT', `/v1/photos/${id}`, body);
    const code = protocolErrorSchema.safeParse(answer.json).data?.code;
    if (answer.status === 404 && code === 'UNKNOWN_INITIATIVE') {
      // Its registration has not reached the ledger yet: next time.
      waiting += 1;
      continue;
    }
    const parsed = photoUploadAnswerSchema.safeParse(answer.json);
    if (answer.status !== 200 || !parsed.success) {
      // A photo the ledger will not take (not an image, another photo under this id) stays here, and is logged.
      log.warn({ photo: id, status: answer.status, code }, 'photo not taken by the ledger');
      waiting += 1;
      continue;
    }
    db.transaction((tx) => {
      if (parsed.data.erased) {
        tx.delete(initiativePhotos).where(eq(initiativePhotos.id, id)).run();
        return;
      }
      const still = tx.update(initiativePhotos).set({ ledgerState: 'stored' }).where(eq(initiativePhotos.id, id)).run();
      // Deleted here while it was on its way: the ledger must erase it too.
      if (still.changes === 0) tx.insert(photoErasures).values({ id, at: new Date().toISOString() }).onConflictDoNothing().run();
    });
    sent += 1;
  }
  let erased = 0;
  for (const { id } of db.select({ id: photoErasures.id }).from(photoErasures).all()) {
    const answer = await request('DELETE', `/v1/photos/${id}`);
    if (answer.status !== 200) {
      log.warn({ photo: id, status: answer.status }, 'photo erasure not confirmed; tried again next time');
      continue;
    }
    db.delete(photoErasures).where(eq(photoErasures.id, id)).run();
    erased += 1;
  }
  return { sent, erased, waiting };
}

export async function fetchPhotos(db: Db, log: Logger, request: LedgerRequest): Promise<{ fetched: number }> {
  let fetched = 0;
  const wanted = db
    .select({ id: initiativePhotos.id, sha256: initiativePhotos.sha256 })
    .from(initiativePhotos)
    .where(worthFetching)
    .limit(FETCH_PER_RUN)
    .all();
  for (const w of wanted) {
    const answer = await request('GET', `/v1/photos/${w.id}`);
    if (answer.status === 404 && protocolErrorSchema.safeParse(answer.json).data?.code === 'NOT_FOUND') {
      // Erased meanwhile: the pull feed says so too; the copy-to-be goes now.
      db.delete(initiativePhotos).where(eq(initiativePhotos.id, w.id)).run();
      continue;
    }
    const bytes = answer.bytes;
    if (answer.status !== 200 || !bytes || createHash('sha256').update(bytes).digest('hex') !== w.sha256) {
      log.warn({ photo: w.id, status: answer.status }, 'photo fetch failed or did not match; tried again next time');
      continue;
    }
    db.update(initiativePhotos)
      .set({ bytes, ledgerState: 'stored' })
      .where(and(eq(initiativePhotos.id, w.id), eq(initiativePhotos.ledgerState, 'fetch')))
      .run();
    fetched += 1;
  }
  return { fetched };
}
