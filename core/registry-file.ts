/**
 * The voucher registry file: the valid codes of one round as salted hashes, with their district.
 * The central ledger serves the same shape on pull; until sync exists a beheerder loads it from a
 * file, and the demo round is made through it too. See docs/registry-file.md.
 */
import { z } from 'zod';

export const REGISTRY_FORMAT = 'buurtbalie-registry';

export const registryFileSchema = z
  .object({
    format: z.literal(REGISTRY_FORMAT),
    version: z.literal(1),
    /** When the ledger produced this registry; the device's "as of" for staleness. */
    asOf: z.string().datetime(),
    round: z.object({
      id: z.string().regex(/^\d{4}-[0-9A-Za-z]{1,8}$/),
      valueCents: z.number().int().positive().max(100_000),
      activeFrom: z.string().datetime(),
      activeUntil: z.string().datetime(),
      status: z.enum(['planned', 'open', 'closed']),
    }),
    /** 16+ random bytes, hex; hash = sha256(salt bytes ‖ canonical code), hex. */
    salt: z.string().regex(/^[0-9a-f]{32,128}$/),
    vouchers: z.array(
      z.object({
        h: z.string().regex(/^[0-9a-f]{64}$/),
        d: z.string().min(1).max(16),
        b: z.string().max(16).optional(),
      }),
    ),
    usedElsewhere: z
      .array(z.object({ h: z.string().regex(/^[0-9a-f]{64}$/), at: z.string().datetime(), channel: z.enum(['website', 'counter']) }))
      .default([]),
  })
  .strict();

export type RegistryFile = z.infer<typeof registryFileSchema>;
