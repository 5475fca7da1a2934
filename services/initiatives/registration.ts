/**
 * Nieuw initiatief: drafts saved on every change, and submitting a complete one. Submitting makes the
 * initiative (status ingediend, with a provisional number until the central ledger gives the real one),
 * its details, and its people — the people stay on this device only; the ledger event carries the
 * initiative, never names or contact details.
 *
 * The same form changes an initiative the wijkregisseur sent back (status concept): a draft that
 * names the initiative it edits, filled from what is stored; submitting it rewrites the registration
 * (event initiative.updated) and submits it again (concept → ingediend) in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { desc, eq, lt, sql } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import { businessDayOf } from '../../core/business-day.js';
import {
  addressKey,
  emptyDraft,
  registrationDraftSchema,
  registrationProblems,
  targetOf,
  type RegistrationDraft,
  type RegistrationProblem,
  type RegistrationStep,
} from '../../core/initiative-registration.js';
import {
  districts,
  initiativeDetails,
  initiativeDrafts,
  initiativeHistory,
  initiativePeople,
  initiativePhotos,
  initiatives,
  staff,
} from '../../db/schema.js';
import { movePhotosToInitiative } from './photos.js';
import type { Db, Tx } from '../../db/open-store.js';
import { listFieldsOf, type RegistrationDetails } from '../../core/sync/protocol.js';
import type { Theme } from '../../core/initiative-status.js';
import type { Clock } from '../platform/index.js';
import { applyAction } from './lifecycle.js';
import { appendEvent } from '../platform/index.js';
import type { Actor } from '../platform/index.js';

/** Numbers from here on are provisional: the central ledger gives the real number when it receives the registration. */
export const PROVISIONAL_NUMBER_BASE = 900_000;

export interface DraftView {
  id: string;
  /** The initiative this draft changes, or null for a new registration. */
  edits: { initiativeId: string; number: number } | null;
  step: RegistrationStep;
  data: RegistrationDraft;
  problems: RegistrationProblem[];
  updatedAt: string;
}

function districtCodes(db: Db): string[] {
  return db
    .select({ code: districts.code })
    .from(districts)
    .all()
    .map((d) => d.code);
}

function view(db: Db, clock: Clock, row: typeof initiativeDrafts.$inferSelect): DraftView {
  const parsed = registrationDraftSchema.safeParse(JSON.parse(row.data));
  if (!parsed.success) throw new AppError('INTERNAL', 'Dit concept kan niet worden gelezen.');
  const edited = row.editsInitiativeId
    ? db.select({ number: initiatives.number }).from(initiatives).where(eq(initiatives.id, row.editsInitiativeId)).get()
    : undefined;
  return {
    id: row.id,
    edits: row.editsInitiativeId && edited ? { initiativeId: row.editsInitiativeId, number: edited.number } : null,
    step: row.step as RegistrationStep,
    data: parsed.data,
    problems: registrationProblems(parsed.data, businessDayOf(clock()), districtCodes(db)),
    updatedAt: row.updatedAt,
  };
}

export function saveDraft(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { id?: string; step: RegistrationStep; data: RegistrationDraft },
): DraftView {
  const now = clock().toISOString();
  const id = input.id ?? randomUUID();
  const data = JSON.stringify(input.data);
  db.insert(initiativeDrafts)
    .values({ id, data, step: input.step, createdBy: actor.staffId, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: initiativeDrafts.id, set: { data, step: input.step, updatedAt: now } })
    .run();
  return getDraft(db, clock, id);
}

export function getDraft(db: Db, clock: Clock, id: string): DraftView {
  const row = db.select().from(initiativeDrafts).where(eq(initiativeDrafts.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'Dit concept bestaat niet (meer).');
  return view(db, clock, row);
}

export function listDrafts(
  db: Db,
): { id: string; title: string; step: RegistrationStep; updatedAt: string; createdBy: string; editsNumber: number | null }[] {
  return db
    .select({
      id: initiativeDrafts.id,
      data: initiativeDrafts.data,
      step: initiativeDrafts.step,
      updatedAt: initiativeDrafts.updatedAt,
      name: staff.name,
      editsNumber: initiatives.number,
    })
    .from(initiativeDrafts)
    .leftJoin(staff, eq(staff.id, initiativeDrafts.createdBy))
    .leftJoin(initiatives, eq(initiatives.id, initiativeDrafts.editsInitiativeId))
    .orderBy(desc(initiativeDrafts.updatedAt))
    .all()
    .map((r) => ({
      id: r.id,
      title: (JSON.parse(r.data) as { title?: string }).title ?? '',
      step: r.step as RegistrationStep,
      updatedAt: r.updatedAt,
      createdBy: r.name ?? '',
      editsNumber: r.editsNumber ?? null,
    }));
}

/** A draft nobody changed for this long is deleted (with its photos): it holds personal data (AVG: no longer than needed). */
export const DRAFT_RETENTION_DAYS = 60;

export function purgeStaleDrafts(db: Db, clock: Clock): number {
  const before = new Date(clock().getTime() - DRAFT_RETENTION_DAYS * 86_400_000).toISOString();
  return db.transaction(
    (tx) => {
      const stale = tx.select({ id: initiativeDrafts.id }).from(initiativeDrafts).where(lt(initiativeDrafts.updatedAt, before)).all();
      for (const { id } of stale) {
        tx.delete(initiativePhotos).where(eq(initiativePhotos.draftId, id)).run();
        tx.delete(initiativeDrafts).where(eq(initiativeDrafts.id, id)).run();
      }
      return stale.length;
    },
    { behavior: 'immediate' },
  );
}

export function deleteDraft(db: Db, id: string): void {
  db.transaction((tx) => {
    tx.delete(initiativePhotos).where(eq(initiativePhotos.draftId, id)).run();
    tx.delete(initiativeDrafts).where(eq(initiativeDrafts.id, id)).run();
  });
}

/**
 * Start changing an initiative that was sent back (status concept): a draft filled from what is
 * stored, or the one already being worked on. People registered on another device are not here
 * (personal data stays where it was given): the form then asks for them again.
 */
export function editInitiative(db: Db, clock: Clock, actor: Actor, initiativeId: string): DraftView {
  const found = db.transaction(
    (tx) => {
      const row = tx.select().from(initiatives).where(eq(initiatives.id, initiativeId)).get();
      if (!row) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
      if (row.status !== 'concept') {
        throw new AppError('CONFLICT', 'Alleen een initiatief dat is teruggestuurd om aan te passen, kan worden aangepast.');
      }
      const existing = tx
        .select({ id: initiativeDrafts.id })
        .from(initiativeDrafts)
        .where(eq(initiativeDrafts.editsInitiativeId, initiativeId))
        .get();
      if (existing) return existing.id;
      const details = tx.select().from(initiativeDetails).where(eq(initiativeDetails.initiativeId, initiativeId)).get();
      const people = tx
        .select()
        .from(initiativePeople)
        .where(eq(initiativePeople.initiativeId, initiativeId))
        .orderBy(sql`rowid`) // in the order they were registered
        .all();
      const blank = emptyDraft();
      const address = (p: typeof initiativePeople.$inferSelect) => ({
        postcode: p.postcode,
        houseNumber: p.houseNumber,
        addition: p.addition,
      });
      // Someone erased on request is not carried over: the form asks for a person again.
      const initiator = people.find((p) => p.role === 'initiator' && !p.erasedAt);
      const coOrganisers = people
        .filter((p) => p.role === 'co-organiser' && !p.erasedAt)
        .map((p) => ({ name: p.name, address: address(p) }));
      const data: RegistrationDraft = {
        ...blank,
        title: row.title,
        summary: row.summary,
        theme: row.theme as RegistrationDraft['theme'],
        districtCode: row.districtCode,
        deadline: row.deadline ?? '',
        volunteersNeeded: row.volunteersNeeded,
        volunteerTasks: row.volunteerTasks,
        materialsWanted: row.materialsWanted,
        ...(details
          ? {
              description: details.description,
              buurt: details.buurt,
              location: details.location,
              budgetLines: JSON.parse(details.budgetLines) as RegistrationDraft['budgetLines'],
              structuralCosts: details.structuralCosts as RegistrationDraft['structuralCosts'],
              structuralCostsBy: details.structuralCostsBy,
              supportMethod: details.supportMethod as RegistrationDraft['supportMethod'],
              supportDescription: details.supportDescription,
              publicSpace: details.publicSpace,
              supportPercentage: details.supportPercentage,
              executionDate: details.executionDate,
            }
          : { budgetLines: [{ item: '', amountCents: row.targetCents }] }),
        initiator: initiator
          ? { name: initiator.name, phone: initiator.phone, email: initiator.email, address: address(initiator) }
          : blank.initiator,
        coOrganisers: coOrganisers.length >= 2 ? coOrganisers : [...coOrganisers, ...blank.coOrganisers].slice(0, 2),
        // The consent given before still stands for the people who gave it; asking again costs nothing.
        consent: initiator !== undefined,
      };
      const parsed = registrationDraftSchema.safeParse(data);
      if (!parsed.success) throw new AppError('INTERNAL', 'Dit initiatief kan niet worden aangepast op dit apparaat.');
      const id = randomUUID();
      const now = clock().toISOString();
      tx.insert(initiativeDrafts)
        .values({
          id,
          data: JSON.stringify(parsed.data),
          step: 'wat',
          editsInitiativeId: initiativeId,
          createdBy: actor.staffId,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      return id;
    },
    { behavior: 'immediate' },
  );
  return getDraft(db, clock, found);
}

/** The registration as the ledger and the initiative's rows hold it: trimmed, no people. */
function registrationOf(d: RegistrationDraft) {
  // registrationProblems() refused an empty theme before anything is submitted.
  if (d.theme === '') throw new AppError('VALIDATION', 'Kies een thema.', { issues: [{ path: 'theme', problem: 'required' }] });
  return {
    title: d.title.trim(),
    summary: d.summary.trim(),
    description: d.description.trim(),
    theme: d.theme satisfies Theme,
    districtCode: d.districtCode,
    buurt: d.buurt.trim(),
    location: d.location.trim(),
    budgetLines: d.budgetLines.map((l) => ({ item: l.item.trim(), amountCents: l.amountCents })),
    targetCents: targetOf(d),
    structuralCosts: d.structuralCosts,
    structuralCostsBy: d.structuralCostsBy.trim(),
    volunteersNeeded: d.volunteersNeeded,
    volunteerTasks: d.volunteerTasks.trim(),
    materialsWanted: d.materialsWanted.trim(),
    supportMethod: d.supportMethod,
    supportDescription: d.supportDescription.trim(),
    publicSpace: d.publicSpace,
    supportPercentage: d.supportPercentage,
    deadline: d.deadline,
    executionDate: d.executionDate,
    organisers: 1 + d.coOrganisers.length,
  };
}

/** The initiative_details columns of a registration (also for one learned from the ledger). */
export function detailColumns(r: RegistrationDetails) {
  return {
    description: r.description,
    buurt: r.buurt,
    location: r.location,
    budgetLines: JSON.stringify(r.budgetLines),
    structuralCosts: r.structuralCosts,
    structuralCostsBy: r.structuralCostsBy,
    supportMethod: r.supportMethod,
    supportDescription: r.supportDescription,
    publicSpace: r.publicSpace,
    supportPercentage: r.supportPercentage,
    executionDate: r.executionDate,
  };
}

/**
 * The initiator and co-organisers of a registration, written anew. A person who was already there
 * (same name and address) keeps the date of their consent; anyone new gives it now.
 */
function writePeople(tx: Tx, initiativeId: string, d: RegistrationDraft, now: string): void {
  const before = new Map(
    tx
      .select()
      .from(initiativePeople)
      .where(eq(initiativePeople.initiativeId, initiativeId))
      .all()
      .filter((p) => !p.erasedAt)
      .map((p) => [`${p.name}|${addressKey(p)}`, p.consentAt]),
  );
  tx.delete(initiativePeople).where(eq(initiativePeople.initiativeId, initiativeId)).run();
  const person = (
    role: 'initiator' | 'co-organiser',
    p: { name: string; address: RegistrationDraft['initiator']['address'] },
    contact = { phone: '', email: '' },
  ) => {
    const address = {
      postcode: p.address.postcode.replace(/\s/g, '').toUpperCase(),
      houseNumber: p.address.houseNumber.trim(),
      addition: p.address.addition.trim().toUpperCase(),
    };
    const name = p.name.trim();
    tx.insert(initiativePeople)
      .values({
        id: randomUUID(),
        initiativeId,
        role,
        name,
        phone: contact.phone.trim(),
        email: contact.email.trim(),
        ...address,
        consentAt: before.get(`${name}|${addressKey(address)}`) ?? now,
      })
      .run();
  };
  person('initiator', d.initiator, d.initiator);
  for (const co of d.coOrganisers) person('co-organiser', co);
}

/**
 * Submit a complete draft. A new registration: one transaction makes the initiative, its details,
 * its people and the ledger event. A change to a sent-back initiative: one transaction rewrites them
 * (event initiative.updated) and submits the initiative again.
 */
export function registerInitiative(db: Db, clock: Clock, actor: Actor, draftId: string): { initiativeId: string; number: number } {
  const draft = getDraft(db, clock, draftId);
  if (draft.problems.length > 0) {
    throw new AppError('VALIDATION', 'Niet alles is goed ingevuld.', {
      issues: draft.problems.map((p) => ({ path: p.path, problem: p.message })),
    });
  }
  if (draft.edits) return resubmit(db, clock, actor, draftId, draft.edits.initiativeId, draft.data);
  const d = draft.data;
  const now = clock().toISOString();
  const initiativeId = randomUUID();
  const r = registrationOf(d);
  return db.transaction(
    (tx) => {
      const last = tx
        .select({ n: sql<number>`coalesce(max(${initiatives.number}), ${PROVISIONAL_NUMBER_BASE})` })
        .from(initiatives)
        .where(sql`${initiatives.number} > ${PROVISIONAL_NUMBER_BASE}`)
        .get();
      const number = (last?.n ?? PROVISIONAL_NUMBER_BASE) + 1;
      const event = appendEvent(tx, {
        type: 'initiative.registered',
        staffId: actor.staffId,
        deviceTime: now,
        // The initiative, never its people: personal data must stay erasable and off the append-only ledger.
        payload: { initiativeId, provisionalNumber: number, ...r, consentAt: now },
      });
      tx.insert(initiatives)
        .values({ id: initiativeId, number, ...listFieldsOf(r), status: 'ingediend', createdAt: now, updatedAt: now })
        .run();
      tx.insert(initiativeDetails)
        .values({ initiativeId, ...detailColumns(r), registeredBy: actor.staffId, registeredAt: now })
        .run();
      writePeople(tx, initiativeId, d, now);
      tx.insert(initiativeHistory)
        .values({
          initiativeId,
          at: now,
          action: 'submit',
          fromStatus: 'concept',
          toStatus: 'ingediend',
          staffId: actor.staffId,
          note: null,
          outboxSeq: event.seq,
        })
        .run();
      // The draft held the same personal data: it goes now that the initiative holds it; its photos move along.
      movePhotosToInitiative(tx, draftId, initiativeId);
      tx.delete(initiativeDrafts).where(eq(initiativeDrafts.id, draftId)).run();
      return { initiativeId, number };
    },
    { behavior: 'immediate' },
  );
}

function resubmit(
  db: Db,
  clock: Clock,
  actor: Actor,
  draftId: string,
  initiativeId: string,
  d: RegistrationDraft,
): { initiativeId: string; number: number } {
  const now = clock().toISOString();
  const r = registrationOf(d);
  return db.transaction(
    (tx) => {
      const row = tx
        .select({ status: initiatives.status, number: initiatives.number })
        .from(initiatives)
        .where(eq(initiatives.id, initiativeId))
        .get();
      if (!row) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
      // Checked here too: the ledger may have moved it on (withdrawn) since the draft was started.
      if (row.status !== 'concept')
        throw new AppError('CONFLICT', 'Dit initiatief is niet meer teruggestuurd; het kan niet meer worden aangepast.');
      appendEvent(tx, {
        type: 'initiative.updated',
        staffId: actor.staffId,
        deviceTime: now,
        payload: { initiativeId, ...r, consentAt: now },
      });
      tx.update(initiatives)
        .set({ ...listFieldsOf(r), updatedAt: now })
        .where(eq(initiatives.id, initiativeId))
        .run();
      tx.insert(initiativeDetails)
        .values({ initiativeId, ...detailColumns(r), registeredBy: actor.staffId, registeredAt: now })
        .onConflictDoUpdate({ target: initiativeDetails.initiativeId, set: detailColumns(r) })
        .run();
      writePeople(tx, initiativeId, d, now);
      movePhotosToInitiative(tx, draftId, initiativeId);
      tx.delete(initiativeDrafts).where(eq(initiativeDrafts.id, draftId)).run();
      applyAction(tx, clock, initiativeId, 'submit', { staffId: actor.staffId, role: actor.role }, null);
      return { initiativeId, number: row.number };
    },
    { behavior: 'immediate' },
  );
}
