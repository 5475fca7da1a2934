import type { z } from 'zod';
import type { Capability } from '../roles.js';
import type { ApiName, MethodName } from './names.js';
import type { ApiResult } from './errors.js';
import { appContract } from './contract-app.js';
import { sessionContract } from './contract-session.js';
import { staffContract } from './contract-staff.js';
import { referenceContract } from './contract-reference.js';
import { counterContract } from './contract-counter.js';
import { printingContract } from './contract-printing.js';
import { volunteersContract } from './contract-volunteers.js';
import { syncContract } from './contract-sync.js';
import { registrationContract } from './contract-registration.js';
import { reportsContract } from './contract-reports.js';

/**
 * Who may call an entry: anyone (before login), any logged-in staff member with an unlocked
 * session, or only staff whose role grants the capability (or one of the capabilities).
 */
export type Access = 'public' | 'staff' | Capability | readonly Capability[];

export interface ContractEntry {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly access: Access;
}

/** The single API contract. The `satisfies` makes the compiler check it names every ApiName, once. */
export const contract = {
  ...appContract,
  ...sessionContract,
  ...staffContract,
  ...referenceContract,
  ...counterContract,
  ...printingContract,
  ...volunteersContract,
  ...syncContract,
  ...registrationContract,
  ...reportsContract,
} as const satisfies Record<ApiName, ContractEntry>;

export type Contract = typeof contract;
export type InputOf<N extends ApiName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends ApiName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends ApiName> = z.output<Contract[N]['output']>;

/** The object the preload (or the browser-mode bridge) puts on `window.buurtbalie`. */
export type BuurtbalieApi = {
  [N in ApiName as MethodName<N>]: (input: InputOf<N>) => Promise<ApiResult<OutputOf<N>>>;
};
