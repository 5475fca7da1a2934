/**
 * Photos of an initiative: of the idea (taken in while registering, on the draft, then on the
 * initiative) and of the result (the account when it is uitgevoerd). Kept in the encrypted store; the
 * file's own bytes decide what it is, not its name or the type the caller says.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull, or } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, sniffImage } from '../../core/photo.js';
import { initiativeDrafts, initiativePhotos, initiatives, photoErasures } from '../../db/schema.js';
import type { Db, Tx } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import type { Actor } from '../platform/index.js';

export type PhotoOwner = { kind: 'draft' | 'initiative'; id: string };

function ownerWhere(owner: PhotoOwner) {
  return owner.kind === 'draft'
    ? eq(initiativePhotos.draftId, owner.id)
    : and(eq(initiativePhotos.initiativeId, owner.id), isNull(initiativePhotos.draftId));
}

export function addPhoto(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { owner: PhotoOwner; purpose: 'idee' | 'verantwoording'; dataBase64: string },
): { id: string } {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new AppError('VALIDATION', 'Deze foto is te groot (meer dan 4 MB). Maak hem kleiner en probeer het opnieuw.');
  const mime = sniffImage(bytes);
  if (!mime) throw new AppError('VALIDATION', 'Dit bestand is geen foto. Kies een JPEG-, PNG- of WebP-bestand.');
  return db.transaction(
    (tx) => {
      const exists =
        input.owner.kind === 'draft'
          ? tx.select({ id: initiativeDrafts.id }).from(initiativeDrafts).where(eq(initiativeDrafts.id, input.owner.id)).get()
          : tx.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.id, input.owner.id)).get();
      if (!exists) throw new AppError('NOT_FOUND', 'Dit initiatief of concept bestaat niet.');
      const n = tx.select({ n: count() }).from(initiativePhotos).where(ownerWhere(input.owner)).get()?.n ?? 0;
      if (n >= MAX_PHOTOS) throw new AppError('VALIDATION', `Er kunnen niet meer dan ${MAX_PHOTOS} foto's bij.`);
      const id = randomUUID();
      tx.insert(initiativePhotos)
        .values({
          id,
          initiativeId: input.owner.kind === 'initiative' ? input.owner.id : null,
          draftId: input.owner.kind === 'draft' ? input.owner.id : null,
          purpose: input.purpose,
          mime,
          bytes,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          createdAt: clock().toISOString(),
          createdBy: actor.staffId,
        })
        .run();
      return { id };
    },
    { behavior: 'immediate' },
  );
}

export function listPhotos(db: Db, owner: PhotoOwner): { id: string; purpose: 'idee' | 'verantwoording'; dataUrl: string }[] {
  return (
    db
      .select()
      .from(initiativePhotos)
      // A photo made elsewhere shows once its bytes have been fetched from the ledger.
      .where(and(ownerWhere(owner), or(isNull(initiativePhotos.ledgerState), eq(initiativePhotos.ledgerState, 'stored'))))
      .orderBy(asc(initiativePhotos.createdAt))
      .all()
      .map((p) => ({ id: p.id, purpose: p.purpose, dataUrl: `data:${p.mime};base64,${p.bytes.toString('base64')}` }))
  );
}

/** Delete a photo here; when the ledger has it, the ledger is told at the next sync (and every device with it). */
export function deletePhoto(db: Db, clock: Clock, id: string): void {
  db.transaction(
    (tx) => {
      const row = tx.select({ ledgerState: initiativePhotos.ledgerState }).from(initiativePhotos).where(eq(initiativePhotos.id, id)).get();
      if (!row) return;
      tx.delete(initiativePhotos).where(eq(initiativePhotos.id, id)).run();
      if (row.ledgerState) tx.insert(photoErasures).values({ id, at: clock().toISOString() }).onConflictDoNothing().run();
    },
    { behavior: 'immediate' },
  );
}

/** On submit: the draft's photos become the initiative's. */
export function movePhotosToInitiative(tx: Tx, draftId: string, initiativeId: string): void {
  tx.update(initiativePhotos).set({ initiativeId, draftId: null }).where(eq(initiativePhotos.draftId, draftId)).run();
}
