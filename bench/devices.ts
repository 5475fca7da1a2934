/**
 * Devices for the ledger benchmarks: an encrypted store enrolled at the ledger through the app's own sync client,
 * and an outbox filled with donations of real registry codes (so the ledger decides and counts them, the normal path).
 */
import { randomUUID } from 'node:crypto';
import type { LedgerDb } from '../server/db/connect.js';
import { createEnrolmentCodeFor } from '../server/admin/ops.js';
import { appendEvent } from '../services/platform/outbox.js';
import { SyncClient } from '../services/sync/client.js';
import { silentLogger } from '../services/platform/deps.js';
import { benchStore, type BenchStore } from './setup.js';

export async function benchDevice(url: string, db: LedgerDb, name: string): Promise<{ b: BenchStore; client: SyncClient }> {
  const b = await benchStore(`bb-bench-device-${name}-`, { demo: false });
  const client = new SyncClient(b.store.db, b.clock, silentLogger);
  const { code } = await createEnrolmentCodeFor(db, 'almelo', name);
  await client.enrol(url, code, { name, servicePoint: 'Bench' });
  return { b, client };
}

/** One donation of €7.50 to `initiativeId` per code hash, in one local transaction. */
export function fillOutbox(b: BenchStore, initiativeId: string, codeHashes: readonly string[]): void {
  b.store.db.transaction((tx) => {
    for (const codeHash of codeHashes) {
      appendEvent(tx, {
        type: 'donation.recorded',
        staffId: 'bench',
        deviceTime: new Date().toISOString(),
        payload: {
          redemptionId: randomUUID(),
          roundId: '2026-2',
          codeHash,
          districtCode: 'WK014113',
          buurtCode: null,
          valueCents: 750,
          parts: [{ initiativeId, amountCents: 750 }],
          intakeId: null,
          needsConfirmation: false,
          businessDay: '2026-11-22',
        },
      });
    }
  });
}
