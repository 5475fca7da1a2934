/** Districts as the central ledger has them (name, kind, budget), applied to this device's store. */
import type { Change } from '../../core/sync/protocol.js';
import { districts } from '../../db/schema.js';
import type { Tx } from '../../db/open-store.js';

export function applyDistrict(tx: Tx, d: Extract<Change, { kind: 'district' }>['data']): void {
  tx.insert(districts)
    .values({ code: d.code, name: d.name, kind: d.kind, households: 0, householdsSynthetic: false, budgetCents: d.budgetCents })
    .onConflictDoUpdate({ target: districts.code, set: { name: d.name, kind: d.kind, budgetCents: d.budgetCents } })
    .run();
}
