import { and, eq, inArray } from 'drizzle-orm';
import { initiatives } from '../db/schema.js';
import type { LedgerTx } from '../db/connect.js';
import type { InitiativeSnapshot } from '../../core/sync/protocol.js';
import type { Theme } from '../../core/initiative-status.js';
import type { InitiativeStatus } from '../../core/initiative-status.js';
import type { NewChange } from './changes.js';

/** The current state of each initiative, as a change every device pulls. */
export async function initiativeSnapshots(tx: LedgerTx, tenantId: string, ids: readonly string[]): Promise<NewChange[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(initiatives)
    .where(and(eq(initiatives.tenantId, tenantId), inArray(initiatives.id, [...ids])));
  return rows.map((r) => ({ kind: 'initiative' as const, data: snapshotOf(r) }));
}

export function snapshotOf(r: typeof initiatives.$inferSelect): InitiativeSnapshot {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    summary: r.summary,
    districtCode: r.districtCode,
    theme: r.theme as Theme,
    status: r.status as InitiativeStatus,
    targetCents: r.targetCents,
    collectedCents: r.collectedCents,
    donations: r.donations,
    deadline: r.deadline,
    volunteersNeeded: r.volunteersNeeded,
    volunteerTasks: r.volunteerTasks,
    materialsWanted: r.materialsWanted,
    updatedAt: new Date(r.updatedAt).toISOString(),
    registration: r.registration ?? null,
    statusNote: r.statusNote,
    assessment: r.assessment ?? null,
    accountability: r.accountability ?? null,
    help: { volunteers: r.helpVolunteers, materials: r.helpMaterials },
  };
}
