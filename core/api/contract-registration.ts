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

export const registrationContract = {
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
