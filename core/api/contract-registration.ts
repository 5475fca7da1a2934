import { z } from 'zod';
import { registrationDraftSchema, registrationSteps } from '../initiative-registration.js';

const idSchema = z.string().uuid();

export const draftViewSchema = z.object({
  id: idSchema,
  step: z.enum(registrationSteps),
  data: registrationDraftSchema,
  problems: z.array(z.object({ path: z.string(), step: z.enum(registrationSteps), message: z.string() })),
  updatedAt: z.string(),
});

const photoOwner = z.object({ kind: z.enum(['draft', 'initiative']), id: idSchema }).strict();

export const registrationContract = {
  'photos:add': {
    // About 4 MB of image as base64; the service checks the bytes themselves.
    input: z.object({ owner: photoOwner, purpose: z.enum(['idee', 'verantwoording']), dataBase64: z.string().max(5_600_000) }).strict(),
    output: z.object({ id: idSchema }),
    access: ['counter', 'assess'],
  },
  'photos:list': {
    input: z.object({ owner: photoOwner }).strict(),
    output: z.array(z.object({ id: idSchema, purpose: z.enum(['idee', 'verantwoording']), dataUrl: z.string() })),
    access: 'staff',
  },
  'photos:delete': { input: z.object({ id: idSchema }).strict(), output: z.null(), access: ['counter', 'assess'] },
  'initiatives:draft-save': {
    input: z.object({ id: idSchema.optional(), step: z.enum(registrationSteps), data: registrationDraftSchema }).strict(),
    output: draftViewSchema,
    access: 'counter',
  },
  'initiatives:draft-get': { input: z.object({ id: idSchema }).strict(), output: draftViewSchema, access: 'counter' },
  'initiatives:drafts': {
    input: z.object({}).strict(),
    output: z.array(
      z.object({ id: idSchema, title: z.string(), step: z.enum(registrationSteps), updatedAt: z.string(), createdBy: z.string() }),
    ),
    access: 'counter',
  },
  'initiatives:draft-delete': { input: z.object({ id: idSchema }).strict(), output: z.null(), access: 'counter' },
  'initiatives:register': {
    input: z.object({ draftId: idSchema }).strict(),
    output: z.object({ initiativeId: idSchema, number: z.number().int() }),
    access: 'counter',
  },
} as const;
