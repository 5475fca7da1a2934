/** Volunteers and material pledges: sign-up, the list, inzage and erasure. */
import { actorOf, type WingHandlers, type Wiring } from '../api/types.js';
import { eraseVolunteer, exportVolunteer, listVolunteers, signUp } from './volunteers.js';

export function volunteerHandlers(w: Wiring) {
  const { db } = w.store;
  const { clock } = w;
  return {
    'volunteers:sign-up': (input, ctx) => signUp(db, clock, actorOf(ctx), input),
    'volunteers:list': (input) => listVolunteers(db, input.initiativeId),
    'volunteers:export': (input) => exportVolunteer(db, input.volunteerId),
    'volunteers:erase': (input, ctx) => {
      eraseVolunteer(db, clock, actorOf(ctx), input.volunteerId);
      return null;
    },
  } satisfies WingHandlers;
}
