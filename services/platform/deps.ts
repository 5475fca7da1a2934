import type { Store } from '../../db/open-store.js';

/** A clock is passed in so tests can move time (lock-outs, idle locks) without waiting. */
export type Clock = () => Date;

/** The subset of pino the services use. Never pass PINs, codes or personal data in `facts`. */
export interface Logger {
  info(facts: object, message: string): void;
  warn(facts: object, message: string): void;
  error(facts: object, message: string): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  log: Logger;
}
