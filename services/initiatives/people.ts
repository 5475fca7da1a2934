/**
 * The initiator and co-organisers of an initiative registered on this device: shown to the roles
 * that need them, handed over on request (inzageverzoek) and erased on request. Like volunteers,
 * erasing blanks the person and keeps the fact (there was an initiator), with a ledger event that
 * names no one.
 */
import type { Actor } from '../platform/index.js';
import { asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import { initiativeDetails, initiativePeople, initiatives, staff } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { appendEvent } from '../platform/index.js';
import { ERASED, eraseOnRequest } from '../platform/index.js';

export function listInitiativePeople(db: Db, initiativeId: string) {
  return (
    db
      .select({
        id: initiativePeople.id,
        role: initiativePeople.role,
        name: initiativePeople.name,
        phone: initiativePeople.phone,
        email: initiativePeople.email,
        postcode: initiativePeople.postcode,
        houseNumber: initiativePeople.houseNumber,
        addition: initiativePeople.addition,
        consentAt: initiativePeople.consentAt,
        erased: sql<number>`${initiativePeople.erasedAt} IS NOT NULL`,
      })
      .from(initiativePeople)
      .where(eq(initiativePeople.initiativeId, initiativeId))
      // The initiator first, then the co-organisers.
      .orderBy(sql`${initiativePeople.role} <> 'initiator'`, asc(initiativePeople.name))
      .all()
      .map((p) => ({ ...p, erased: Boolean(p.erased) }))
  );
}

/** Everything held about this person on this device, as plain data to hand over. */
export function exportInitiativePerson(db: Db, id: string) {
  const row = db
    .select({
      p: initiativePeople,
      number: initiatives.number,
      title: initiatives.title,
      registeredAt: initiativeDetails.registeredAt,
      registeredBy: staff.name,
    })
    .from(initiativePeople)
    .innerJoin(initiatives, eq(initiatives.id, initiativePeople.initiativeId))
    .leftJoin(initiativeDetails, eq(initiativeDetails.initiativeId, initiativePeople.initiativeId))
    .leftJoin(staff, eq(staff.id, initiativeDetails.registeredBy))
    .where(eq(initiativePeople.id, id))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'Deze persoon staat niet (meer) bij een initiatief.');
  const { p } = row;
  return {
    role: p.role,
    name: p.name,
    phone: p.phone,
    email: p.email,
    address: [p.postcode, p.houseNumber, p.addition].filter(Boolean).join(' '),
    consentAt: p.consentAt,
    initiative: `${row.number} ${row.title}`,
    registeredAt: row.registeredAt ?? '',
    registeredBy: row.registeredBy ?? '',
    erased: p.erasedAt !== null,
  };
}

/** Erase on request: name, contact and address are blanked; the ledger hears that it happened, not who. */
export function eraseInitiativePerson(db: Db, clock: Clock, caller: Actor, id: string): void {
  eraseOnRequest(db, clock, (tx, now) => {
    const row = tx
      .select({ initiativeId: initiativePeople.initiativeId, role: initiativePeople.role, erasedAt: initiativePeople.erasedAt })
      .from(initiativePeople)
      .where(eq(initiativePeople.id, id))
      .get();
    if (!row) throw new AppError('NOT_FOUND', 'Deze persoon staat niet (meer) bij een initiatief.');
    if (row.erasedAt) return;
    tx.update(initiativePeople)
      .set({ name: ERASED, phone: '', email: '', postcode: '', houseNumber: '', addition: '', erasedAt: now })
      .where(eq(initiativePeople.id, id))
      .run();
    appendEvent(tx, {
      type: 'initiative.person-erased',
      staffId: caller.staffId,
      deviceTime: now,
      payload: { personId: id, initiativeId: row.initiativeId, role: row.role },
    });
  });
}
