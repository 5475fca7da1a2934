/** Initiatives: the list, a page, assessment and lifecycle, registration and drafts, people, photos. */
import { can } from '../../core/roles.js';
import { actorOf, type WingHandlers, type Wiring } from '../api/types.js';
import { listInitiatives } from './list.js';
import { changeStatus, getInitiativeDetail, saveAssessment } from './lifecycle.js';
import { deleteDraft, editInitiative, getDraft, listDrafts, registerInitiative, saveDraft } from './registration.js';
import { eraseInitiativePerson, exportInitiativePerson, listInitiativePeople } from './people.js';
import { addPhoto, deletePhoto, listPhotos } from './photos.js';

export function initiativeHandlers(w: Wiring) {
  const { db } = w.store;
  const { clock } = w;
  return {
    'initiatives:list': (input, ctx) => {
      const { role } = actorOf(ctx);
      return listInitiatives(db, input, { byInitiator: can(role, 'counter') || can(role, 'assess') });
    },
    'initiatives:get': (input, ctx) => getInitiativeDetail(db, clock, input.initiativeId, actorOf(ctx).role),
    'initiatives:assess': (input, ctx) => saveAssessment(db, clock, input.initiativeId, actorOf(ctx), input.assessment),
    'initiatives:transition': (input, ctx) => {
      const actor = actorOf(ctx);
      return {
        status: changeStatus(
          db,
          clock,
          input.initiativeId,
          input.action,
          { staffId: actor.staffId, role: actor.role },
          input.note ?? null,
          input.accountability,
        ),
      };
    },
    'initiatives:draft-save': (input, ctx) => saveDraft(db, clock, actorOf(ctx), input),
    'initiatives:draft-get': (input) => getDraft(db, clock, input.id),
    'initiatives:drafts': () => listDrafts(db),
    'initiatives:draft-delete': (input) => {
      deleteDraft(db, input.id);
      return null;
    },
    'initiatives:register': (input, ctx) => registerInitiative(db, clock, actorOf(ctx), input.draftId),
    'initiatives:edit': (input, ctx) => editInitiative(db, clock, actorOf(ctx), input.initiativeId),
    'initiatives:list-people': (input) => listInitiativePeople(db, input.initiativeId),
    'initiatives:person-export': (input) => exportInitiativePerson(db, input.personId),
    'initiatives:person-erase': (input, ctx) => {
      eraseInitiativePerson(db, clock, actorOf(ctx), input.personId);
      return null;
    },
    'photos:add': (input, ctx) => addPhoto(db, clock, actorOf(ctx), input),
    'photos:list': (input) => listPhotos(db, input.owner),
    'photos:delete': (input) => {
      deletePhoto(db, clock, input.id);
      return null;
    },
  } satisfies WingHandlers;
}
