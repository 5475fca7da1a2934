/**
 * Nieuw initiatief: drafts saved on every change, and submitting a complete one. Submitting makes the
 * initiative (status ingediend, with a provisional number until the central ledger gives the real one),
 * its details, and its people — the people stay on this device only; the ledger event carries the
 * initiative, never names or contact details.
 */
import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../core/api/errors.js';
import { businessDayOf } from '../core/business-day.js';
import {
  registrationDraftSchema,
  registrationProblems,
  targetOf,
  type RegistrationDraft,
  type RegistrationProblem,
  type RegistrationStep,
} from '../core/initiative-registration.js';
import {
  districts,
  initiativeDetails,
  initiativeDrafts,
  initiativeHistory,
  initiativePeople,
  initiativePhotos,
  initiatives,
  staff,
} from '../db/schema.js';
import { movePhotosToInitiative } from './photos.js';
import type { Db } from '../db/open-store.js';
import type { Clock } from './deps.js';
import { appendEvent } from './ledger.js';
import type { Actor } from './session.js';

/** Numbers from here on are provisional: the central ledger gives the real number when it receives the registration. */
export const PROVISIONAL_NUMBER_BASE = 900_000;

export interface DraftView {
  id: string;
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
  return {
    id: row.id,
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

export function listDrafts(db: Db): { id: string; title: string; step: RegistrationStep; updatedAt: string; createdBy: string }[] {
  return db
    .select({
      id: initiativeDrafts.id,
      data: initiativeDrafts.data,
      step: initiativeDrafts.step,
      updatedAt: initiativeDrafts.updatedAt,
      name: staff.name,
    })
    .from(initiativeDrafts)
    .leftJoin(staff, eq(staff.id, initiativeDrafts.createdBy))
    .orderBy(desc(initiativeDrafts.updatedAt))
    .all()
    .map((r) => ({
      id: r.id,
      title: (JSON.parse(r.data) as { title?: string }).title ?? '',
      step: r.step as RegistrationStep,
      updatedAt: r.updatedAt,
      createdBy: r.name ?? '',
    }));
}

export function deleteDraft(db: Db, id: string): void {
  db.transaction((tx) => {
    tx.delete(initiativePhotos).where(eq(initiativePhotos.draftId, id)).run();
    tx.delete(initiativeDrafts).where(eq(initiativeDrafts.id, id)).run();
  });
}

/** Submit a complete draft: one transaction makes the initiative, its details, its people and the ledger event. */
export function registerInitiative(db: Db, clock: Clock, actor: Actor, draftId: string): { initiativeId: string; number: number } {
  const draft = getDraft(db, clock, draftId);
  if (draft.problems.length > 0) {
    throw new AppError('VALIDATION', 'Niet alles is goed ingevuld.', {
      issues: draft.problems.map((p) => ({ path: p.path, problem: p.message })),
    });
  }
  const d = draft.data;
  const now = clock().toISOString();
  const initiativeId = randomUUID();
  return db.transaction(
    (tx) => {
      const last = tx
        .select({ n: sql<number>`coalesce(max(${initiatives.number}), ${PROVISIONAL_NUMBER_BASE})` })
        .from(initiatives)
        .where(sql`${initiatives.number} > ${PROVISIONAL_NUMBER_BASE}`)
        .get();
      const number = (last?.n ?? PROVISIONAL_NUMBER_BASE) + 1;
      const targetCents = targetOf(d);
      const budgetLines = d.budgetLines.map((l) => ({ item: l.item.trim(), amountCents: l.amountCents }));
      const event = appendEvent(tx, {
        type: 'initiative.registered',
        version: 1,
        staffId: actor.staffId,
        deviceTime: now,
        // The initiative, never its people: personal data must stay erasable and off the append-only ledger.
        payload: {
          initiativeId,
          provisionalNumber: number,
          title: d.title.trim(),
          summary: d.summary.trim(),
          description: d.description.trim(),
          theme: d.theme,
          districtCode: d.districtCode,
          buurt: d.buurt.trim(),
          location: d.location.trim(),
          budgetLines,
          targetCents,
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
          consentAt: now,
        },
      });
      tx.insert(initiatives)
        .values({
          id: initiativeId,
          number,
          title: d.title.trim(),
          summary: d.summary.trim(),
          districtCode: d.districtCode,
          theme: d.theme,
          status: 'ingediend',
          targetCents,
          deadline: d.deadline,
          volunteersNeeded: d.volunteersNeeded,
          volunteerTasks: d.volunteerTasks.trim(),
          materialsWanted: d.materialsWanted.trim(),
          createdAt: now,
          updatedAt: now,
        })
        .run();
      tx.insert(initiativeDetails)
        .values({
          initiativeId,
          description: d.description.trim(),
          buurt: d.buurt.trim(),
          location: d.location.trim(),
          budgetLines: JSON.stringify(budgetLines),
          structuralCosts: d.structuralCosts,
          structuralCostsBy: d.structuralCostsBy.trim(),
          supportMethod: d.supportMethod,
          supportDescription: d.supportDescription.trim(),
          publicSpace: d.publicSpace,
          supportPercentage: d.supportPercentage,
          executionDate: d.executionDate,
          registeredBy: actor.staffId,
          registeredAt: now,
        })
        .run();
      const person = (
        role: 'initiator' | 'co-organiser',
        p: { name: string; address: RegistrationDraft['initiator']['address'] },
        contact = { phone: '', email: '' },
      ) =>
        tx
          .insert(initiativePeople)
          .values({
            id: randomUUID(),
            initiativeId,
            role,
            name: p.name.trim(),
            phone: contact.phone.trim(),
            email: contact.email.trim(),
            postcode: p.address.postcode.replace(/\s/g, '').toUpperCase(),
            houseNumber: p.address.houseNumber.trim(),
            addition: p.address.addition.trim().toUpperCase(),
            consentAt: now,
          })
          .run();
      person('initiator', d.initiator, d.initiator);
      for (const co of d.coOrganisers) person('co-organiser', co);
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
