import type { Role } from '../../core/roles.js';

/**
 * The person acting, as every wing takes it: who (an id — events carry ids, never names) and in which
 * role. A session's actor (staff/session.ts) also has a name; the device itself acts as 'system'.
 */
export interface Actor {
  staffId: string;
  role: Role;
}
export type ActorOrSystem = Actor | 'system';
