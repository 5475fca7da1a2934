import { hasInvisibleCharacters } from '../text.js';
import { z } from 'zod';
import { roles, capabilities } from '../roles.js';
import { checkPin } from '../pin.js';

export const roleSchema = z.enum(roles);
export const idSchema = z.string().uuid();
/**
 * A person's or a place's name as it appears in lists: 2–80 characters after trimming, NFC (so a composed
 * and a decomposed "é" are the same name), and only characters a person can see (core/text.ts).
 */
export const nameSchema = z
  .string()
  .trim()
  .min(2)
  .max(80)
  .refine((s) => !hasInvisibleCharacters(s), { message: 'name:invisible' })
  .transform((s) => s.normalize('NFC'));
export const pinSchema = z.string().superRefine((pin, ctx) => {
  const problem = checkPin(pin);
  if (problem) ctx.addIssue({ code: 'custom', message: `pin:${problem}` });
});
/** At login any string of digits is accepted: a wrong PIN must count as an attempt. */
const loginPinSchema = z.string().regex(/^\d{1,12}$/);

export const sessionInfoSchema = z.object({
  staff: z.object({ id: idSchema, name: z.string(), role: roleSchema }),
  capabilities: z.array(z.enum(capabilities)),
  idleLockMinutes: z.number().int().positive(),
  /** When this person logged in on this window (an unlock keeps it): the start of their shift. */
  since: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const sessionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('active'), session: sessionInfoSchema }),
  z.object({ state: z.literal('locked'), session: sessionInfoSchema }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

const empty = z.object({}).strict();

export const sessionContract = {
  'session:current': { input: empty, output: sessionStateSchema, access: 'public' },
  'session:login': {
    input: z.object({ staffId: idSchema, pin: loginPinSchema }).strict(),
    output: sessionInfoSchema,
    access: 'public',
  },
  'session:unlock': { input: z.object({ pin: loginPinSchema }).strict(), output: sessionInfoSchema, access: 'public' },
  'session:lock': { input: empty, output: z.null(), access: 'public' },
  'session:logout': { input: empty, output: z.null(), access: 'public' },
  'session:heartbeat': { input: empty, output: z.null(), access: 'staff' },
} as const;
