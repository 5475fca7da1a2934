import { z } from 'zod';

export const printStatusSchema = z.object({
  mode: z.enum(['pdf', 'network', 'system']),
  queued: z.number().int(),
  failed: z.number().int(),
  lastError: z.string().nullable(),
  lastOutput: z.string().nullable(),
});
export type PrintStatusView = z.infer<typeof printStatusSchema>;

const empty = z.object({}).strict();

export const printingContract = {
  'receipts:reprint': {
    input: z.object({ kind: z.enum(['donation', 'intake', 'reversal', 'day-z']), refId: z.string().min(1).max(64) }).strict(),
    output: z.object({ receiptNo: z.number().int(), copy: z.number().int() }),
    access: 'counter',
  },
  'day:print': {
    input: z.object({ staffId: z.string().uuid().optional(), handover: z.boolean().optional() }).strict(),
    output: z.object({ receiptNo: z.number().int() }),
    access: 'counter',
  },
  'print:status': { input: empty, output: printStatusSchema, access: 'staff' },
  'print:retry': { input: empty, output: printStatusSchema, access: 'staff' },
  'print:open-folder': { input: empty, output: z.object({ folder: z.string(), opened: z.boolean() }), access: 'staff' },
  'print:failed-to-pdf': { input: empty, output: z.object({ files: z.array(z.string()) }), access: 'staff' },
  'print:test': { input: empty, output: z.object({ receiptNo: z.number().int(), status: printStatusSchema }), access: 'administer' },
} as const;
