/**
 * An initiative registered on the platform's website (POST /partner/v1/initiatives): public fields only, taken in
 * with status ingediend and the municipality's next number — the same numbering as a counter's registration, under
 * the same lock — and sent to every device on its next pull. Once per idempotency key.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { PartnerRegisterRequest } from '../../core/partner-api.js';
import { districts, initiatives, tenants } from '../db/schema.js';
import type { LedgerDb } from '../db/connect.js';
import { emitChanges } from './changes.js';
import type { Partner } from './partners.js';
import { initiativeSnapshots } from './snapshots.js';
import { once, refusal, type Answer } from './partner-requests.js';

export function registerOnline(db: LedgerDb, partner: Partner, key: string, input: PartnerRegisterRequest): Promise<Answer> {
  return once(db, partner, key, { kind: 'register', ...input }, async (tx) => {
    const [district] = await tx
      .select({ code: districts.code })
      .from(districts)
      .where(and(eq(districts.tenantId, partner.tenantId), eq(districts.code, input.districtCode)));
    if (!district) return refusal(422, 'UNKNOWN_DISTRICT', 'This district or village is not one of this municipality.');
    // The municipality's row lock: one registration at a time takes the next number (as at a counter's sync).
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, partner.tenantId)).for('update');
    const [next] = await tx
      .select({ n: sql<number>`coalesce(max(${initiatives.number}), 1000) + 1`.mapWith(Number) })
      .from(initiatives)
      .where(eq(initiatives.tenantId, partner.tenantId));
    const id = randomUUID();
    const number = next?.n ?? 1001;
    await tx.insert(initiatives).values({
      tenantId: partner.tenantId,
      id,
      number,
      status: 'ingediend',
      title: input.title,
      summary: input.summary,
      districtCode: input.districtCode,
      theme: input.theme,
      targetCents: input.targetCents,
      deadline: input.deadline,
      volunteersNeeded: input.volunteersNeeded,
      volunteerTasks: input.volunteerTasks,
      materialsWanted: input.materialsWanted,
      registration: input.details,
    });
    await emitChanges(tx, partner.tenantId, await initiativeSnapshots(tx, partner.tenantId, [id]));
    return { status: 201, body: { id, number, status: 'ingediend' } };
  });
}
