/**
 * The device's registry of valid vouchers: loading a registry file, and finding a code in it.
 * Codes are only ever held as salted hashes (one salt per round).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { registryFileSchema, type RegistryFile } from '../../core/registry-file.js';
import type { CanonicalCode } from '../../core/voucher-code.js';
import { AppError } from '../../core/api/errors.js';
import { redemptions, rounds, voucherRegistry, vouchersUsedElsewhere } from '../../db/schema.js';
import { connectionOf, definePrepared } from '../../db/prepared.js';
import type { Db, ReadableDb, Tx } from '../../db/open-store.js';
import { registryHash } from '../../common/protocol-crypto.js';

export { registryHash };

/** SQLite allows 32,766 bound values per statement; stay well below. */
const CHUNK = 5000;

/** Replace one round's registry with the file's content, in the caller's transaction. */
export function writeRegistry(tx: Tx, file: RegistryFile): { roundId: string; vouchers: number; usedElsewhere: number } {
  const { round } = file;
  const existing = tx.select({ salt: rounds.registrySalt }).from(rounds).where(eq(rounds.id, round.id)).get();
  // Another salt means other hashes for every code: a voucher taken here in this round would no longer be found as
  // used, and could be taken twice. The ledger keeps one salt per round, so such a file is not this round's.
  if (existing && existing.salt !== file.salt) {
    const taken = tx
      .select({ id: redemptions.id })
      .from(redemptions)
      .where(and(eq(redemptions.roundId, round.id), isNull(redemptions.reversedAt)))
      .limit(1)
      .get();
    if (taken) {
      throw new AppError(
        'CONFLICT',
        `Dit registerbestand past niet bij ronde ${round.id} op deze balie: hier zijn al waardebonnen van die ronde ingewisseld met een ander register. Er is niets veranderd. Haal het registerbestand op bij het centrale grootboek van uw gemeente.`,
        { reason: 'registry-other-salt', roundId: round.id },
      );
    }
  }
  tx.insert(rounds)
    .values({ ...round, registrySalt: file.salt, registryAsOf: file.asOf })
    .onConflictDoUpdate({
      target: rounds.id,
      set: {
        valueCents: round.valueCents,
        activeFrom: round.activeFrom,
        activeUntil: round.activeUntil,
        status: round.status,
        registrySalt: file.salt,
        registryAsOf: file.asOf,
      },
    })
    .run();
  if (existing) {
    tx.delete(voucherRegistry).where(eq(voucherRegistry.roundId, round.id)).run();
    tx.delete(vouchersUsedElsewhere).where(eq(vouchersUsedElsewhere.roundId, round.id)).run();
  }
  for (let i = 0; i < file.vouchers.length; i += CHUNK) {
    const rows = file.vouchers
      .slice(i, i + CHUNK)
      .map((v) => ({ roundId: round.id, codeHash: v.h, districtCode: v.d, buurtCode: v.b ?? null }));
    tx.insert(voucherRegistry).values(rows).onConflictDoNothing().run();
  }
  for (let i = 0; i < file.usedElsewhere.length; i += CHUNK) {
    const rows = file.usedElsewhere
      .slice(i, i + CHUNK)
      .map((u) => ({ roundId: round.id, codeHash: u.h, usedAt: u.at, channel: u.channel, asOf: file.asOf }));
    tx.insert(vouchersUsedElsewhere).values(rows).onConflictDoNothing().run();
  }
  return { roundId: round.id, vouchers: file.vouchers.length, usedElsewhere: file.usedElsewhere.length };
}

export function importRegistryFile(db: Db, text: string): { roundId: string; vouchers: number; usedElsewhere: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'Dit bestand is geen registerbestand (geen geldige JSON).');
  }
  const parsed = registryFileSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('VALIDATION', 'Dit bestand is geen geldig registerbestand van Buurtbalie.', {
      issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), problem: i.code })),
    });
  return db.transaction((tx) => writeRegistry(tx, parsed.data));
}

export interface RegistryHit {
  roundId: string;
  codeHash: string;
  districtCode: string;
  buurtCode: string | null;
}

/**
 * `registry_hash(salt, code)` on the store's connection: the registry's hash as an SQL function, so that one
 * statement finds a code in the registries of all rounds (each round hashes it with its own salt). One statement
 * instead of one for the rounds and one per round: outside a transaction each statement is a read transaction of
 * its own, about 6 µs before any work (docs/benchmarks.md).
 */
export const withRegistryHash = definePrepared((db: ReadableDb) => {
  connectionOf(db).function('registry_hash', { deterministic: true }, (salt: unknown, code: unknown) =>
    typeof salt === 'string' && typeof code === 'string' ? registryHash(salt, code as CanonicalCode) : null,
  );
  return db;
});

/**
 * The registry entry of a code in whichever round's registry holds it: `CROSS JOIN` (which SQLite never reorders)
 * makes the rounds (a handful) the outer loop, each probing the registry's key with the code hashed by that round's
 * salt — the other order would hash every registry row. The first round in the rounds' own order wins, as when they
 * were tried one by one. Put `registryHitOf` in the WHERE, order by `roundOrder`, and no LIMIT: `get()` stops at
 * the first row, and a bound LIMIT measured 20 µs slower.
 */
export function registryHitOf(code: ReturnType<typeof sql.placeholder>) {
  return and(eq(voucherRegistry.roundId, rounds.id), eq(voucherRegistry.codeHash, sql`registry_hash(${rounds.registrySalt}, ${code})`));
}
export const roundOrder = sql`${rounds}.rowid`;

/**
 * The hot lookups of the counter as prepared statements, built once per store: drizzle otherwise
 * builds and prepares the SQL on every call, which was half the time of a bulk-intake scan.
 */
const preparedFor = definePrepared((handle: ReadableDb) => {
  const db = withRegistryHash(handle);
  return {
    registry: db
      .select({
        roundId: rounds.id,
        codeHash: voucherRegistry.codeHash,
        districtCode: voucherRegistry.districtCode,
        buurtCode: voucherRegistry.buurtCode,
      })
      .from(rounds)
      .crossJoin(voucherRegistry)
      .where(registryHitOf(sql.placeholder('code')))
      .orderBy(roundOrder)
      .prepare(),
  };
});

/** Find a code in the registries of all rounds on the device (one hash per round's salt), in one statement. */
export function findInRegistry(db: ReadableDb, code: CanonicalCode): RegistryHit | null {
  return preparedFor(db).registry.get({ code }) ?? null;
}

export function countRegistry(db: Db, roundId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(voucherRegistry)
      .where(eq(voucherRegistry.roundId, roundId))
      .get()?.n ?? 0
  );
}
