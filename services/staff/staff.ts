/**
 * Staff accounts: created and managed by a beheerder, logged in with a PIN. Five wrong PINs in a row
 * lock the account for LOCKOUT_MINUTES; a beheerder's PIN reset lifts the lock.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../core/api/errors.js';
import type { StaffSummary } from '../../core/api/contract-staff.js';
import type { Role } from '../../core/roles.js';
import { staff, type StaffRow } from '../../db/schema.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { hashPin, verifyPin } from './pin-hash.js';

export const MAX_PIN_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

export function toSummary(row: StaffRow, now: Date): StaffSummary {
  const locked = row.lockedUntil !== null && new Date(row.lockedUntil) > now;
  return { id: row.id, name: row.name, role: row.role, disabled: row.disabled, lockedUntil: locked ? row.lockedUntil : null };
}

export function listStaff(db: Db, clock: Clock): StaffSummary[] {
  const now = clock();
  return db
    .select()
    .from(staff)
    .orderBy(asc(staff.name))
    .all()
    .map((row) => toSummary(row, now));
}

/** Names on the login screen: active accounts only. */
export function loginOptions(db: Db): { id: string; name: string }[] {
  return db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.disabled, false)).orderBy(asc(staff.name)).all();
}

function findStaff(db: Db, id: string): StaffRow {
  const row = db.select().from(staff).where(eq(staff.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', 'Deze medewerker bestaat niet.');
  return row;
}

function nameTaken(db: Db, name: string): boolean {
  return (
    db
      .select({ id: staff.id })
      .from(staff)
      .where(sql`lower(${staff.name}) = lower(${name})`)
      .get() !== undefined
  );
}

/** Hashing is slow and async, so rows are prepared first and written in one synchronous transaction. */
export async function prepareStaffRow(clock: Clock, input: { name: string; role: Role; pin: string }): Promise<StaffRow> {
  const pinHash = await hashPin(input.pin);
  const now = clock().toISOString();
  return {
    id: randomUUID(),
    name: input.name,
    role: input.role,
    pinHash,
    disabled: false,
    failedAttempts: 0,
    lockedUntil: null,
    approvalFailedAttempts: 0,
    approvalLockedUntil: null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function createStaff(db: Db, clock: Clock, input: { name: string; role: Role; pin: string }): Promise<StaffSummary> {
  if (nameTaken(db, input.name)) throw new AppError('CONFLICT', 'Er is al een medewerker met deze naam.');
  const row = await prepareStaffRow(clock, input);
  try {
    db.insert(staff).values(row).run();
  } catch (error) {
    // Two creations with the same name raced past the check above: the unique index decides.
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new AppError('CONFLICT', 'Er is al een medewerker met deze naam.');
    }
    throw error;
  }
  return toSummary(row, clock());
}

export function setStaffDisabled(db: Db, clock: Clock, input: { staffId: string; disabled: boolean; actorId: string }): StaffSummary {
  const row = findStaff(db, input.staffId);
  if (input.disabled && row.id === input.actorId) {
    throw new AppError('CONFLICT', 'U kunt uw eigen account niet uitschakelen.');
  }
  if (input.disabled && row.role === 'beheerder' && countActiveAdmins(db) <= 1) {
    throw new AppError('CONFLICT', 'Dit is de laatste beheerder. Maak eerst een andere beheerder aan.');
  }
  db.update(staff).set({ disabled: input.disabled, updatedAt: clock().toISOString() }).where(eq(staff.id, row.id)).run();
  return toSummary(findStaff(db, row.id), clock());
}

/**
 * Give someone another role (a clerk who becomes wijkondersteuner, a wijkregisseur who leaves the role).
 * Takes effect on that person's next action: sessions read the role on every call. Nobody changes their own
 * role, and the last active beheerder stays one, so the device can always be administered.
 */
export function setStaffRole(db: Db, clock: Clock, input: { staffId: string; role: Role; actorId: string }): StaffSummary {
  const row = findStaff(db, input.staffId);
  if (row.role === input.role) return toSummary(row, clock());
  if (row.id === input.actorId) throw new AppError('CONFLICT', 'U kunt uw eigen rol niet veranderen. Vraag een andere beheerder.');
  if (row.role === 'beheerder' && !row.disabled && countActiveAdmins(db) <= 1) {
    throw new AppError('CONFLICT', 'Dit is de laatste beheerder. Maak eerst een andere beheerder aan.');
  }
  db.update(staff).set({ role: input.role, updatedAt: clock().toISOString() }).where(eq(staff.id, row.id)).run();
  return toSummary(findStaff(db, row.id), clock());
}

function countActiveAdmins(db: Db): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(staff)
    .where(sql`${staff.role} = 'beheerder' AND ${staff.disabled} = 0`)
    .get();
  return row?.n ?? 0;
}

export async function resetStaffPin(db: Db, clock: Clock, input: { staffId: string; pin: string }): Promise<StaffSummary> {
  findStaff(db, input.staffId);
  const pinHash = await hashPin(input.pin);
  db.update(staff)
    .set({
      pinHash,
      failedAttempts: 0,
      lockedUntil: null,
      approvalFailedAttempts: 0,
      approvalLockedUntil: null,
      updatedAt: clock().toISOString(),
    })
    .where(eq(staff.id, input.staffId))
    .run();
  return toSummary(findStaff(db, input.staffId), clock());
}

/** Which attempt counter a PIN check keeps: the person's own login, or approving on someone else's screen. */
export type PinPurpose = 'login' | 'approval';

const counters = {
  login: { attempts: 'failedAttempts', until: 'lockedUntil' },
  approval: { attempts: 'approvalFailedAttempts', until: 'approvalLockedUntil' },
} as const;

/**
 * Check a PIN and keep score. Throws WRONG_PIN (with attempts left), ACCOUNT_LOCKED (with until),
 * or ACCOUNT_DISABLED. A correct PIN resets the count. Login and approval keep separate scores, so
 * wrong guesses at an approval on the counter's keyboard never lock the approver out of her own login.
 */
export async function verifyStaffPin(db: Db, clock: Clock, staffId: string, pin: string, purpose: PinPurpose = 'login'): Promise<StaffRow> {
  const { attempts: attemptsField, until: untilField } = counters[purpose];
  const lockedMessage =
    purpose === 'login' ? 'Te vaak een verkeerde pincode.' : 'Te vaak een verkeerde pincode bij goedkeuren. Goedkeuren kan later weer.';
  const row = db.select().from(staff).where(eq(staff.id, staffId)).get();
  if (!row) throw new AppError('WRONG_PIN', 'De pincode klopt niet.');
  if (row.disabled) throw new AppError('ACCOUNT_DISABLED', 'Dit account is uitgeschakeld. Vraag de beheerder.');
  const now = clock();
  const until = row[untilField];
  if (until && new Date(until) > now) throw new AppError('ACCOUNT_LOCKED', lockedMessage, { lockedUntil: until, purpose });
  const ok = await verifyPin(pin, row.pinHash);
  // Re-read after the await: another attempt may have landed meanwhile.
  const fresh = findStaff(db, staffId);
  const freshUntil = fresh[untilField];
  const attemptsBefore = freshUntil && new Date(freshUntil) <= now ? 0 : fresh[attemptsField];
  if (ok) {
    db.update(staff)
      .set({ [attemptsField]: 0, [untilField]: null })
      .where(eq(staff.id, staffId))
      .run();
    return { ...fresh, [attemptsField]: 0, [untilField]: null };
  }
  const attempts = attemptsBefore + 1;
  if (attempts >= MAX_PIN_ATTEMPTS) {
    const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
    db.update(staff)
      .set({ [attemptsField]: attempts, [untilField]: lockedUntil })
      .where(eq(staff.id, staffId))
      .run();
    throw new AppError('ACCOUNT_LOCKED', lockedMessage, { lockedUntil, purpose });
  }
  db.update(staff)
    .set({ [attemptsField]: attempts, [untilField]: null })
    .where(eq(staff.id, staffId))
    .run();
  throw new AppError('WRONG_PIN', 'De pincode klopt niet.', { attemptsLeft: MAX_PIN_ATTEMPTS - attempts });
}

export async function changeOwnPin(db: Db, clock: Clock, input: { staffId: string; currentPin: string; newPin: string }): Promise<void> {
  await verifyStaffPin(db, clock, input.staffId, input.currentPin);
  const pinHash = await hashPin(input.newPin);
  db.update(staff).set({ pinHash, updatedAt: clock().toISOString() }).where(eq(staff.id, input.staffId)).run();
}

export function getStaff(db: Db, id: string): StaffRow | undefined {
  return db.select().from(staff).where(eq(staff.id, id)).get();
}
