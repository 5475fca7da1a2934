import { z } from 'zod';

/** How this device prints. `pdf` when no thermal printer is set up (laptops on home visits). */
export const printerSettingsSchema = z
  .object({
    mode: z.enum(['pdf', 'network', 'system']),
    profile: z.enum(['epson', 'star']),
    /** host or host:port of a network printer (port 9100 if left out) */
    address: z.string().max(100),
    /** name of a printer installed in the operating system */
    systemName: z.string().max(100),
    paper: z.union([z.literal(80), z.literal(58)]),
  })
  .strict();
export type PrinterSettings = z.infer<typeof printerSettingsSchema>;

export const defaultPrinterSettings: PrinterSettings = { mode: 'pdf', profile: 'epson', address: '', systemName: '', paper: 80 };
