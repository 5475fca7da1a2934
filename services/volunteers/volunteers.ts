/**
 * Volunteers and material pledges, registered at the counter for a resident. Personal data (name,
 * contact) is kept only in the volunteers table, never in the outbox or the log: the ledger learns
 * that someone signed up (ids, kind, quantity), so erasing a person on request removes them
 * everywhere on the device while the fact that help was offered remains.
 */
import { ERASED, eraseOnRequest } from '../platform/index.js';
import type { Actor } from '../platform/index.js';
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import { initiatives, outbox, staff, volunteers } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { appendEvent, unsentEvent } from '../platform/index.js';

export interface SignUpInput {
  initiativeId: string;
  kind: 'volunteer' | 'material';
  name: string;
  contact: string;
  offer: string;
  quantity?: number | undefined;
  availability: string;
  consent: boolean;
}

export function signUp(db: Db, clock: Clock, caller: Actor, input: SignUpInput): { id: string } {
  if (!input.consent) {
    throw new AppError('VALIDATION', 'Zonder toestemming om contact op te nemen kan de aanmelding niet worden bewaard.', {
      issues: [{ path: 'consent', problem: 'required' }],
    });
  }
  return db.transaction(
    (tx) => {
      const initiative = tx.select({ status: initiatives.status }).from(initiatives).where(eq(initiatives.id, input.initiativeId)).get();
      if (!initiative) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
      if (['uitgevoerd', 'afgewezen', 'ingetrokken', 'niet_geslaagd'].includes(initiative.status)) {
        throw new AppError('CONFLICT', 'Dit initiatief zoekt geen hulp meer.');
      }
      const now = clock().toISOString();
      const id = randomUUID();
      tx.insert(volunteers)
        .values({
          id,
          initiativeId: input.initiativeId,
          kind: input.kind,
          name: input.name,
          contact: input.contact,
          offer: input.offer,
          quantity: input.quantity ?? null,
          availability: input.availability,
          consentAt: now,
          createdAt: now,
          createdBy: caller.staffId,
        })
        .run();
      appendEvent(tx, {
        type: input.kind === 'volunteer' ? 'volunteer.signed-up' : 'material.pledged',
        staffId: caller.staffId,
        deviceTime: now,
        // No name, no contact: the ledger is append-only, personal data must stay erasable.
        payload: { volunteerId: id, initiativeId: input.initiativeId, kind: input.kind, quantity: input.quantity ?? null, consentAt: now },
      });
      return { id };
    },
    { behavior: 'immediate' },
  );
}

export function listVolunteers(db: Db, initiativeId: string) {
  return db
    .select({
      id: volunteers.id,
      kind: volunteers.kind,
      name: volunteers.name,
      contact: volunteers.contact,
      offer: volunteers.offer,
      quantity: volunteers.quantity,
      availability: volunteers.availability,
      consentAt: volunteers.consentAt,
      createdAt: volunteers.createdAt,
      erased: sql<boolean>`${volunteers.erasedAt} IS NOT NULL`,
    })
    .from(volunteers)
    .where(eq(volunteers.initiativeId, initiativeId))
    .orderBy(asc(volunteers.createdAt))
    .all()
    .map((v) => ({ ...v, erased: Boolean(v.erased) }));
}

/**
 * Open and filled needs: counts only, no personal data. Filled is what the central ledger counts (offers
 * made on every device) plus this device's offers and erasures it has not sent yet — so a device that
 * never synced (a demo device, an offline laptop) counts its own, and nothing is counted twice.
 */
export function needsOf(db: Db, initiativeId: string) {
  const initiative = db.select().from(initiatives).where(eq(initiatives.id, initiativeId)).get();
  const pending = db.all<{ kind: string; delta: number }>(sql`
    SELECT v.kind AS kind, sum(CASE WHEN o.type = 'volunteer.erased' THEN -1 ELSE 1 END) AS delta
    FROM ${outbox} o JOIN ${volunteers} v ON v.id = json_extract(o.payload, '$.volunteerId')
    WHERE ${unsentEvent('o')} AND o.type IN ('volunteer.signed-up', 'material.pledged', 'volunteer.erased')
      AND json_extract(o.payload, '$.initiativeId') = ${initiativeId}
    GROUP BY v.kind`);
  const filled = (kind: 'volunteer' | 'material', ledger: number) =>
    Math.max(0, ledger + (pending.find((p) => p.kind === kind)?.delta ?? 0));
  return {
    volunteersNeeded: initiative?.volunteersNeeded ?? 0,
    volunteerTasks: initiative?.volunteerTasks ?? '',
    volunteersSignedUp: filled('volunteer', initiative?.ledgerVolunteers ?? 0),
    materialsWanted: initiative?.materialsWanted ?? '',
    materialPledges: filled('material', initiative?.ledgerMaterials ?? 0),
  };
}

/** Everything held about this person on this device (inzageverzoek), as plain data to hand over. */
export function exportVolunteer(db: Db, id: string) {
  const row = db
    .select({ v: volunteers, initiativeNumber: initiatives.number, initiativeTitle: initiatives.title, registeredBy: staff.name })
    .from(volunteers)
    .innerJoin(initiatives, eq(initiatives.id, volunteers.initiativeId))
    .leftJoin(staff, eq(staff.id, volunteers.createdBy))
    .where(eq(volunteers.id, id))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'Deze aanmelding bestaat niet.');
  const { v } = row;
  return {
    kind: v.kind,
    name: v.name,
    contact: v.contact,
    offer: v.offer,
    quantity: v.quantity,
    availability: v.availability,
    consentAt: v.consentAt,
    registeredAt: v.createdAt,
    registeredBy: row.registeredBy ?? '',
    initiative: `${row.initiativeNumber} ${row.initiativeTitle}`,
    erased: v.erasedAt !== null,
  };
}

/** Erase on request: the person's data is blanked; the fact remains, with a ledger event saying so. */
export function eraseVolunteer(db: Db, clock: Clock, caller: Actor, id: string): void {
  eraseOnRequest(db, clock, (tx, now) => {
    const row = tx
      .select({ id: volunteers.id, erasedAt: volunteers.erasedAt, initiativeId: volunteers.initiativeId })
      .from(volunteers)
      .where(eq(volunteers.id, id))
      .get();
    if (!row) throw new AppError('NOT_FOUND', 'Deze aanmelding bestaat niet.');
    if (row.erasedAt) return;
    tx.update(volunteers)
      .set({ name: ERASED, contact: ERASED, offer: ERASED, availability: ERASED, erasedAt: now })
      .where(eq(volunteers.id, id))
      .run();
    appendEvent(tx, {
      type: 'volunteer.erased',
      staffId: caller.staffId,
      deviceTime: now,
      payload: { volunteerId: id, initiativeId: row.initiativeId },
    });
  });
}
