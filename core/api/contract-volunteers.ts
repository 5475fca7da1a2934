import { z } from 'zod';
import { nameSchema } from './contract-session.js';

const people = ['counter', 'assess'] as const;

export const volunteerSchema = z.object({
  id: z.string(),
  kind: z.enum(['volunteer', 'material']),
  name: z.string(),
  contact: z.string(),
  offer: z.string(),
  quantity: z.number().int().nullable(),
  availability: z.string(),
  consentAt: z.string(),
  createdAt: z.string(),
  erased: z.boolean(),
});
export type Volunteer = z.infer<typeof volunteerSchema>;

export const volunteersContract = {
  'volunteers:sign-up': {
    input: z
      .object({
        initiativeId: z.string().uuid(),
        kind: z.enum(['volunteer', 'material']),
        name: nameSchema,
        /** Phone number or e-mail address. */
        contact: z.string().trim().min(5).max(120),
        offer: z.string().trim().min(2).max(500),
        quantity: z.number().int().positive().max(100_000).optional(),
        availability: z.string().trim().max(200),
        consent: z.boolean(),
      })
      .strict(),
    output: z.object({ id: z.string() }),
    access: people,
  },
  'volunteers:list': { input: z.object({ initiativeId: z.string().uuid() }).strict(), output: z.array(volunteerSchema), access: people },
  'volunteers:export': {
    input: z.object({ volunteerId: z.string().uuid() }).strict(),
    // What is held about the person: the sign-up itself, plus who registered it and for which initiative.
    output: volunteerSchema
      .omit({ id: true, createdAt: true })
      .extend({ registeredAt: z.string(), registeredBy: z.string(), initiative: z.string() }),
    access: people,
  },
  'volunteers:erase': { input: z.object({ volunteerId: z.string().uuid() }).strict(), output: z.null(), access: people },
} as const;
