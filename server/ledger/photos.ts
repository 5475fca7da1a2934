/**
 * Photos at the ledger (docs/sync-protocol.md §4a): a device sends the photos of its initiatives, every
 * other device learns of them through the pull feed (`photo` changes) and fetches the bytes. A photo is
 * erased by emptying its bytes: the change tells every device to drop its copy.
 */
import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { MAX_PHOTO_BYTES, sniffImage } from '../../core/photo.js';
import type { Change, PhotoUpload } from '../../core/sync/protocol.js';
import { initiatives, photos } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { emitChanges } from './changes.js';
import { ProtocolFailure } from './errors.js';

type PhotoChange = Extract<Change, { kind: 'photo' }>['data'];

function changeOf(row: typeof photos.$inferSelect): PhotoChange {
  return {
    id: row.id,
    initiativeId: row.initiativeId,
    purpose: row.purpose as PhotoChange['purpose'],
    mime: row.mime as PhotoChange['mime'],
    size: row.size,
    sha256: row.sha256,
    deleted: row.deletedAt !== null,
    at: new Date(row.deletedAt ?? row.createdAt).toISOString(),
  };
}

/** Store a photo once. The same photo again is fine (a lost answer); other bytes under the same id are not. */
export async function storePhoto(
  db: LedgerDb,
  tenantId: string,
  deviceId: string,
  id: string,
  upload: PhotoUpload,
): Promise<{ stored: boolean; erased: boolean }> {
  const bytes = Buffer.from(upload.dataBase64, 'base64');
  const mime = bytes.length <= MAX_PHOTO_BYTES ? sniffImage(bytes) : null;
  if (!mime) throw new ProtocolFailure(400, 'NOT_A_PHOTO', 'Not a JPEG, PNG or WebP image of at most 4 MiB.');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.transaction(async (tx) => {
    const [initiative] = await tx
      .select({ id: initiatives.id })
      .from(initiatives)
      .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, upload.initiativeId)));
    if (!initiative) throw new ProtocolFailure(404, 'UNKNOWN_INITIATIVE', 'The ledger does not know this initiative (yet).');
    const [existing] = await tx
      .select()
      .from(photos)
      .where(and(eq(photos.tenantId, tenantId), eq(photos.id, id)))
      .for('update');
    if (existing) {
      if (existing.deletedAt) return { stored: false, erased: true };
      if (existing.sha256 !== sha256 || existing.initiativeId !== upload.initiativeId)
        throw new ProtocolFailure(409, 'PHOTO_CONFLICT', 'Another photo is stored under this id.');
      return { stored: true, erased: false };
    }
    const [row] = await tx
      .insert(photos)
      .values({
        tenantId,
        id,
        initiativeId: upload.initiativeId,
        purpose: upload.purpose,
        mime,
        bytes,
        size: bytes.length,
        sha256,
        deviceId,
      })
      .returning();
    if (!row) throw new Error('photo insert returned nothing');
    // Every device learns of it; the one that sent it marks its own copy as stored.
    await emitChanges(tx, tenantId, [{ kind: 'photo', data: changeOf(row) }]);
    return { stored: true, erased: false };
  });
}

/** Erase a photo: its bytes go, the fact that it was erased goes to every device. Erasing twice is once. */
export async function erasePhoto(db: LedgerDb, tenantId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(photos)
      .set({ bytes: Buffer.alloc(0), deletedAt: new Date().toISOString() })
      .where(and(eq(photos.tenantId, tenantId), eq(photos.id, id), isNull(photos.deletedAt)))
      .returning();
    if (row) await emitChanges(tx, tenantId, [{ kind: 'photo', data: changeOf(row) }]);
  });
}

export async function readPhoto(db: LedgerDb, tenantId: string, id: string): Promise<{ mime: string; bytes: Buffer }> {
  const [row] = await db
    .select({ mime: photos.mime, bytes: photos.bytes, deletedAt: photos.deletedAt })
    .from(photos)
    .where(and(eq(photos.tenantId, tenantId), eq(photos.id, id)));
  if (!row || row.deletedAt) throw new ProtocolFailure(404, 'NOT_FOUND', 'No such photo (or it was erased).');
  // node-postgres gives a Buffer, PGlite a Uint8Array.
  return { mime: row.mime, bytes: Buffer.from(row.bytes) };
}
