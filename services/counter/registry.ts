/**
 * The device's registry of valid vouchers: loading a registry file, and finding a code in it.
 * Codes are only ever held as salted hashes (one salt per round).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { registryFileSchema, type RegistryFile } from '../../core/registry-file.js';
import type { CanonicalCode } from '../../core/voucher-code.js';
import { AppError } from '../../core/api/errors.js';
import { redemptions, rounds, voucherRegistry, vouchersUsedElsewhere } from '../../db/schema.js';
import { definePrepared } from '../../db/prepared.js';
import type { Db, Tx } from '../../db/open-store.js';
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

/** The rounds a code may belong to, each with its salt (the counter hashes a code once per round). */
export function roundSalts(db: Db): { id: string; salt: string }[] {
  return preparedFor(db).rounds.all();
}

/**
 * The hot lookups of the counter as prepared statements, built once per store: drizzle otherwise
 * builds and prepares the SQL on every call, which was half the time of a bulk-intake scan.
 */
const preparedFor = definePrepared((db: Db) => ({
  rounds: db.select({ id: rounds.id, salt: rounds.registrySalt }).from(rounds).prepare(),
  registry: db
    .select({ districtCode: voucherRegistry.districtCode, buurtCode: voucherRegistry.buurtCode })
    .from(voucherRegistry)
    .where(and(eq(voucherRegistry.roundId, sql.placeholder('roundId')), eq(voucherRegistry.codeHash, sql.placeholder('codeHash'))))
    .prepare(),
}));

/** Find a code in the registries of all rounds on the device (one hash per round's salt). */
export function findInRegistry(db: Db, code: CanonicalCode): RegistryHit | null {
  const statements = preparedFor(db);
  for (const round of roundSalts(db)) {
    const codeHash = registryHash(round.salt, code);
    const hit = statements.registry.get({ roundId: round.id, codeHash });
    if (hit) return { roundId: round.id, codeHash, districtCode: hit.districtCode, buurtCode: hit.buurtCode };
  }
  return null;
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
