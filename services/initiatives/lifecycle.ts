/**
 * Status changes of initiatives. Each is checked against the lifecycle table in core, written as a
 * ledger event in the same transaction as the new status, and kept in the initiative's history.
 * Money and time move initiatives too: reaching the target (a donation), falling below it again (a
 * reversal), and a saving deadline that passed without the target (which releases the collected
 * value to the district budget: a ledger event says how much).
 */
import { definePrepared } from '../../db/prepared.js';
import type { ActorOrSystem } from '../platform/index.js';
import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import { businessDayOf } from '../../core/business-day.js';
import { actionNeedsNote, availableActions, mayTake, nextStatus, type LifecycleAction } from '../../core/initiative-lifecycle.js';
import type { AccountabilityInput, InitiativeDetail } from '../../core/api/contract-reference.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import { can, capabilitiesOf, type Role } from '../../core/roles.js';
import {
  districts,
  initiativeAccountability,
  initiativeAssessments,
  initiativeDetails,
  initiativeHistory,
  initiatives,
  staff,
  syncAttention,
} from '../../db/schema.js';
import { approvalProblem, assessmentSchema, type Assessment, type AssessmentProblem } from '../../core/conditions.js';
import type { Db, Tx, ReadableDb } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { appendEvent } from '../platform/index.js';
import { needsOf } from '../volunteers/index.js';

/** Apply one action inside the caller's transaction. Throws CONFLICT when not allowed from the current status. */
export function applyAction(
  tx: Tx,
  clock: Clock,
  initiativeId: string,
  action: LifecycleAction,
  who: ActorOrSystem,
  note: string | null,
  extra: Record<string, unknown> = {},
): InitiativeStatus {
  const row = tx.select({ status: initiatives.status }).from(initiatives).where(eq(initiatives.id, initiativeId)).get();
  if (!row) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
  const from = row.status as InitiativeStatus;
  const to = nextStatus(from, action);
  if (!to) throw new AppError('CONFLICT', 'Dit kan niet in de huidige status van het initiatief.', { from, action });
  if (!mayTake(action, who === 'system' ? 'system' : capabilitiesOf(who.role)))
    throw new AppError('FORBIDDEN', 'U mag dit niet doen met uw rol.');
  if (actionNeedsNote(action) && !note?.trim())
    throw new AppError('VALIDATION', 'Schrijf erbij waarom.', { issues: [{ path: 'note', problem: 'required' }] });
  if (action === 'complete') {
    // Uitgevoerd needs the account: what was done, and what it cost.
    const account = extra.accountability as AccountabilityInput | undefined;
    const issues = [
      ...((account?.done.length ?? 0) < 10
        ? [{ path: 'accountability.done', problem: 'Schrijf wat er is gedaan (minstens 10 tekens).' }]
        : []),
      ...(account === undefined ? [{ path: 'accountability.spentCents', problem: 'Vul in wat het heeft gekost.' }] : []),
    ];
    if (issues.length > 0) throw new AppError('VALIDATION', 'Schrijf wat er is gedaan en wat het kostte.', { issues });
  }
  if (action === 'approve') {
    const problem = approvalProblem(assessmentOf(tx, initiativeId));
    if (problem) throw new AppError('CONFLICT', assessmentMessages[problem], { problem });
  }
  const now = clock().toISOString();
  const staffId = who === 'system' ? null : who.staffId;
  const event = appendEvent(tx, {
    type: 'initiative.status-changed',
    staffId,
    deviceTime: now,
    payload: { initiativeId, action, from, to, note, ...extra },
  });
  tx.update(initiatives).set({ status: to, statusNote: note, updatedAt: now }).where(eq(initiatives.id, initiativeId)).run();
  tx.insert(initiativeHistory)
    .values({ initiativeId, at: now, action, fromStatus: from, toStatus: to, staffId, note, outboxSeq: event.seq })
    .run();
  return to;
}

export function changeStatus(
  db: Db,
  clock: Clock,
  initiativeId: string,
  action: LifecycleAction,
  who: ActorOrSystem,
  note: string | null,
  accountability?: AccountabilityInput,
): InitiativeStatus {
  if (action !== 'complete' || !accountability) {
    // Without an account, applyAction refuses 'complete' (after the status and role checks).
    return db.transaction((tx) => applyAction(tx, clock, initiativeId, action, who, note), { behavior: 'immediate' });
  }
  return db.transaction(
    (tx) => {
      const to = applyAction(tx, clock, initiativeId, action, who, note, { accountability });
      tx.insert(initiativeAccountability)
        .values({
          initiativeId,
          done: accountability.done,
          spentCents: accountability.spentCents,
          staffId: who === 'system' ? '' : who.staffId,
          at: clock().toISOString(),
        })
        .run();
      return to;
    },
    { behavior: 'immediate' },
  );
}

function registrationOf(db: Db, initiativeId: string): InitiativeDetail['registration'] {
  const d = db.select().from(initiativeDetails).where(eq(initiativeDetails.initiativeId, initiativeId)).get();
  if (!d) return null;
  return {
    description: d.description,
    location: d.location,
    budgetLines: JSON.parse(d.budgetLines) as { item: string; amountCents: number }[],
    structuralCosts: d.structuralCosts,
    structuralCostsBy: d.structuralCostsBy,
    supportDescription: d.supportDescription,
    executionDate: d.executionDate,
  };
}

/** After money moved (in the same transaction): reaching or losing the target moves the status. */
const targetState = definePrepared((tx: Tx) =>
  tx
    .select({ status: initiatives.status, collected: initiatives.collectedCents, target: initiatives.targetCents })
    .from(initiatives)
    .where(eq(initiatives.id, sql.placeholder('id')))
    .prepare(),
);

/** `known`: the initiative's status and totals as the caller just wrote them (the donation's hot path), else read. */
export function followTarget(
  tx: Tx,
  clock: Clock,
  initiativeId: string,
  known?: { status: string; collected: number; target: number },
): void {
  const row = known ?? targetState(tx).get({ id: initiativeId });
  if (!row) return;
  if (row.status === 'spaarfase' && row.collected >= row.target)
    applyAction(tx, clock, initiativeId, 'reach-target', 'system', null, { collectedCents: row.collected });
  else if (row.status === 'streefbedrag_behaald' && row.collected < row.target)
    applyAction(tx, clock, initiativeId, 'lose-target', 'system', null, { collectedCents: row.collected });
}

/**
 * Initiatives still saving whose deadline has passed (a day before today, in Almelo) become
 * "niet geslaagd"; the collected value goes back to the district budget. Run at start and daily.
 */
export function expireDeadlines(db: Db, clock: Clock): number {
  const today = businessDayOf(clock());
  const due = db
    .select({ id: initiatives.id, collected: initiatives.collectedCents, district: initiatives.districtCode })
    .from(initiatives)
    .where(and(eq(initiatives.status, 'spaarfase'), lt(initiatives.deadline, today)))
    .all();
  for (const item of due) {
    db.transaction(
      (tx) =>
        applyAction(tx, clock, item.id, 'miss-deadline', 'system', null, { releasedCents: item.collected, districtCode: item.district }),
      { behavior: 'immediate' },
    );
  }
  return due.length;
}

export function initiativeHistoryOf(db: Db, initiativeId: string) {
  return db
    .select({
      at: initiativeHistory.at,
      action: initiativeHistory.action,
      from: initiativeHistory.fromStatus,
      to: initiativeHistory.toStatus,
      note: initiativeHistory.note,
      staffName: staff.name,
      seq: initiativeHistory.outboxSeq,
    })
    .from(initiativeHistory)
    .leftJoin(staff, eq(staff.id, initiativeHistory.staffId))
    .where(eq(initiativeHistory.initiativeId, initiativeId))
    .orderBy(asc(initiativeHistory.id))
    .all()
    .map(({ seq, ...h }) => ({ ...h, elsewhere: seq === 0 }));
}

/** This device's live donations to an initiative (kept on its row by the donation and the reversal). */
export function donationCount(db: Db, initiativeId: string): number {
  return db.select({ n: initiatives.donationsHere }).from(initiatives).where(eq(initiatives.id, initiativeId)).get()?.n ?? 0;
}

export function getInitiativeDetail(db: Db, clock: Clock, initiativeId: string, role: Role): InitiativeDetail {
  const row = db
    .select({ i: initiatives, districtName: districts.name })
    .from(initiatives)
    .innerJoin(districts, eq(districts.code, initiatives.districtCode))
    .where(eq(initiatives.id, initiativeId))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
  const { i } = row;
  const today = Date.parse(`${businessDayOf(clock())}T00:00:00Z`);
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    summary: i.summary,
    districtCode: i.districtCode,
    districtName: row.districtName,
    theme: i.theme,
    status: i.status as InitiativeStatus,
    targetCents: i.targetCents,
    collectedCents: i.collectedCents,
    deadline: i.deadline,
    donationCount: donationCount(db, i.id),
    daysLeft: i.deadline ? Math.round((Date.parse(`${i.deadline}T00:00:00Z`) - today) / 86_400_000) : null,
    // A sent-back initiative is submitted again through the form (it must change first), not with a button.
    actions: availableActions(i.status as InitiativeStatus, capabilitiesOf(role)).filter((a) => a !== 'submit'),
    editable: i.status === 'concept' && can(role, 'counter'),
    statusNote: i.statusNote,
    ledgerProblem: ledgerProblemOf(db, i.id),
    history: initiativeHistoryOf(db, i.id),
    assessment: assessmentOf(db, i.id),
    registration: registrationOf(db, i.id),
    accountability:
      db
        .select({ done: initiativeAccountability.done, spentCents: initiativeAccountability.spentCents, at: initiativeAccountability.at })
        .from(initiativeAccountability)
        .where(eq(initiativeAccountability.initiativeId, i.id))
        .get() ?? null,
    needs: needsOf(db, i.id),
  };
}

/** The latest answer of the ledger about this initiative that someone must see (Synchronisatie lists it too). */
function ledgerProblemOf(db: ReadableDb, initiativeId: string): InitiativeDetail['ledgerProblem'] {
  const row = db
    .select({ outcome: syncAttention.outcome, type: syncAttention.type, reason: syncAttention.reason })
    .from(syncAttention)
    .where(and(eq(syncAttention.subjectId, initiativeId), isNull(syncAttention.handledAt)))
    .orderBy(desc(syncAttention.seq))
    .get();
  return row && row.outcome !== 'pending' ? { outcome: row.outcome, type: row.type, reason: row.reason } : null;
}

const assessmentMessages: Record<AssessmentProblem, string> = {
  unanswered: 'Beantwoord eerst alle voorwaarden.',
  'not-met': 'Niet alle voorwaarden zijn vervuld. Wijs af of vraag om wijzigingen.',
  'note-missing': 'Schrijf bij "niet van toepassing" waarom.',
};

export function assessmentOf(db: ReadableDb, initiativeId: string): Assessment | null {
  const row = db
    .select({ a: initiativeAssessments.assessment })
    .from(initiativeAssessments)
    .where(eq(initiativeAssessments.initiativeId, initiativeId))
    .get();
  return row ? assessmentSchema.parse(JSON.parse(row.a)) : null;
}

/** Save (replace) the assessment; while in review only. A ledger event, like every decision. */
export function saveAssessment(
  db: Db,
  clock: Clock,
  initiativeId: string,
  who: { staffId: string; role: Role },
  assessment: Assessment,
): Assessment {
  if (!capabilitiesOf(who.role).includes('assess')) throw new AppError('FORBIDDEN', 'U mag dit niet doen met uw rol.');
  return db.transaction(
    (tx) => {
      const row = tx.select({ status: initiatives.status }).from(initiatives).where(eq(initiatives.id, initiativeId)).get();
      if (!row) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
      if (row.status !== 'in_beoordeling') throw new AppError('CONFLICT', 'Alleen een initiatief in beoordeling wordt beoordeeld.');
      const now = clock().toISOString();
      const event = appendEvent(tx, {
        type: 'initiative.assessed',
        staffId: who.staffId,
        deviceTime: now,
        payload: { initiativeId, ...assessment },
      });
      const values = { initiativeId, assessment: JSON.stringify(assessment), staffId: who.staffId, updatedAt: now, outboxSeq: event.seq };
      tx.insert(initiativeAssessments).values(values).onConflictDoUpdate({ target: initiativeAssessments.initiativeId, set: values }).run();
      return assessment;
    },
    { behavior: 'immediate' },
  );
}
