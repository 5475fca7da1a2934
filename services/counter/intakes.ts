/**
 * Bulk intake: an initiator brings a stack of collected vouchers for one initiative. Every accepted
 * code is a committed donation at the moment it is scanned, so a crash or a closed laptop loses
 * nothing; the intake stays open and can be resumed, and ends with one summary.
 */
import type { Actor } from '../platform/index.js';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Intake, VoucherCheck } from '../../core/api/contract-counter.js';
import { AppError } from '../../core/api/errors.js';
import { maskTypedCode, maskVoucherCode } from '../../core/voucher-code.js';
import { bulkIntakeItems, bulkIntakes, initiatives, redemptions } from '../../db/schema.js';
import { definePrepared } from '../../db/prepared.js';
import { writeTransaction, type Db, type ReadableDb } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { currentBusinessDay } from './business-day.js';
import { appendEvent } from '../platform/index.js';
import { redeemInTx, resolveVoucher } from './vouchers.js';
import type { Tx } from '../../db/open-store.js';

type Summary = Omit<Intake, 'items'>;

/** An intake's last item: its running totals are the intake's (db/schema.ts). */
const lastItemOf = alias(bulkIntakeItems, 'last_item');

/** How many vouchers an intake counted so far, as SQL for a query over `bulk_intakes` (the day report's). */
export const intakeAcceptedSoFar = sql<number>`(SELECT ${bulkIntakeItems.acceptedSoFar} FROM ${bulkIntakeItems}
  WHERE ${bulkIntakeItems.intakeId} = ${bulkIntakes.id} ORDER BY ${bulkIntakeItems.itemNo} DESC LIMIT 1)`;

/**
 * What every scan runs, compiled once per store (db/prepared.ts): a stack of 60 at scanner speed. One statement reads
 * the intake, its initiative and its last item — whose running totals are the intake's (db/schema.ts) — so a scan
 * reads once before it writes, and its answer is built from the totals it moved on.
 */
const hot = definePrepared((db: ReadableDb) => ({
  withLastItem: db
    .select({
      intake: bulkIntakes,
      number: initiatives.number,
      title: initiatives.title,
      itemNo: sql<number>`coalesce(${lastItemOf.itemNo}, 0)`,
      accepted: sql<number>`coalesce(${lastItemOf.acceptedSoFar}, 0)`,
      rejected: sql<number>`coalesce(${lastItemOf.rejectedSoFar}, 0)`,
      cents: sql<number>`coalesce(${lastItemOf.centsSoFar}, 0)`,
    })
    .from(bulkIntakes)
    .innerJoin(initiatives, eq(initiatives.id, bulkIntakes.initiativeId))
    .leftJoin(
      lastItemOf,
      and(
        eq(lastItemOf.intakeId, bulkIntakes.id),
        eq(
          lastItemOf.itemNo,
          sql`(SELECT max(${bulkIntakeItems.itemNo}) FROM ${bulkIntakeItems} WHERE ${bulkIntakeItems.intakeId} = ${bulkIntakes.id})`,
        ),
      ),
    )
    .where(eq(bulkIntakes.id, sql.placeholder('id')))
    .prepare(),
  redemptionIntake: db
    .select({ intakeId: redemptions.intakeId })
    .from(redemptions)
    .where(eq(redemptions.id, sql.placeholder('id')))
    .prepare(),
}));
/** The writes of the same path: one row per scanned code, which carries the intake's running totals. */
const hotWrites = definePrepared((db: Db) => ({
  insertItem: db
    .insert(bulkIntakeItems)
    .values({
      intakeId: sql.placeholder('intakeId'),
      itemNo: sql.placeholder('itemNo'),
      maskedCode: sql.placeholder('maskedCode'),
      outcome: sql.placeholder('outcome'),
      redemptionId: sql.placeholder('redemptionId'),
      scannedAt: sql.placeholder('scannedAt'),
      acceptedSoFar: sql.placeholder('accepted'),
      rejectedSoFar: sql.placeholder('rejected'),
      centsSoFar: sql.placeholder('cents'),
    })
    .prepare(),
}));

/** An intake's running totals: what its last item carries. */
interface Running {
  accepted: number;
  rejected: number;
  cents: number;
}

type IntakeRow = NonNullable<ReturnType<ReturnType<typeof hot>['withLastItem']['get']>>;

/** An intake as the screens show it, from its row and its running totals (the last item's, or moved on by a scan). */
function summaryOf(row: IntakeRow, running: Running): Summary {
  return {
    id: row.intake.id,
    initiative: { id: row.intake.initiativeId, number: row.number, title: row.title },
    startedAt: row.intake.startedAt,
    finishedAt: row.intake.finishedAt,
    acceptedCount: running.accepted,
    rejectedCount: running.rejected,
    totalCents: running.cents,
  };
}

function intakeRow(db: ReadableDb, intakeId: string): IntakeRow {
  const row = hot(db).withLastItem.get({ id: intakeId });
  if (!row) throw new AppError('NOT_FOUND', 'Deze inname bestaat niet.');
  return row;
}

function summary(db: ReadableDb, intakeId: string): Summary {
  const row = intakeRow(db, intakeId);
  return summaryOf(row, row);
}

/** An intake with all its items; with a caller, only that staff member's own. */
export function getIntake(db: Db, intakeId: string, caller?: Actor): Intake {
  if (caller) {
    const owner = db.select({ staffId: bulkIntakes.staffId }).from(bulkIntakes).where(eq(bulkIntakes.id, intakeId)).get();
    if (owner?.staffId !== caller.staffId) throw new AppError('NOT_FOUND', 'Deze inname bestaat niet.');
  }
  const items = db
    .select()
    .from(bulkIntakeItems)
    .where(eq(bulkIntakeItems.intakeId, intakeId))
    .orderBy(asc(bulkIntakeItems.itemNo))
    .all()
    .map((i) => ({ itemNo: i.itemNo, masked: i.maskedCode, outcome: i.outcome, accepted: i.outcome === 'accepted' }));
  return { ...summary(db, intakeId), items };
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

export function startIntake(db: Db, clock: Clock, caller: Actor, initiativeId: string): Intake {
  const initiative = db.select().from(initiatives).where(eq(initiatives.id, initiativeId)).get();
  if (!initiative) throw new AppError('NOT_FOUND', 'Dit initiatief bestaat niet.');
  if (initiative.status !== 'spaarfase') throw new AppError('INITIATIVE_NOT_COLLECTING', 'Dit initiatief spaart nu niet.');
  const now = clock();
  const id = randomUUID();
  db.transaction((tx) => {
    tx.insert(bulkIntakes)
      .values({
        id,
        initiativeId,
        staffId: caller.staffId,
        startedAt: now.toISOString(),
        finishedAt: null,
        businessDay: currentBusinessDay(tx, now),
      })
      .run();
  });
  return getIntake(db, id);
}

/** The caller's own intake, still open, with its last item's totals. */
function openIntake(db: ReadableDb, intakeId: string, caller: Actor): IntakeRow {
  const row = intakeRow(db, intakeId);
  if (row.intake.staffId !== caller.staffId) throw new AppError('NOT_FOUND', 'Deze inname bestaat niet.');
  if (row.intake.finishedAt) throw new AppError('CONFLICT', 'Deze inname is al afgesloten.');
  return row;
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
    const row = openIntake(db, intakeId, caller);
    let { itemNo } = row;
    const running: Running = { accepted: row.accepted, rejected: row.rejected, cents: row.cents };
    const items = codes.map((code) => {
      itemNo += 1;
      return scanOne(tx, db, clock, caller, { initiativeId: row.intake.initiativeId, intakeId, itemNo, running }, code, now);
    });
    return { items, intake: summaryOf(row, running) };
  });
}

/** One code of a scan: its donation if valid, and its item with the intake's running totals (moved on in `at.running`). */
function scanOne(
  tx: Tx,
  db: Db,
  clock: Clock,
  caller: Actor,
  at: { initiativeId: string; intakeId: string; itemNo: number; running: Running },
  code: string,
  now: Date,
) {
  const { initiativeId, intakeId, itemNo, running } = at;
  const resolved = resolveVoucher(db, clock, caller, code);
  // A refused paper must be found in the stack: what was typed (masked), with its number in the scan order.
  const masked = resolved.code ? maskVoucherCode(resolved.code) : maskTypedCode(code);
  let outcome: string;
  let redemptionId: string | null = null;
  if (resolved.check.status === 'valid') {
    redemptionId = redeemInTx(tx, db, clock, caller, code, [{ initiativeId, amountCents: resolved.check.valueCents }], {
      intakeId,
      resolved,
    }).id;
    outcome = 'accepted';
    running.accepted += 1;
    running.cents += resolved.check.valueCents;
  } else {
    const earlier = resolved.check.status === 'used-here' ? hot(db).redemptionIntake.get({ id: resolved.check.redemptionId }) : undefined;
    outcome = outcomeOf(resolved.check, intakeId, earlier?.intakeId ?? null);
    running.rejected += 1;
  }
  hotWrites(db).insertItem.run({ intakeId, itemNo, maskedCode: masked, outcome, redemptionId, scannedAt: now.toISOString(), ...running });
  return { itemNo, masked, outcome, accepted: outcome === 'accepted' };
}

export function finishIntake(db: Db, clock: Clock, caller: Actor, intakeId: string): Intake {
  const now = clock();
  db.transaction(
    (tx) => {
      const row = openIntake(db, intakeId, caller);
      const s = summaryOf(row, row);
      tx.update(bulkIntakes).set({ finishedAt: now.toISOString() }).where(eq(bulkIntakes.id, intakeId)).run();
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
    },
    { behavior: 'immediate' },
  );
  return getIntake(db, intakeId);
}
