/** Sessions (login, lock, logout) and staff (accounts, PINs). */
import { actorOf, type WingHandlers, type Wiring } from '../api/types.js';
import { changeOwnPin, createStaff, listStaff, loginOptions, resetStaffPin, setStaffDisabled, setStaffRole } from './staff.js';
import { listApprovers } from '../counter/index.js';

export function staffHandlers(w: Wiring) {
  const { db } = w.store;
  const { clock } = w;
  return {
    'session:current': (_input, ctx) => ctx.session.state(),
    'session:login': async (input, ctx) => {
      const session = await ctx.session.login(input.staffId, input.pin);
      w.log.info({ role: session.staff.role }, 'staff logged in');
      return session;
    },
    'session:unlock': (input, ctx) => ctx.session.unlock(input.pin),
    'session:lock': (_input, ctx) => {
      ctx.session.lock();
      return null;
    },
    'session:logout': (_input, ctx) => {
      ctx.session.logout();
      return null;
    },
    'session:heartbeat': () => null,
    'staff:login-options': () => loginOptions(db),
    'staff:list': () => listStaff(db, clock),
    'staff:create': (input) => createStaff(db, clock, input),
    'staff:set-disabled': (input, ctx) => setStaffDisabled(db, clock, { ...input, actorId: actorOf(ctx).staffId }),
    'staff:set-role': (input, ctx) => {
      const summary = setStaffRole(db, clock, { ...input, actorId: actorOf(ctx).staffId });
      w.log.info({ role: input.role }, 'staff role changed');
      return summary;
    },
    'staff:reset-pin': (input) => resetStaffPin(db, clock, input),
    'staff:change-own-pin': async (input, ctx) => {
      await changeOwnPin(db, clock, { staffId: actorOf(ctx).staffId, ...input });
      return null;
    },
    'staff:approvers': () => listApprovers(db),
  } satisfies WingHandlers;
}
