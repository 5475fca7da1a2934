/**
 * Bulk intake: an initiator brings a stack of collected vouchers for one initiative. Every accepted
 * code is a committed donation at the moment it is scanned, so a crash or a closed laptop loses
 * nothing; the intake stays open and can be resumed, and ends with one summary.
 */
import type { Actor } from '../platform/index.js';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Intake, VoucherCheck } from '../../core/api/contract-counter.js';
import { AppError } from '../../core/api/errors.js';
import { maskTypedCode, maskVoucherCode } from '../../core/voucher-code.js';
import { bulkIntakeItems, bulkIntakes, initiatives, redemptions, staff } from '../../db/schema.js';
import { definePrepared } from '../../db/prepared.js';
import { writeTransaction, type Db, type ReadableDb } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { currentBusinessDay } from './business-day.js';
import { appendEvent } from '../platform/index.js';
import { redeemInTx, resolveVoucher } from './vouchers.js';
import type { Tx } from '../../db/open-store.js';

type Summary = Omit<Intake, 'items'>;

/**
 * An intake's record — codes scanned, accepted, their value — as SQL over `bulk_intakes` joined with its initiative:
 * the initiative's slot while the intake holds it (every accepted scan updates that row anyway), else the intake's own
 * row (finished, or an intake from before migration 0018 that has not scanned since). db/schema.ts says why.
 */
const recordOf = (live: SQL, kept: SQL) => sql<number>`CASE WHEN ${initiatives.intakeId} = ${bulkIntakes.id} THEN ${live} ELSE ${kept} END`;
const record = {
  items: recordOf(sql`${initiatives.intakeItems}`, sql`${bulkIntakes.itemCount}`),
  accepted: recordOf(sql`${initiatives.intakeAccepted}`, sql`${bulkIntakes.acceptedCount}`),
  cents: recordOf(sql`${initiatives.intakeCents}`, sql`${bulkIntakes.totalCents}`),
};

/** How many vouchers an intake counted so far, as SQL for a query over `bulk_intakes` (the day report's). */
export const intakeAcceptedSoFar = sql<number>`(SELECT ${record.accepted} FROM ${initiatives} WHERE ${initiatives.id} = ${bulkIntakes.initiativeId})`;

/**
 * What every scan runs, compiled once per store (db/prepared.ts): a stack of 60 at scanner speed. One statement reads
 * the intake, its initiative and its record, so a scan reads once before it writes, and its answer is built from the
 * record it moved on.
 */
const hot = definePrepared((db: ReadableDb) => ({
  withRecord: db
    .select({
      intake: bulkIntakes,
      number: initiatives.number,
      title: initiatives.title,
      slot: initiatives.intakeId,
      ...record,
    })
    .from(bulkIntakes)
    .innerJoin(initiatives, eq(initiatives.id, bulkIntakes.initiativeId))
    .where(eq(bulkIntakes.id, sql.placeholder('id')))
    .prepare(),
  redemptionIntake: db
    .select({ intakeId: redemptions.intakeId })
    .from(redemptions)
    .where(eq(redemptions.id, sql.placeholder('id')))
    .prepare(),
}));
/** The writes of the same path: a refused code's item and its count; an accepted code is its donation (vouchers.ts). */
const hotWrites = definePrepared((db: Db) => ({
  insertItem: db
    .insert(bulkIntakeItems)
    .values({
      intakeId: sql.placeholder('intakeId'),
      itemNo: sql.placeholder('itemNo'),
      maskedCode: sql.placeholder('maskedCode'),
      outcome: sql.placeholder('outcome'),
      redemptionId: null,
      scannedAt: sql.placeholder('scannedAt'),
      acceptedSoFar: sql.placeholder('accepted'),
      rejectedSoFar: sql.placeholder('rejected'),
      centsSoFar: sql.placeholder('cents'),
    })
    .prepare(),
  countRefused: db
    .update(initiatives)
    .set({ intakeItems: sql`${initiatives.intakeItems} + 1` })
    .where(and(eq(initiatives.id, sql.placeholder('id')), eq(initiatives.intakeId, sql.placeholder('intakeId'))))
    .prepare(),
  firstRedemption: db
    .update(bulkIntakes)
    .set({ firstRedemptionId: sql`${sql.placeholder('redemptionId')}` })
    .where(eq(bulkIntakes.id, sql.placeholder('id')))
    .prepare(),
}));

/** An intake's record: codes scanned (accepted and refused), accepted, and the accepted ones' value. */
interface Running {
  items: number;
  accepted: number;
  cents: number;
}

type IntakeRow = NonNullable<ReturnType<ReturnType<typeof hot>['withRecord']['get']>>;

/** An intake as the screens show it, from its row and its record (as read, or moved on by a scan). */
function summaryOf(row: IntakeRow, running: Running): Summary {
  return {
    id: row.intake.id,
    initiative: { id: row.intake.initiativeId, number: row.number, title: row.title },
    startedAt: row.intake.startedAt,
    finishedAt: row.intake.finishedAt,
    acceptedCount: running.accepted,
    rejectedCount: running.items - running.accepted,
    totalCents: running.cents,
  };
}

function intakeRow(db: ReadableDb, intakeId: string): IntakeRow {
  const row = hot(db).withRecord.get({ id: intakeId });
  if (!row) throw new AppError('NOT_FOUND', 'Deze inname bestaat niet.');
  return row;
}

function summary(db: ReadableDb, intakeId: string): Summary {
  const row = intakeRow(db, intakeId);
  return summaryOf(row, row);
}

/**
 * An intake with all its items, in scan order; with a caller, only that staff member's own. The refused ones (and all
 * of an intake from before migration 0018) are item rows; the accepted ones are its donations, found in the key range
 * its row keeps (db/schema.ts).
 */
export function getIntake(db: Db, intakeId: string, caller?: Actor): Intake {
  const row = intakeRow(db, intakeId);
  if (caller && row.intake.staffId !== caller.staffId) throw new AppError('NOT_FOUND', 'Deze inname bestaat niet.');
  const itemRows = db
    .select({ itemNo: bulkIntakeItems.itemNo, masked: bulkIntakeItems.maskedCode, outcome: bulkIntakeItems.outcome })
    .from(bulkIntakeItems)
    .where(eq(bulkIntakeItems.intakeId, intakeId))
    .all();
  const { firstRedemptionId: first, lastRedemptionId: last } = row.intake;
  const accepted = first
    ? db
        .select({ itemNo: sql<number>`${redemptions.intakeItemNo}`, masked: redemptions.maskedCode, outcome: sql<string>`'accepted'` })
        .from(redemptions)
        .where(
          and(
            gte(redemptions.id, first),
            last ? lte(redemptions.id, last) : undefined,
            eq(redemptions.intakeId, intakeId),
            isNotNull(redemptions.intakeItemNo),
          ),
        )
        .all()
    : [];
  const items = [...itemRows, ...accepted].sort((a, b) => a.itemNo - b.itemNo).map((i) => ({ ...i, accepted: i.outcome === 'accepted' }));
  return { ...summaryOf(row, row), items };
}

export function listOpenIntakes(db: Db, staffId: string): Summary[] {
  return db
    .select({ id: bulkIntakes.id })
    .from(bulkIntakes)
    .where(and(isNull(bulkIntakes.finishedAt), eq(bulkIntakes.staffId, staffId)))
    .orderBy(desc(bulkIntakes.startedAt))
    .all()
    .map((r) => summary(db, r.id));
}

/** The intake that holds an initiative's slot, with who started it (for the message when someone else wants it). */
function holderOf(tx: Tx, intakeId: string) {
  return tx
    .select({ id: bulkIntakes.id, staffId: bulkIntakes.staffId, startedAt: bulkIntakes.startedAt, staffName: staff.name })
    .from(bulkIntakes)
    .innerJoin(staff, eq(staff.id, bulkIntakes.staffId))
    .where(eq(bulkIntakes.id, intakeId))
    .get();
}

/** Refuses a second intake for an initiative on this device: the one open for it must be finished first. */
function openElsewhere(holder: NonNullable<ReturnType<typeof holderOf>>): AppError {
  return new AppError('CONFLICT', 'Voor dit initiatief staat op deze computer al een inname open. Rond die eerst af.', {
    reason: 'intake-open',
    intakeId: holder.id,
    staffName: holder.staffName,
    startedAt: holder.startedAt,
  });
}

/**
 * Starts an intake for a collecting initiative, or answers the caller's own intake that is open for it: one open intake
 * per initiative per device, which holds the initiative's slot for its record (db/schema.ts). Someone else's open
 * intake for it is refused with who and since when (CONFLICT, reason `intake-open`).
 */
export function startIntake(db: Db, clock: Clock, caller: Actor, initiativeId: string): Intake {
  const now = clock();
  const id = writeTransaction(db, (tx) => {
    const initiative = tx.select().from(initiatives).where(eq(initiatives.id, initiativeId)).get();
    if (!initiative) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
    const holder = initiative.intakeId ? holderOf(tx, initiative.intakeId) : undefined;
    if (holder?.staffId === caller.staffId) return holder.id;
    if (holder) throw openElsewhere(holder);
    if (initiative.status !== 'spaarfase') throw new AppError('INITIATIVE_NOT_COLLECTING', 'Dit initiatief spaart nu niet.');
    const started = randomUUID();
    tx.insert(bulkIntakes)
      .values({
        id: started,
        initiativeId,
        staffId: caller.staffId,
        startedAt: now.toISOString(),
        finishedAt: null,
        businessDay: currentBusinessDay(tx, now),
      })
      .run();
    tx.update(initiatives)
      .set({ intakeId: started, intakeItems: 0, intakeAccepted: 0, intakeCents: 0 })
      .where(eq(initiatives.id, initiativeId))
      .run();
    return started;
  });
  return getIntake(db, id);
}

/** The caller's own intake (or, with `ofColleague`, anyone's), still open, with its record. */
function openIntake(db: ReadableDb, intakeId: string, caller: Actor, ofColleague = false): IntakeRow {
  const row = intakeRow(db, intakeId);
  if (!ofColleague && row.intake.staffId !== caller.staffId) throw new AppError('NOT_FOUND', 'Deze inname bestaat niet.');
  if (row.intake.finishedAt) throw new AppError('CONFLICT', 'Deze inname is al afgesloten.');
  return row;
}

/**
 * The caller's open intake, holding its initiative's slot: an intake that lost it (from before migration 0018) takes
 * it back with its record, unless another open intake holds it.
 */
function intakeInSlot(tx: Tx, db: Db, intakeId: string, caller: Actor): IntakeRow {
  const row = openIntake(db, intakeId, caller);
  if (row.slot === intakeId) return row;
  const holder = row.slot ? holderOf(tx, row.slot) : undefined;
  if (holder) throw openElsewhere(holder);
  tx.update(initiatives)
    .set({ intakeId, intakeItems: row.items, intakeAccepted: row.accepted, intakeCents: row.cents })
    .where(eq(initiatives.id, row.intake.initiativeId))
    .run();
  return { ...row, slot: intakeId };
}

/** The outcome word stored per item: 'accepted', 'duplicate-in-stack', or the voucher check's status/reason. */
function outcomeOf(check: VoucherCheck, intakeId: string, redemptionIntake: string | null): string {
  if (check.status === 'used-here' && redemptionIntake === intakeId) return 'duplicate-in-stack';
  if (check.status === 'invalid') return `invalid:${check.reason}`;
  return check.status;
}

/**
 * Scan codes into an open intake, in order, in one transaction: every accepted code is a durable
 * donation before the answer returns. The UI sends what queued up during a scanner burst as one
 * batch, so a burst costs one disk sync instead of one per code (group commit).
 */
export function scanIntake(db: Db, clock: Clock, caller: Actor, intakeId: string, codes: readonly string[]) {
  const now = clock();
  return writeTransaction(db, (tx) => {
    const row = intakeInSlot(tx, db, intakeId, caller);
    const running: Running = { items: row.items, accepted: row.accepted, cents: row.cents };
    const bounds = { first: row.intake.firstRedemptionId };
    const at = { initiativeId: row.intake.initiativeId, intakeId, running, bounds };
    const items = codes.map((code) => scanOne(tx, db, clock, caller, at, code, now));
    return { items, intake: summaryOf(row, running) };
  });
}

/**
 * One code of a scan, numbered next in the intake: its donation if valid (which moves the record on its initiative's
 * row, vouchers.ts), else its item and its count. `at.running` and `at.bounds` move on with it.
 */
function scanOne(
  tx: Tx,
  db: Db,
  clock: Clock,
  caller: Actor,
  at: { initiativeId: string; intakeId: string; running: Running; bounds: { first: string | null } },
  code: string,
  now: Date,
) {
  const { initiativeId, intakeId, running, bounds } = at;
  const itemNo = running.items + 1;
  const resolved = resolveVoucher(db, clock, caller, code);
  if (resolved.check.status === 'valid') {
    const made = redeemInTx(tx, db, clock, caller, code, [{ initiativeId, amountCents: resolved.check.valueCents }], {
      intake: { id: intakeId, itemNo },
      resolved,
    });
    running.items = itemNo;
    running.accepted += 1;
    running.cents += made.valueCents;
    // The smallest id of its donations bounds where they are found (ids are time-ordered; a clock set back is allowed).
    if (bounds.first === null || made.id < bounds.first) {
      hotWrites(db).firstRedemption.run({ id: intakeId, redemptionId: made.id });
      bounds.first = made.id;
    }
    return { itemNo, masked: made.masked, outcome: 'accepted', accepted: true };
  }
  // A refused paper must be found in the stack: what was typed (masked), with its number in the scan order.
  const masked = resolved.code ? maskVoucherCode(resolved.code) : maskTypedCode(code);
  const earlier = resolved.check.status === 'used-here' ? hot(db).redemptionIntake.get({ id: resolved.check.redemptionId }) : undefined;
  const outcome = outcomeOf(resolved.check, intakeId, earlier?.intakeId ?? null);
  running.items = itemNo;
  const writes = hotWrites(db);
  writes.countRefused.run({ id: initiativeId, intakeId });
  writes.insertItem.run({
    intakeId,
    itemNo,
    maskedCode: masked,
    outcome,
    scannedAt: now.toISOString(),
    accepted: running.accepted,
    rejected: running.items - running.accepted,
    cents: running.cents,
  });
  return { itemNo, masked, outcome, accepted: false };
}

/**
 * Finishes the caller's open intake: its record goes from its initiative's slot to its own row, with the largest id of
 * its donations (the other end of their key range), and the slot is free for the next stack. With `ofColleague`, a
 * colleague's open intake, when its clerk is not there to finish it (the CONFLICT of `startIntake` says whose it is):
 * its donations are committed already, so finishing it closes the stack and prints its summary; the event names who
 * finished it, the intake keeps who took it in.
 */
export function finishIntake(db: Db, clock: Clock, caller: Actor, intakeId: string, options: { ofColleague?: boolean } = {}): Intake {
  const now = clock();
  writeTransaction(db, (tx) => {
    const row = openIntake(db, intakeId, caller, options.ofColleague);
    const s = summaryOf(row, row);
    const first = row.intake.firstRedemptionId;
    const last = first
      ? (tx
          .select({ id: sql<string | null>`max(${redemptions.id})` })
          .from(redemptions)
          .where(and(gte(redemptions.id, first), eq(redemptions.intakeId, intakeId)))
          .get()?.id ?? null)
      : null;
    tx.update(bulkIntakes)
      .set({
        finishedAt: now.toISOString(),
        itemCount: row.items,
        acceptedCount: row.accepted,
        totalCents: row.cents,
        lastRedemptionId: last,
      })
      .where(eq(bulkIntakes.id, intakeId))
      .run();
    if (row.slot === intakeId) {
      tx.update(initiatives)
        .set({ intakeId: null, intakeItems: 0, intakeAccepted: 0, intakeCents: 0 })
        .where(eq(initiatives.id, row.intake.initiativeId))
        .run();
    }
    appendEvent(tx, {
      type: 'intake.finished',
      staffId: caller.staffId,
      deviceTime: now.toISOString(),
      payload: {
        intakeId,
        initiativeId: s.initiative.id,
        accepted: s.acceptedCount,
        rejected: s.rejectedCount,
        totalCents: s.totalCents,
        startedAt: s.startedAt,
      },
    });
  });
  return getIntake(db, intakeId);
}
