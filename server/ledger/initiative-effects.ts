/**
 * What events about initiatives mean for the ledger: status changes it allows (and decides, for the
 * ones money and time make), registrations (with the tenant's next number), assessments, and changes
 * to a sent-back initiative. Part of the batch's transaction, like effects.ts.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { nextStatus } from '../../core/initiative-lifecycle.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import { listFieldsOf, registrationDetailsOf, type WireEvent } from '../../core/sync/protocol.js';
import { parsePayload, type ParsedPayload } from '../../core/sync/events.js';
import { helpOffers, initiatives, tenants } from '../db/schema.js';
import type { LedgerTx } from '../db/connect.js';
import type { BatchEffects, Outcome } from './batch.js';

export async function recordStatusChange(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  // ingest.ts checked every payload against the catalogue before any effect runs.
  const parsed = { data: parsePayload('initiative.status-changed', 1, event.payload) };
  const action = parsed.data.action;
  const [row] = await tx
    .select()
    .from(initiatives)
    .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, parsed.data.initiativeId)))
    .for('update');
  if (!row) return { outcome: 'overruled', reason: 'unknown initiative' };
  effects.touchedInitiatives.add(row.id); // the device learns the ledger's status either way
  const to = nextStatus(row.status as InitiativeStatus, action);
  if (!to) return { outcome: 'overruled', reason: `not allowed from ${row.status}` };
  // Automatic moves are the ledger's to decide, on the ledger's own totals and clock.
  if (action === 'reach-target' && row.collectedCents < row.targetCents) return { outcome: 'overruled', reason: 'target not reached' };
  if (action === 'lose-target' && row.collectedCents >= row.targetCents) return { outcome: 'overruled', reason: 'target still reached' };
  if (action === 'miss-deadline' && (!row.deadline || Date.parse(row.deadline) > Date.now() || row.collectedCents >= row.targetCents)) {
    return { outcome: 'overruled', reason: 'deadline not missed' };
  }
  await tx
    .update(initiatives)
    .set({
      status: to,
      statusNote: parsed.data.note ?? null,
      // The first approval fixes the budget year it draws on (core/budget.ts).
      ...(to === 'spaarfase' && !row.approvedAt ? { approvedAt: sql`now()` } : {}),
      ...(action === 'complete' && parsed.data.accountability ? { accountability: parsed.data.accountability } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, row.id)));
  return { outcome: 'accepted' };
}

/** An initiative registered at a counter: the ledger takes it in (status ingediend) and gives it its number. */
export async function recordRegistration(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  const r = parsePayload('initiative.registered', 1, event.payload);
  // One registration at a time per municipality takes the next number (the tenant row's lock holds
  // until commit, which also numbers the pull feed), so two counters registering at once both succeed.
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
  const [next] = await tx
    .select({ n: sql<number>`coalesce(max(${initiatives.number}), 1000) + 1`.mapWith(Number) })
    .from(initiatives)
    .where(eq(initiatives.tenantId, tenantId));
  const inserted = await tx
    .insert(initiatives)
    .values({
      tenantId,
      id: r.initiativeId,
      number: next?.n ?? 1001,
      status: 'ingediend',
      ...registrationColumns(r, event.payload),
    })
    .onConflictDoNothing()
    .returning({ id: initiatives.id });
  if (inserted.length === 0) return { outcome: 'overruled', reason: 'initiative exists already' };
  effects.touchedInitiatives.add(r.initiativeId);
  return { outcome: 'accepted' };
}

/** The wijkregisseur's assessment: the latest one is kept with the initiative and sent to every device. */
export async function recordAssessment(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  const { initiativeId, ...assessment } = parsePayload('initiative.assessed', 1, event.payload);
  const updated = await tx
    .update(initiatives)
    .set({ assessment, updatedAt: sql`now()` })
    .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, initiativeId)))
    .returning({ id: initiatives.id });
  if (updated.length === 0) return { outcome: 'overruled', reason: 'unknown initiative' };
  effects.touchedInitiatives.add(initiativeId);
  return { outcome: 'accepted' };
}

/** What a registration or an update sets on the ledger's initiative. */
function registrationColumns(r: ParsedPayload<'initiative.updated'>, payload: unknown) {
  return { ...listFieldsOf(r), registration: registrationDetailsOf(payload) };
}

/** A sent-back initiative changed at a counter: only while it is a concept on the ledger too. */
export async function recordUpdate(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  const r = parsePayload('initiative.updated', 1, event.payload);
  const [row] = await tx
    .select({ status: initiatives.status })
    .from(initiatives)
    .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, r.initiativeId)))
    .for('update');
  if (!row) return { outcome: 'overruled', reason: 'unknown initiative' };
  effects.touchedInitiatives.add(r.initiativeId); // the device learns the ledger's version either way
  if (row.status !== 'concept') return { outcome: 'overruled', reason: `not a concept (${row.status})` };
  await tx
    .update(initiatives)
    .set({ ...registrationColumns(r, event.payload), updatedAt: sql`now()` })
    .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, r.initiativeId)));
  return { outcome: 'accepted' };
}

/** Help offered (volunteer.signed-up, material.pledged): counted once per offer, for every device to show. */
export async function recordHelpOffered(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  const h =
    event.type === 'material.pledged'
      ? parsePayload('material.pledged', 1, event.payload)
      : parsePayload('volunteer.signed-up', 1, event.payload);
  const inserted = await tx
    .insert(helpOffers)
    .values({ tenantId, id: h.volunteerId, initiativeId: h.initiativeId, kind: h.kind })
    .onConflictDoNothing()
    .returning({ id: helpOffers.id });
  if (inserted.length === 0) return { outcome: 'overruled', reason: 'offer known already' };
  await countHelp(tx, tenantId, h.initiativeId, h.kind, 1, effects);
  return { outcome: 'accepted' };
}

/** A volunteer erased on request: the offer stays as a fact, but no longer counts as help. */
export async function recordHelpErased(tx: LedgerTx, tenantId: string, event: WireEvent, effects: BatchEffects): Promise<Outcome> {
  const parsed = { data: parsePayload('volunteer.erased', 1, event.payload) };
  const [offer] = await tx
    .update(helpOffers)
    .set({ erasedAt: sql`now()` })
    .where(and(eq(helpOffers.tenantId, tenantId), eq(helpOffers.id, parsed.data.volunteerId), isNull(helpOffers.erasedAt)))
    .returning({ initiativeId: helpOffers.initiativeId, kind: helpOffers.kind });
  if (offer) await countHelp(tx, tenantId, offer.initiativeId, offer.kind, -1, effects);
  return { outcome: 'accepted' };
}

async function countHelp(tx: LedgerTx, tenantId: string, initiativeId: string, kind: string, by: 1 | -1, effects: BatchEffects) {
  const column = kind === 'volunteer' ? initiatives.helpVolunteers : initiatives.helpMaterials;
  const updated = await tx
    .update(initiatives)
    .set(kind === 'volunteer' ? { helpVolunteers: sql`${column} + ${by}` } : { helpMaterials: sql`${column} + ${by}` })
    .where(and(eq(initiatives.tenantId, tenantId), eq(initiatives.id, initiativeId)))
    .returning({ id: initiatives.id });
  if (updated.length > 0) effects.touchedInitiatives.add(initiativeId);
}
