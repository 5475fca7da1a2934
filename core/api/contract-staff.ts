import { z } from 'zod';
import { idSchema, nameSchema, pinSchema, roleSchema } from './contract-session.js';

export const staffSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  /** ISO time until which the account is locked after wrong PINs, or null. */
  lockedUntil: z.string().nullable(),
});
export type StaffSummary = z.infer<typeof staffSummarySchema>;

export const staffContract = {
  'staff:login-options': {
    input: z.object({}).strict(),
    output: z.array(z.object({ id: idSchema, name: z.string() })),
    access: 'public',
  },
  'staff:list': { input: z.object({}).strict(), output: z.array(staffSummarySchema), access: 'administer' },
  'staff:create': {
    input: z.object({ name: nameSchema, role: roleSchema, pin: pinSchema }).strict(),
    output: staffSummarySchema,
    access: 'administer',
  },
  'staff:set-disabled': {
    input: z.object({ staffId: idSchema, disabled: z.boolean() }).strict(),
    output: staffSummarySchema,
    access: 'administer',
  },
  'staff:set-role': {
    input: z.object({ staffId: idSchema, role: roleSchema }).strict(),
    output: staffSummarySchema,
    access: 'administer',
  },
  'staff:reset-pin': {
    input: z.object({ staffId: idSchema, pin: pinSchema }).strict(),
    output: staffSummarySchema,
    access: 'administer',
  },
  'staff:change-own-pin': {
    input: z.object({ currentPin: z.string().regex(/^\d{1,12}$/), newPin: pinSchema }).strict(),
    output: z.null(),
    access: 'staff',
  },
} as const;
