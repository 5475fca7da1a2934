/** What collects during one batch (or one admin decision) and is written at its end; shared by every effect. */
import type { EventOutcome } from '../../core/sync/protocol.js';
import type { NewChange } from './changes.js';

export interface Outcome {
  outcome: Exclude<EventOutcome, 'duplicate'>;
  reason?: string;
  flags?: string[];
  winner?: { redemptionId: string; deviceId: string | null };
}

/** Work that collects during one batch and is written at its end. */
export class BatchEffects {
  readonly changes: NewChange[] = [];
  readonly touchedInitiatives = new Set<string>();
}

export interface BatchContext {
  tenantId: string;
  deviceId: string;
  /** The device's clock minus the ledger's at this request (0 when unknown): for the round window. */
  clockSkewMs: number;
}
