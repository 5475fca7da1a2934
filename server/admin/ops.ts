/**
 * What the administrator does at the ledger (the CLI in server/admin/cli.ts calls these): tenants,
 * enrolment codes, devices, rounds, addresses and voucher codes, the letters' print file, offline
 * batch files, contested donations. Every action is written to the audit log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { generateVoucherCode, formatVoucherCode, type CanonicalCode } from '../../core/voucher-code.js';
import {
  REGISTRY_CHUNK,
  batchFileSchema,
  canonicalJson,
  type PushResponse,
  type ReviewDecision,
  type SettlementDecision,
} from '../../core/sync/protocol.js';
import { initiativeStatuses, themes, type InitiativeStatus, type Theme } from '../../core/initiative-status.js';
import { registryHash } from '../../common/protocol-crypto.js';
import { parseDistrictsCsv } from '../../core/districts-csv.js';
import { verifyText } from '../../common/protocol-crypto.js';
import { addresses, devices, districts, donations, events, initiatives, rounds, tenants, vouchers } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { emitChanges, type NewChange } from '../ledger/changes.js';
import { createEnrolmentCode } from '../ledger/enrolment.js';
import { ProtocolFailure } from '../ledger/errors.js';
import { ingestBatch } from '../ledger/ingest.js';
import { decideByAdmin, settleByAdmin } from '../ledger/effects.js';
import { announceDevice, releaseDelivered } from '../ledger/lost-devices.js';
import { initiativeSnapshots } from '../ledger/snapshots.js';
import { recordAdminAudit } from '../ledger/audit.js';

export class AdminError extends Error {}

/** An administration action in the ledger's audit trail (chained per municipality; server/ledger/audit.ts). */
export async function audit(db: LedgerDb, tenantId: string | null, action: string, detail: Record<string, unknown>) {
  await recordAdminAudit(db, tenantId, action, detail);
}

/** A municipality's name and platform, as receipts, letters and screens show them. */
export async function tenantProfile(db: LedgerDb, tenantId: string) {
  const [t] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw new AdminError(`Unknown municipality (tenant) "${tenantId}". Create it with tenant:create.`);
  return { id: t.id, name: t.name, platformName: t.platformName, platformUrl: t.platformUrl, voucherValueCents: t.voucherValueCents };
}

export async function requireTenant(db: LedgerDb, tenantId: string): Promise<void> {
  const [t] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw new AdminError(`Unknown municipality (tenant) "${tenantId}". Create it with tenant:create.`);
}

/** A municipality with its districts (CSV: wijk_code,wijk_name,kind). Running it again changes nothing. */
/** What a municipality is called and how its platform is known: on receipts, letters and screens (not in code). */
export interface TenantProfile {
  platformName: string;
  platformUrl?: string | null;
  /** A voucher's value for new rounds unless said otherwise. */
  voucherValueCents?: number;
}

export async function createTenant(
  db: LedgerDb,
  id: string,
  name: string,
  districtsCsv: string,
  profile: TenantProfile = { platformName: name },
): Promise<{ created: boolean }> {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(id)) throw new AdminError('A tenant id is lower case letters, digits and hyphens, e.g. almelo.');
  if (!name.trim() || name.length > 120) throw new AdminError('A municipality has a name (at most 120 characters).');
  if (!profile.platformName.trim() || profile.platformName.length > 80)
    throw new AdminError('--platform: the platform’s name (at most 80 characters).');
  if (profile.platformUrl && !/^https:\/\/[^\s]+$/.test(profile.platformUrl)) throw new AdminError('--platform-url: an https:// address.');
  const value = profile.voucherValueCents ?? 750;
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new AdminError('--value: a voucher value in euros, e.g. 7,50.');
  const lines = parseDistrictsCsv(districtsCsv);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(tenants)
      .values({ id, name, platformName: profile.platformName.trim(), platformUrl: profile.platformUrl ?? null, voucherValueCents: value })
      .onConflictDoNothing()
      .returning({ id: tenants.id });
    if (inserted.length === 0) return { created: false };
    await tx.insert(districts).values(lines.map((d) => ({ tenantId: id, ...d })));
    await emitChanges(
      tx,
      id,
      lines.map((d) => ({ kind: 'district' as const, data: { code: d.code, name: d.name, kind: d.kind, budgetCents: 0 } })),
    );
    await recordAdminAudit(tx, id, 'tenant:create', { name, platformName: profile.platformName, districts: lines.length });
    return { created: true };
  });
}

/** A one-time code for a new device (shown once; valid for a week unless said otherwise). */
/** A code to enrol an existing device again (new key; same id, sequence and chain), e.g. after it was revoked and found. */
export async function createReenrolmentCode(db: LedgerDb, tenantId: string, deviceId: string, validHours?: number) {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)));
  if (!device) throw new AdminError(`Unknown device ${deviceId}.`);
  const made = await createEnrolmentCode(db, tenantId, device.name, validHours, device.id);
  await audit(db, tenantId, 'enrol-code:device', { deviceId, expiresAt: made.expiresAt });
  return made;
}

export async function createEnrolmentCodeFor(db: LedgerDb, tenantId: string, deviceName: string, validHours?: number) {
  await requireTenant(db, tenantId);
  const made = await createEnrolmentCode(db, tenantId, deviceName, validHours);
  await audit(db, tenantId, 'enrol-code:create', { deviceName, expiresAt: made.expiresAt });
  return made;
}

export async function listDevices(db: LedgerDb, tenantId: string) {
  return db
    .select({
      id: devices.id,
      name: devices.name,
      servicePoint: devices.servicePoint,
      enrolledAt: devices.enrolledAt,
      revokedAt: devices.revokedAt,
      nextSeq: devices.nextSeq,
      lastSeenAt: devices.lastSeenAt,
      clockSkewMs: devices.clockSkewMs,
    })
    .from(devices)
    .where(eq(devices.tenantId, tenantId))
    .orderBy(asc(devices.enrolledAt));
}

export async function revokeDevice(db: LedgerDb, tenantId: string, deviceId: string): Promise<void> {
  const done = await db
    .update(devices)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)))
    .returning({ id: devices.id });
  if (done.length === 0) throw new AdminError(`No device ${deviceId} in ${tenantId}.`);
  // Every device (and so every wijkregisseur) learns it is revoked; its report grows as it still pushes.
  await announceDevice(db, tenantId, deviceId);
  await audit(db, tenantId, 'device:revoke', { deviceId });
}

export interface RoundInput {
  id: string;
  valueCents: number;
  activeFrom: string;
  activeUntil: string;
  status: 'planned' | 'open' | 'closed';
}

export async function upsertRound(db: LedgerDb, tenantId: string, input: RoundInput): Promise<void> {
  if (!/^\d{4}-[0-9A-Za-z]{1,8}$/.test(input.id)) throw new AdminError('A round id looks like 2027-1.');
  if (!Number.isInteger(input.valueCents) || input.valueCents <= 0 || input.valueCents > 100_000)
    throw new AdminError('The value is in cents, e.g. 750.');
  const from = Date.parse(input.activeFrom);
  const until = Date.parse(input.activeUntil);
  if (!Number.isFinite(from) || !Number.isFinite(until) || until <= from)
    throw new AdminError('The activation window needs a start before its end.');
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(rounds)
      .where(and(eq(rounds.tenantId, tenantId), eq(rounds.id, input.id)));
    const salt = existing?.registrySalt ?? randomBytes(16).toString('hex');
    const values = {
      valueCents: input.valueCents,
      activeFrom: new Date(from).toISOString(),
      activeUntil: new Date(until).toISOString(),
      status: input.status,
    };
    await tx
      .insert(rounds)
      .values({ tenantId, id: input.id, registrySalt: salt, ...values })
      .onConflictDoUpdate({ target: [rounds.tenantId, rounds.id], set: values });
    await emitChanges(tx, tenantId, [{ kind: 'round', data: { id: input.id, ...values, salt } }]);
  });
  await audit(db, tenantId, 'round:upsert', { ...input });
}

/** The municipality's address list: postcode,house_number,addition,street,buurt_code,district_code (header required). */
export function parseAddressCsv(text: string): { rows: (typeof addresses.$inferInsert)[]; problems: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines
    .shift()
    ?.split(/[;,]/)
    .map((h) => h.trim().toLowerCase());
  const expected = ['postcode', 'house_number', 'addition', 'street', 'buurt_code', 'district_code'];
  if (!header || expected.some((h, i) => header[i] !== h)) {
    throw new AdminError(`The first line must be: ${expected.join(',')}`);
  }
  const rows: (typeof addresses.$inferInsert)[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const [postcode = '', number = '', addition = '', street = '', buurt = '', district = ''] = line.split(/[;,]/).map((s) => s.trim());
    const pc = postcode.toUpperCase().replace(/\s/g, '');
    if (!/^\d{4}[A-Z]{2}$/.test(pc)) return void problems.push(`line ${i + 2}: postcode "${postcode}"`);
    if (!/^\d{1,5}$/.test(number)) return void problems.push(`line ${i + 2}: house number "${number}"`);
    if (!district) return void problems.push(`line ${i + 2}: district code missing`);
    rows.push({
      tenantId: '',
      postcode: pc,
      houseNumber: Number(number),
      addition: addition.toUpperCase(),
      street,
      buurtCode: buurt || null,
      districtCode: district,
    });
  });
  return { rows, problems };
}

export async function importAddresses(
  db: LedgerDb,
  tenantId: string,
  csv: string,
): Promise<{ added: number; unchanged: number; problems: string[] }> {
  const { rows, problems } = parseAddressCsv(csv);
  const known = new Set(
    (await db.select({ code: districts.code }).from(districts).where(eq(districts.tenantId, tenantId))).map((d) => d.code),
  );
  const good = rows.filter((r) => {
    if (known.has(r.districtCode)) return true;
    problems.push(`${r.postcode} ${r.houseNumber}${r.addition}: unknown district ${r.districtCode}`);
    return false;
  });
  let added = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < good.length; i += 2000) {
      const inserted = await tx
        .insert(addresses)
        .values(good.slice(i, i + 2000).map((r) => ({ ...r, tenantId })))
        .onConflictDoNothing()
        .returning({ id: addresses.id });
      added += inserted.length;
    }
  });
  await audit(db, tenantId, 'addresses:import', { added, problems: problems.length });
  return { added, unchanged: good.length - added, problems };
}

/**
 * One new code per address that has none in this round yet (so running it again after an address
 * import only adds the new addresses). Devices pull them as salted hashes.
 */
export async function generateCodes(db: LedgerDb, tenantId: string, roundId: string): Promise<{ generated: number }> {
  const [round] = await db
    .select()
    .from(rounds)
    .where(and(eq(rounds.tenantId, tenantId), eq(rounds.id, roundId)));
  if (!round) throw new AdminError(`No round ${roundId}. Create it with round:create.`);
  const missing = await db
    .select({ id: addresses.id, districtCode: addresses.districtCode, buurtCode: addresses.buurtCode })
    .from(addresses)
    .where(
      and(
        eq(addresses.tenantId, tenantId),
        sql`not exists (select 1 from ${vouchers} v where v.tenant_id = ${tenantId} and v.round_id = ${roundId} and v.address_id = ${addresses.id})`,
      ),
    )
    .orderBy(asc(addresses.id));
  const rows = missing.map((a) => {
    const code: CanonicalCode = generateVoucherCode();
    return {
      tenantId,
      roundId,
      code,
      codeHash: registryHash(round.registrySalt, code),
      addressId: a.id,
      districtCode: a.districtCode,
      buurtCode: a.buurtCode,
    };
  });
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 2000) await tx.insert(vouchers).values(rows.slice(i, i + 2000));
    const feed: NewChange[] = [];
    for (let i = 0; i < rows.length; i += REGISTRY_CHUNK) {
      feed.push({
        kind: 'registry',
        data: { roundId, vouchers: rows.slice(i, i + REGISTRY_CHUNK).map((r) => ({ h: r.codeHash, d: r.districtCode, b: r.buurtCode })) },
      });
    }
    await emitChanges(tx, tenantId, feed);
  });
  await audit(db, tenantId, 'codes:generate', { roundId, generated: rows.length });
  return { generated: rows.length };
}

export interface LetterLine {
  code: string;
  display: string;
  postcode: string;
  houseNumber: number;
  addition: string;
  street: string;
  districtCode: string;
  qr: string;
}

/** The letters' print file: one line per address with its code, in postcode order (the printer's walk order). */
export async function printFile(db: LedgerDb, tenantId: string, roundId: string, platformUrl: string): Promise<LetterLine[]> {
  const rows = await db
    .select({
      code: vouchers.code,
      postcode: addresses.postcode,
      houseNumber: addresses.houseNumber,
      addition: addresses.addition,
      street: addresses.street,
      districtCode: addresses.districtCode,
    })
    .from(vouchers)
    .innerJoin(addresses, eq(addresses.id, vouchers.addressId))
    .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.roundId, roundId)))
    .orderBy(asc(addresses.postcode), asc(addresses.houseNumber), asc(addresses.addition));
  await audit(db, tenantId, 'print:export', { roundId, lines: rows.length });
  return rows.map((r) => ({
    ...r,
    display: formatVoucherCode(r.code as CanonicalCode),
    qr: `${platformUrl.replace(/\/+$/, '')}/bon/${r.code}`,
  }));
}

export function printFileCsv(lines: readonly LetterLine[]): string {
  const esc = (s: string | number) => (/[",;\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));
  return [
    'postcode,house_number,addition,street,district_code,code,qr',
    ...lines.map((l) => [l.postcode, l.houseNumber, l.addition, l.street, l.districtCode, l.display, l.qr].map(esc).join(',')),
  ].join('\n');
}

/** Import a device's offline batch file with the same checks as a push (signature, sequence, chain). */
export async function importBatchFile(
  db: LedgerDb,
  text: string,
  options: { acceptRevoked?: boolean } = {},
): Promise<PushResponse & { deviceId: string }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AdminError('This is not a Buurtbalie batch file (not JSON).');
  }
  const parsed = batchFileSchema.safeParse(json);
  if (!parsed.success) throw new AdminError('This is not a Buurtbalie batch file (wrong format).');
  const { signature, ...rest } = parsed.data;
  const [device] = await db.select().from(devices).where(eq(devices.id, rest.deviceId));
  if (!device) throw new AdminError(`Unknown device ${rest.deviceId}.`);
  if (!verifyText(device.publicKey, canonicalJson(rest), signature))
    throw new AdminError('The signature of this file does not verify: it was changed or is not from this device.');
  // A revoked device's file is taken in only when the administrator confirms it (the device's key signed
  // it, and the file came into the administrator's hands: lost and found, or collected from its holder).
  if (device.revokedAt && !options.acceptRevoked)
    throw new AdminError('This device has been revoked; its file is taken in only with --accept-revoked (you confirm where it came from).');
  try {
    const answer = await ingestBatch(db, { tenantId: device.tenantId, deviceId: device.id, events: rest.events, via: 'file' }, new Date(), {
      allowRevoked: Boolean(options.acceptRevoked),
    });
    await audit(db, device.tenantId, 'batch:import', {
      deviceId: device.id,
      events: rest.events.length,
      expectedSeq: answer.expectedSeq,
      acceptRevoked: Boolean(device.revokedAt),
    });
    await releaseDelivered(db, device.tenantId, device.id);
    return { ...answer, deviceId: device.id };
  } catch (error) {
    if (error instanceof ProtocolFailure) throw new AdminError(`Refused: ${error.body.code} — ${error.message}`);
    throw error;
  }
}

/** Donations in one state, oldest first, as a person deciding them needs to see them (no codes, no people). */
function donationsIn(db: LedgerDb, tenantId: string, state: 'contested' | 'pending') {
  return db
    .select({
      redemptionId: donations.redemptionId,
      deviceId: donations.deviceId,
      roundId: donations.roundId,
      valueCents: donations.valueCents,
      flags: donations.flags,
      deviceTime: donations.deviceTime,
      receivedAt: donations.receivedAt,
      countedRedemptionId: donations.countedRedemptionId,
    })
    .from(donations)
    .where(and(eq(donations.tenantId, tenantId), eq(donations.state, state)))
    .orderBy(asc(donations.receivedAt));
}

export function listContested(db: LedgerDb, tenantId: string) {
  return donationsIn(db, tenantId, 'contested');
}

export async function settle(db: LedgerDb, tenantId: string, redemptionId: string, decision: SettlementDecision, note: string) {
  if (!note.trim()) throw new AdminError('Write a note: why this decision.');
  const outcome = await settleByAdmin(db, tenantId, {
    contestedRedemptionId: redemptionId,
    decision,
    note,
    by: `admin:${process.env.USER ?? 'admin'}`,
  });
  if (outcome.outcome !== 'accepted') throw new AdminError(`Not settled: ${outcome.reason ?? outcome.outcome}.`);
  await audit(db, tenantId, 'contested:settle', { redemptionId, decision });
}

/** Donations the ledger holds as pending (it could not decide them at once), oldest first. */
export function listPending(db: LedgerDb, tenantId: string) {
  return donationsIn(db, tenantId, 'pending');
}

/** Confirm or reject a pending donation: the same decision a wijkregisseur takes on a device (donation.decided). */
export async function decide(db: LedgerDb, tenantId: string, redemptionId: string, decision: ReviewDecision, note: string) {
  if (!note.trim()) throw new AdminError('Write a note: why this decision.');
  const outcome = await decideByAdmin(db, tenantId, { redemptionId, decision, note, by: `admin:${process.env.USER ?? 'admin'}` });
  if (outcome.outcome !== 'accepted') throw new AdminError(`Not decided: ${outcome.reason ?? outcome.outcome}.`);
  await audit(db, tenantId, 'pending:decide', { redemptionId, decision });
}

/** Events stored but not taken in (quarantined), with their reason, newest first. */
export async function listQuarantinedEvents(db: LedgerDb, tenantId: string, limit = 100) {
  return db
    .select({
      deviceId: events.deviceId,
      seq: events.seq,
      type: events.type,
      version: events.version,
      reason: events.reason,
      receivedAt: events.receivedAt,
    })
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.outcome, 'quarantined')))
    .orderBy(desc(events.receivedAt))
    .limit(limit);
}

export interface InitiativeInput {
  title: string;
  summary: string;
  districtCode: string;
  theme: Theme;
  status: InitiativeStatus;
  targetCents: number;
  deadline: string | null;
}

/** Initiatives that came in through the website (or the demo): the ledger's own record, pulled by devices. */
export async function addInitiative(db: LedgerDb, tenantId: string, input: InitiativeInput): Promise<{ id: string; number: number }> {
  if (!themes.includes(input.theme)) throw new AdminError(`Theme must be one of: ${themes.join(', ')}`);
  if (!initiativeStatuses.includes(input.status)) throw new AdminError(`Status must be one of: ${initiativeStatuses.join(', ')}`);
  return db.transaction(async (tx) => {
    const [next] = await tx
      .select({ n: sql<number>`coalesce(max(${initiatives.number}), 1000) + 1`.mapWith(Number) })
      .from(initiatives)
      .where(eq(initiatives.tenantId, tenantId));
    const id = randomUUID();
    const number = next?.n ?? 1;
    const approved = !['concept', 'ingediend', 'in_beoordeling', 'afgewezen'].includes(input.status);
    await tx.insert(initiatives).values({ tenantId, id, number, ...input, approvedAt: approved ? new Date().toISOString() : null });
    await emitChanges(tx, tenantId, await initiativeSnapshots(tx, tenantId, [id]));
    return { id, number };
  });
}

/** Totals the ledger counts, per initiative and overall: what `status` shows and the tests compare. */
export async function ledgerTotals(db: LedgerDb, tenantId: string) {
  const [t] = await db
    .select({
      counted: sql<number>`count(*) filter (where state = 'counted')`.mapWith(Number),
      contested: sql<number>`count(*) filter (where state = 'contested')`.mapWith(Number),
      reversed: sql<number>`count(*) filter (where state = 'reversed')`.mapWith(Number),
      void: sql<number>`count(*) filter (where state = 'void')`.mapWith(Number),
      countedCents: sql<number>`coalesce(sum(value_cents) filter (where state = 'counted'), 0)`.mapWith(Number),
    })
    .from(donations)
    .where(eq(donations.tenantId, tenantId));
  return t ?? { counted: 0, contested: 0, reversed: 0, void: 0, countedCents: 0 };
}
