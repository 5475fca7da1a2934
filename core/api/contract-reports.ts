import { z } from 'zod';

/** A report made on the device, handed to the screen to save or open (the PDF, spreadsheet or CSV bytes). */
export const reportFileSchema = z.object({
  fileName: z.string(),
  mime: z.string(),
  base64: z.string(),
});
export type ReportFile = z.infer<typeof reportFileSchema>;

export const reportsContract = {
  /** The round evaluation the college asked for (A4 PDF), with the wijkregisseur's written remarks. */
  'reports:round-evaluation': {
    input: z
      .object({
        roundId: z.string().min(1).max(32),
        remarks: z.string().max(4000),
      })
      .strict(),
    output: reportFileSchema,
    access: 'monitor',
  },
  /** The jaarverantwoording of a year, for one district or village or the whole municipality (null). */
  'reports:annual': {
    input: z
      .object({
        year: z.number().int().min(2000).max(2100),
        districtCode: z.string().min(1).max(16).nullable(),
        format: z.enum(['pdf', 'xlsx', 'csv']),
      })
      .strict(),
    output: reportFileSchema,
    access: 'monitor',
  },
} as const;
