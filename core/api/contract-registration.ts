import { z } from 'zod';
import { registrationDraftSchema, registrationProblemKeys, registrationSteps } from '../initiative-registration.js';

const idSchema = z.string().uuid();

export const draftViewSchema = z.object({
  id: idSchema,
  edits: z.object({ initiativeId: idSchema, number: z.number().int() }).nullable(),
  step: z.enum(registrationSteps),
  data: registrationDraftSchema,
  problems: z.array(
    z.object({ path: z.string(), step: z.enum(registrationSteps), key: z.enum(registrationProblemKeys), message: z.string() }),
  ),
  updatedAt: z.string(),
});

/** Who may see and handle the personal data of initiators and co-organisers: the people who work with them. */
const people = ['counter', 'assess'] as const;

export const initiativePersonSchema = z.object({
  id: idSchema,
  role: z.enum(['initiator', 'co-organiser']),
  name: z.string(),
  phone: z.string(),
  email: z.string(),
  postcode: z.string(),
  houseNumber: z.string(),
  addition: z.string(),
  consentAt: z.string(),
  erased: z.boolean(),
});
export type InitiativePerson = z.infer<typeof initiativePersonSchema>;

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
      z.object({
        id: idSchema,
        title: z.string(),
        step: z.enum(registrationSteps),
        updatedAt: z.string(),
        createdBy: z.string(),
        /** The number of the initiative the draft changes, or null for a new one. */
        editsNumber: z.number().int().nullable(),
      }),
    ),
    access: 'counter',
  },
  'initiatives:draft-delete': { input: z.object({ id: idSchema }).strict(), output: z.null(), access: 'counter' },
  'initiatives:edit': {
    // Start (or resume) changing an initiative sent back for changes: a draft filled from what is stored.
    input: z.object({ initiativeId: idSchema }).strict(),
    output: draftViewSchema,
    access: 'counter',
  },
  'initiatives:list-people': {
    input: z.object({ initiativeId: idSchema }).strict(),
    output: z.array(initiativePersonSchema),
    access: people,
  },
  'initiatives:person-export': {
    input: z.object({ personId: idSchema }).strict(),
    output: initiativePersonSchema
      .omit({ id: true, postcode: true, houseNumber: true, addition: true })
      .extend({ address: z.string(), initiative: z.string(), registeredAt: z.string(), registeredBy: z.string() }),
    access: people,
  },
  'initiatives:person-erase': { input: z.object({ personId: idSchema }).strict(), output: z.null(), access: people },
  'initiatives:register': {
    input: z.object({ draftId: idSchema }).strict(),
    output: z.object({ initiativeId: idSchema, number: z.number().int() }),
    access: 'counter',
  },
} as const;
