/**
 * Every contract entry's handler, combined from the wings. Each wing's handlers.ts registers its own
 * entries (an unknown name there does not compile); `satisfies Handlers` here makes a missing one a
 * compile error too. Handlers get input the dispatcher validated and an actor whose access it checked;
 * they call the wing's services and nothing more.
 */
import { counterHandlers } from '../counter/handlers.js';
import { initiativeHandlers } from '../initiatives/handlers.js';
import { monitorHandlers } from '../monitor/handlers.js';
import { platformHandlers } from '../platform/handlers.js';
import { printingHandlers } from '../printing/handlers.js';
import { reportHandlers } from '../reports/handlers.js';
import { staffHandlers } from '../staff/handlers.js';
import { syncHandlers } from '../sync/handlers.js';
import { volunteerHandlers } from '../volunteers/handlers.js';
import { updateHandlers } from '../updates/handlers.js';
import type { Handlers, Wiring } from './types.js';

export type { Background, Handler, HandlerContext, Handlers, HostInfo } from './types.js';
export { statusOnlyHandler } from '../platform/handlers.js';

export function createHandlers(w: Wiring): Handlers {
  return {
    ...platformHandlers(w),
    ...staffHandlers(w),
    ...monitorHandlers(w),
    ...initiativeHandlers(w),
    ...counterHandlers(w),
    ...printingHandlers(w),
    ...reportHandlers(w),
    ...volunteerHandlers(w),
    ...syncHandlers(w),
    ...updateHandlers(w),
  } satisfies Handlers;
}
