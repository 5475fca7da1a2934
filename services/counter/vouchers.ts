/**
 * Checking and redeeming vouchers at the counter. A redemption, its parts, the initiatives' totals
 * and its outbox event are one SQLite transaction: committed together (durably, synchronous=FULL)
 * or not at all. The partial unique index on live redemptions makes a double use impossible.
 */
import type { Actor } from '../platform/index.js';
import { v7 as uuidv7 } from 'uuid';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Redemption, VoucherCheck } from '../../core/api/contract-counter.js';
import { AppError } from '../../core/api/errors.js';
import { checkSplit, type SplitPart } from '../../core/split.js';
import {
  maskVoucherCode,
  parseVoucherCode,
  singleSymbolCorrections,
  formatVoucherCode,
  type CanonicalCode,
} from '../../core/voucher-code.js';
import {
  devices,
  donationParts,
  initiatives,
  redemptions,
  rounds,
  staff,
  voucherRegistry,
  vouchersUsedElsewhere,
} from '../../db/schema.js';
import { definePrepared } from '../../db/prepared.js';
import { writeTransaction, type Db, type Tx, type ReadableDb } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { currentBusinessDay, markDonationDay } from './business-day.js';
import { appendEvent } from '../platform/index.js';
import { followTarget } from '../initiatives/index.js';
import { findInRegistry, registryHash, registryHitOf, roundOrder, withRegistryHash } from './registry.js';
import { getSettings } from '../platform/index.js';
import { getDevice } from '../platform/index.js';

export interface Resolved {
  check: VoucherCheck;
  code: CanonicalCode | null;
  codeHash: string | null;
  /** The voucher's buurt from the registry, where the registry knows it. */
  buurtCode?: string | null;
}

/** The statements every scan and donation runs, compiled once per store (db/prepared.ts). */
const hot = definePrepared((handle: ReadableDb) => {
  const db = withRegistryHash(handle);
  return {
    /**
     * Everything a scan needs to know of a code, in one statement (each statement is a few microseconds, and outside
     * a transaction a read transaction of its own): the round whose registry holds it (every round tried with its own
     * salt, registry.ts), the registry entry, whether it is used here (the live redemption) and whether the ledger
     * said it was used elsewhere.
     */
    voucherIn: db
      .select({
        round: rounds,
        codeHash: voucherRegistry.codeHash,
        districtCode: voucherRegistry.districtCode,
        buurtCode: voucherRegistry.buurtCode,
        usedHereId: sql<
          string | null
        >`(SELECT ${redemptions.id} FROM ${redemptions} WHERE ${redemptions.roundId} = ${voucherRegistry.roundId}
        AND ${redemptions.codeHash} = ${voucherRegistry.codeHash} AND ${redemptions.reversedAt} IS NULL)`,
        elsewhere: { usedAt: vouchersUsedElsewhere.usedAt, channel: vouchersUsedElsewhere.channel, asOf: vouchersUsedElsewhere.asOf },
      })
      .from(rounds)
      .crossJoin(voucherRegistry)
      .leftJoin(
        vouchersUsedElsewhere,
        and(eq(vouchersUsedElsewhere.roundId, voucherRegistry.roundId), eq(vouchersUsedElsewhere.codeHash, voucherRegistry.codeHash)),
      )
      .where(registryHitOf(sql.placeholder('code')))
      .orderBy(roundOrder)
      .prepare(),
    /** The open round whose activation window holds the moment `at` (for unknown codes taken while stale). */
    roundOpenAt: db
      .select()
      .from(rounds)
      .where(
        and(
          eq(rounds.status, 'open'),
          sql`${rounds.activeFrom} <= ${sql.placeholder('at')}`,
          sql`${rounds.activeUntil} >= ${sql.placeholder('at')}`,
        ),
      )
      .orderBy(desc(rounds.activeFrom))
      .prepare(),
    liveUseById: db
      .select()
      .from(redemptions)
      .where(eq(redemptions.id, sql.placeholder('id')))
      .prepare(),
    liveUse: db
      .select()
      .from(redemptions)
      .where(
        and(
          eq(redemptions.roundId, sql.placeholder('roundId')),
          eq(redemptions.codeHash, sql.placeholder('codeHash')),
          isNull(redemptions.reversedAt),
        ),
      )
      .prepare(),
    partsOf: db
      .select({ number: initiatives.number, title: initiatives.title, amountCents: donationParts.amountCents })
      .from(donationParts)
      .innerJoin(initiatives, eq(initiatives.id, donationParts.initiativeId))
      .where(eq(donationParts.redemptionId, sql.placeholder('id')))
      .orderBy(donationParts.partNo)
      .prepare(),
  };
});
/** The writes of the same path. */
const hotWrites = definePrepared((db: Db) => ({
  insertRedemption: db
    .insert(redemptions)
    .values({
      id: sql.placeholder('id'),
      roundId: sql.placeholder('roundId'),
      codeHash: sql.placeholder('codeHash'),
      maskedCode: sql.placeholder('maskedCode'),
      districtCode: sql.placeholder('districtCode'),
      valueCents: sql.placeholder('valueCents'),
      staffId: sql.placeholder('staffId'),
      createdAt: sql.placeholder('createdAt'),
      businessDay: sql.placeholder('businessDay'),
      intakeId: sql.placeholder('intakeId'),
      intakeItemNo: sql.placeholder('intakeItemNo'),
      needsConfirmation: sql.placeholder('needsConfirmation'),
      outboxSeq: sql.placeholder('outboxSeq'),
      parts: sql.placeholder('parts'),
    })
    .prepare(),
  /** Adds a part to a collecting initiative and answers what the receipt and the target need; no row: not collecting. */
  addCollected: addCollected(db).prepare(),
  /**
   * The same for an intake's scan, which also moves the intake's record on: the scan's transaction made sure the
   * initiative's slot holds that intake (intakes.ts), so the record is on the row this update writes anyway.
   */
  addCollectedInIntake: addCollected(db, {
    intakeItems: sql`${initiatives.intakeItems} + 1`,
    intakeAccepted: sql`${initiatives.intakeAccepted} + 1`,
    intakeCents: sql`${initiatives.intakeCents} + ${sql.placeholder('cents')}`,
  }).prepare(),
  /** Who took it and where, for the donation as the screen and receipt show it. */
  takenBy: db
    .select({
      staffName: sql<string | null>`(SELECT ${staff.name} FROM ${staff} WHERE ${staff.id} = ${sql.placeholder('staffId')})`,
      servicePoint: sql<string | null>`(SELECT ${devices.servicePoint} FROM ${devices} LIMIT 1)`,
    })
    .from(sql`(SELECT 1)`)
    .prepare(),
}));

/** A part's update of its initiative's total (one statement, which answers what the receipt and the target need). */
function addCollected(db: Db, more: Partial<Record<'intakeItems' | 'intakeAccepted' | 'intakeCents', SQL>> = {}) {
  return db
    .update(initiatives)
    .set({
      collectedCents: sql`${initiatives.collectedCents} + ${sql.placeholder('cents')}`,
      donationsHere: sql`${initiatives.donationsHere} + 1`,
      updatedAt: sql`${sql.placeholder('at')}`,
      ...more,
    })
    .where(and(eq(initiatives.id, sql.placeholder('id')), eq(initiatives.status, 'spaarfase')))
    .returning({
      number: initiatives.number,
      title: initiatives.title,
      status: initiatives.status,
      collected: initiatives.collectedCents,
      target: initiatives.targetCents,
    });
}

function isStale(asOf: string | null, now: Date, staleHours: number): boolean {
  return asOf === null || now.getTime() - new Date(asOf).getTime() > staleHours * 3_600_000;
}

/** The open round whose activation window holds `now` (for unknown codes taken while stale). */
function roundOpenAt(db: ReadableDb, now: Date) {
  return hot(db).roundOpenAt.get({ at: now.toISOString() });
}

export function usedHereDetails(db: ReadableDb, roundId: string, codeHash: string) {
  const statements = hot(db);
  const row = statements.liveUse.get({ roundId, codeHash });
  if (!row) return null;
  return { row, parts: statements.partsOf.all({ id: row.id }) };
}

/** A code in the registry of one of the device's rounds, with its round and uses (one statement for all rounds). */
function lookUpVoucher(db: Db, code: CanonicalCode) {
  return hot(db).voucherIn.get({ code }) ?? null;
}

/** Everything the counter needs to know about a code, without changing anything. */
export function resolveVoucher(db: Db, clock: Clock, caller: Actor, input: string): Resolved {
  const now = clock();
  const parsed = parseVoucherCode(input);
  if (!parsed.ok) {
    const base = { status: 'invalid' as const, reason: parsed.reason };
    const check: VoucherCheck =
      parsed.reason === 'invalid-character'
        ? { ...base, character: parsed.character }
        : parsed.reason === 'check-failed'
          ? withSuggestion(db, input, base)
          : base;
    return { check, code: null, codeHash: null };
  }
  const code = parsed.code;
  const masked = maskVoucherCode(code);
  const hit = lookUpVoucher(db, code);
  if (!hit) {
    const settings = getSettings(db);
    const open = roundOpenAt(db, now);
    const stale = isStale(open?.registryAsOf ?? null, now, settings.registryStaleHours);
    const mayTake = stale && settings.acceptUnknownWhenStale && (settings.acceptUnknownRoles as string[]).includes(caller.role);
    if (open && mayTake) {
      // Unknown here, but the registry is old: taken on the ledger's word later. Hash with the open round's salt.
      const codeHash = registryHash(open.registrySalt, code);
      const used = usedHereDetails(db, open.id, codeHash);
      if (used) return { check: usedHereCheck(db, masked, used), code, codeHash };
      return {
        check: {
          status: 'valid',
          display: parsed.display,
          masked,
          roundId: open.id,
          valueCents: open.valueCents,
          districtCode: null,
          needsConfirmation: true,
          registryAsOf: open.registryAsOf,
        },
        code,
        codeHash,
      };
    }
    return { check: { status: 'unknown', masked, registryAsOf: open?.registryAsOf ?? null, registryStale: stale }, code, codeHash: null };
  }
  const { round, elsewhere } = hit;
  if (hit.usedHereId !== null) {
    const row = hot(db).liveUseById.get({ id: hit.usedHereId });
    if (row) return { check: usedHereCheck(db, masked, { row, parts: hot(db).partsOf.all({ id: row.id }) }), code, codeHash: hit.codeHash };
  }
  if (elsewhere?.usedAt) {
    return {
      check: { status: 'used-elsewhere', masked, usedAt: elsewhere.usedAt, channel: elsewhere.channel, asOf: elsewhere.asOf },
      code,
      codeHash: hit.codeHash,
    };
  }
  const iso = now.toISOString();
  if (round.status === 'closed' || iso > round.activeUntil) {
    return { check: { status: 'round-closed', masked, roundId: round.id, activeUntil: round.activeUntil }, code, codeHash: hit.codeHash };
  }
  if (round.status === 'planned' || iso < round.activeFrom) {
    return { check: { status: 'round-not-open', masked, roundId: round.id, activeFrom: round.activeFrom }, code, codeHash: hit.codeHash };
  }
  return {
    check: {
      status: 'valid',
      display: parsed.display,
      masked,
      roundId: round.id,
      valueCents: round.valueCents,
      districtCode: hit.districtCode,
      needsConfirmation: false,
      registryAsOf: round.registryAsOf,
    },
    code,
    codeHash: hit.codeHash,
    buurtCode: hit.buurtCode,
  };
}

function usedHereCheck(db: Db, masked: string, used: NonNullable<ReturnType<typeof usedHereDetails>>): VoucherCheck {
  return {
    status: 'used-here',
    masked,
    redemptionId: used.row.id,
    usedAt: used.row.createdAt,
    servicePoint: getDevice(db)?.servicePoint ?? '',
    initiatives: used.parts,
  };
}

/** A check-failed code for which exactly one one-symbol correction is a known voucher. */
function withSuggestion(db: Db, input: string, base: Extract<VoucherCheck, { status: 'invalid' }>): VoucherCheck {
  const known = singleSymbolCorrections(input).filter((candidate) => findInRegistry(db, candidate) !== null);
  return known.length === 1 && known[0] ? { ...base, suggestion: formatVoucherCode(known[0]) } : base;
}

export function checkVoucher(db: Db, clock: Clock, caller: Actor, input: string): VoucherCheck {
  return resolveVoucher(db, clock, caller, input).check;
}

export interface RedeemOptions {
  /** The intake it is scanned into, and its number there; the intake holds its initiative's slot (intakes.ts). */
  intake?: { id: string; itemNo: number };
  resolved?: Resolved;
}

/**
 * Redeem inside the caller's transaction (bulk intake moves its record on in the same one). Throws VOUCHER_REFUSED with
 * the check, SPLIT_INVALID or INITIATIVE_NOT_COLLECTING. The writes take as few statements as the rules allow
 * (docs/benchmarks.md): the code is resolved again inside the transaction, each part is added to its initiative
 * only while it collects (one statement that also answers its number, title and total), then the event, the row,
 * and the target's consequences. Answers the donation as stored, so nobody reads it back.
 */
export function redeemInTx(
  tx: Tx,
  db: Db,
  clock: Clock,
  caller: Actor,
  code: string,
  parts: readonly SplitPart[],
  options: RedeemOptions = {},
): Omit<Redemption, 'staffName' | 'servicePoint'> {
  // A caller that resolved the code inside this same transaction may hand it in (bulk intake).
  const resolved = options.resolved ?? resolveVoucher(db, clock, caller, code);
  const { check } = resolved;
  if (check.status !== 'valid' || !resolved.codeHash) {
    throw new AppError('VOUCHER_REFUSED', 'Deze waardebon kan niet worden gebruikt.', { check });
  }
  const problem = checkSplit(parts, check.valueCents);
  if (problem) throw new AppError('SPLIT_INVALID', 'De verdeling klopt niet.', { problem });
  const now = clock();
  const at = now.toISOString();
  const writes = hotWrites(db);
  // Before anything else is written; a part whose initiative stopped collecting throws and the transaction
  // takes the parts already added back with it.
  const { intake } = options;
  // An intake's paper is one voucher for its one initiative: its record counts one paper per donation.
  if (intake && parts.length !== 1) throw new AppError('INTERNAL', 'De donatie kon niet worden vastgelegd; er is niets opgeslagen.');
  const added = parts.map((part) => {
    const after = intake
      ? writes.addCollectedInIntake.get({ cents: part.amountCents, at, id: part.initiativeId })
      : writes.addCollected.get({ cents: part.amountCents, at, id: part.initiativeId });
    if (!after) throw new AppError('INITIATIVE_NOT_COLLECTING', 'Dit initiatief spaart nu niet.');
    return { part, after };
  });
  // Time-ordered, so a new donation lands on the table's last page instead of a random one (db/schema.ts).
  const id = uuidv7();
  const businessDay = currentBusinessDay(tx, now);
  const split = parts.map((p) => ({ initiativeId: p.initiativeId, amountCents: p.amountCents }));
  const intakeId = intake?.id ?? null;
  const event = appendEvent(tx, {
    type: 'donation.recorded',
    staffId: caller.staffId,
    deviceTime: at,
    payload: {
      redemptionId: id,
      roundId: check.roundId,
      codeHash: resolved.codeHash,
      districtCode: check.districtCode,
      buurtCode: resolved.buurtCode ?? null,
      valueCents: check.valueCents,
      parts: split,
      intakeId,
      needsConfirmation: check.needsConfirmation,
      businessDay,
    },
  });
  writes.insertRedemption.run({
    id,
    roundId: check.roundId,
    codeHash: resolved.codeHash,
    maskedCode: check.masked,
    districtCode: check.districtCode,
    valueCents: check.valueCents,
    staffId: caller.staffId,
    createdAt: at,
    businessDay,
    intakeId,
    intakeItemNo: intake?.itemNo ?? null,
    needsConfirmation: check.needsConfirmation ? 1 : 0,
    outboxSeq: event.seq,
    parts: split,
  });
  markDonationDay(tx, businessDay, id);
  // Reaching the target moves the initiative on, in this same transaction.
  for (const { part, after } of added) followTarget(tx, clock, part.initiativeId, after);
  return {
    id,
    createdAt: at,
    businessDay,
    masked: check.masked,
    roundId: check.roundId,
    valueCents: check.valueCents,
    needsConfirmation: check.needsConfirmation,
    intakeId,
    reversed: false,
    ledgerState: null,
    receiptNo: null,
    parts: added.map(({ part, after }) => ({
      initiativeId: part.initiativeId,
      number: after.number,
      title: after.title,
      amountCents: part.amountCents,
    })),
  };
}

/**
 * Redeem, and — in the same transaction — whatever must commit with the donation (its receipt number):
 * `withIt` gets the donation as stored and answers its receipt number. Either both are there after a crash,
 * or neither. The donation is answered from what was written, inside the transaction (never read back).
 */
export function redeemVoucher(
  db: Db,
  clock: Clock,
  caller: Actor,
  code: string,
  parts: readonly SplitPart[],
  withIt?: (redemption: Redemption) => { receiptNo: number },
): Redemption {
  return writeTransaction(db, (tx) => {
    const made = redeemInTx(tx, db, clock, caller, code, parts);
    const who = hotWrites(db).takenBy.get({ staffId: caller.staffId });
    if (!who?.staffName) throw new AppError('INTERNAL', 'De donatie kon niet worden vastgelegd; er is niets opgeslagen.');
    const stored: Redemption = { ...made, staffName: who.staffName, servicePoint: who.servicePoint ?? '' };
    return withIt ? { ...stored, receiptNo: withIt(stored).receiptNo } : stored;
  });
}
