import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { checkPayload, versionsOf } from '../../core/sync/events.js';
import { canonicalJson } from '../../core/sync/protocol.js';
import { z } from 'zod';
import { COMPILED, checkEventPayload, unplainPart } from '../../services/platform/event-check.js';
import { eventCatalogue } from '../../core/sync/events.js';

// The outbox checks the events of every donation with the catalogue's JSON Schema compiled by Ajv instead of zod
// (services/platform/event-check.ts). The ledger checks with zod: any payload the two judge differently is either an
// event the device refuses for nothing or one the ledger quarantines with the money in it.

const uuids = [
  '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  '6f1c2a3b-4d5e-4f60-9a7b-8c9d0e1f2a3b',
  '6F1C2A3B-4D5E-4F60-9A7B-8C9D0E1F2A3B',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6f1c2a3b-4d5e-0f60-9a7b-8c9d0e1f2a3b', // version 0
  '6f1c2a3b-4d5e-4f60-ca7b-8c9d0e1f2a3b', // variant c
  'urn:uuid:6f1c2a3b-4d5e-4f60-9a7b-8c9d0e1f2a3b',
  '6f1c2a3b4d5e4f609a7b8c9d0e1f2a3b',
];
const strings = [
  '',
  'a',
  '2026-B',
  'x'.repeat(16),
  'x'.repeat(17),
  'x'.repeat(32),
  'x'.repeat(33),
  // Astral characters: zod counts code points (one each), not UTF-16 code units (two each).
  '😀'.repeat(8),
  '😀'.repeat(9),
  '😀'.repeat(16),
  '😀'.repeat(17),
  '😀'.repeat(32),
  '😀'.repeat(33),
  '\uDE00\uD83D'.repeat(9),
  '\uD800',
  'a\u0000b',
  'a'.repeat(64),
  'A'.repeat(64),
  'a'.repeat(63),
  'g'.repeat(64),
  '2026-12-04',
  '2026-1-04',
  '２０２６-12-04',
  '2026-12-04\n',
  ...uuids,
];
const numbers = [0, -0, 1, 250, 750, 100_000, 100_001, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 2 ** 53, '750'];
const others = [null, undefined, true, false, [], {}, 'DELETE'];
const partsValues = [
  [],
  [{ initiativeId: uuids[1], amountCents: 750 }],
  [
    { initiativeId: uuids[1], amountCents: 500 },
    { initiativeId: uuids[0], amountCents: 250 },
  ],
  [1, 2, 3, 4].map(() => ({ initiativeId: uuids[1], amountCents: 1 })),
  [{ initiativeId: uuids[1], amountCents: 750, extra: 'x' }],
  [{ initiativeId: uuids[1] }],
  [{ initiativeId: uuids[5], amountCents: 750 }],
  [{ initiativeId: uuids[1], amountCents: 0 }],
  [null],
  ['x'],
];
const anyValue = fc.constantFrom<unknown>(...strings, ...numbers, ...others, ...partsValues);

function validDonation(version: number): Record<string, unknown> {
  const base: Record<string, unknown> = {
    redemptionId: uuids[0],
    roundId: '2026-B',
    codeHash: 'ab'.repeat(32),
    districtCode: 'WK014110',
    valueCents: 750,
    parts: [{ initiativeId: uuids[1], amountCents: 750 }],
    intakeId: null,
    needsConfirmation: false,
    businessDay: '2026-12-04',
  };
  return version >= 2 ? { ...base, buurtCode: 'BU01410000' } : base;
}
const fields = [...Object.keys(validDonation(2)), 'extra', '__proto__'];
const paths = fc.oneof(
  fc.constantFrom(...fields).map((f) => [f]),
  fc.tuple(fc.constant('parts'), fc.constantFrom('0', '1', '3'), fc.constantFrom('initiativeId', 'amountCents', 'extra')),
);

/** A deep copy with the value at `path` set (or removed, for 'DELETE'). */
function mutated(payload: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(payload) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (!next || typeof next !== 'object') return copy;
    at = next as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === 'DELETE') Reflect.deleteProperty(at, last);
  else Object.defineProperty(at, last, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Both checks on their own copy: the compiled one may take unknown keys out of its copy. */
function bothVerdicts(type: (typeof COMPILED)[number], version: number, payload: Record<string, unknown>) {
  const byZod = checkPayload(type, version, structuredClone(payload));
  const compiled = checkEventPayload(type, version, structuredClone(payload));
  return { byZod, compiled };
}

describe('the outbox’s compiled check gives the catalogue’s (zod’s) verdict', () => {
  for (const type of COMPILED) {
    for (const version of versionsOf(type)) {
      it(`${type} v${version}: the same verdict and the same payload for valid and broken payloads`, () => {
        fc.assert(
          fc.property(fc.array(fc.tuple(paths, anyValue), { minLength: 0, maxLength: 3 }), (changes) => {
            let payload = validDonation(version);
            for (const [path, value] of changes) payload = mutated(payload, path, value);
            const { byZod, compiled } = bothVerdicts(type, version, payload);
            expect(compiled.ok).toBe(byZod.ok);
            if (byZod.ok && compiled.ok) expect(canonicalJson(compiled.payload)).toBe(canonicalJson(byZod.payload));
          }),
          { numRuns: 3_000 },
        );
      });
    }
  }

  it('counts a string’s length in code points, as zod does (an emoji is one, not two UTF-16 units)', () => {
    const at = (roundId: string) => bothVerdicts('donation.recorded', 2, { ...validDonation(2), roundId });
    expect(at('😀'.repeat(32))).toMatchObject({ byZod: { ok: true }, compiled: { ok: true } });
    expect(at('😀'.repeat(33))).toMatchObject({ byZod: { ok: false }, compiled: { ok: false } });
    expect(at('\uD800'.repeat(32))).toMatchObject({ byZod: { ok: true }, compiled: { ok: true } });
    expect(at('\uD800'.repeat(33))).toMatchObject({ byZod: { ok: false }, compiled: { ok: false } });
  });

  it('takes keys the catalogue does not know out of the payload, at every level, as zod leaves them out', () => {
    const payload = { ...validDonation(2), extra: 'x', parts: [{ initiativeId: uuids[1], amountCents: 750, note: 'y' }] };
    const checked = checkEventPayload('donation.recorded', 2, payload);
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.payload).toEqual({ ...validDonation(2) });
  });

  it('names the field and the rule when it refuses, and leaves other types and unknown versions to zod', () => {
    expect(checkEventPayload('donation.recorded', 2, { ...validDonation(2), valueCents: 0 })).toEqual({
      ok: false,
      reason: 'invalid donation.recorded v2 payload: /valueCents: exclusiveMinimum',
    });
    expect(checkEventPayload('donation.recorded', 9, validDonation(2))).toEqual(checkPayload('donation.recorded', 9, validDonation(2)));
    const closed = {
      businessDay: '2026-12-04',
      zNumber: 1,
      donations: { count: 1, totalCents: 750 },
      reversals: { count: 0, totalCents: 0 },
    };
    expect(checkEventPayload('day.closed', 1, closed)).toEqual(checkPayload('day.closed', 1, closed));
  });

  it('is built ahead for the versions a device writes now, once (the app does it at start)', async () => {
    vi.resetModules();
    const fresh = await import('../../services/platform/event-check.js');
    expect(fresh.prepareEventChecks()).toBe(fresh.COMPILED.length);
    expect(fresh.prepareEventChecks()).toBe(0);
  });

  it('is only built for schemas whose JSON Schema says all they check (zod leaves refinements and transforms out)', () => {
    for (const type of COMPILED)
      for (const version of versionsOf(type))
        expect(unplainPart((eventCatalogue[type] as Record<number, { schema: z.ZodType }>)[version]!.schema)).toBeNull();
    const part = z.object({ initiativeId: z.uuid(), amountCents: z.number().int() });
    expect(unplainPart(z.object({ parts: z.array(part).refine((p) => p.length > 0) }))).toBe('(payload).parts: custom');
    expect(unplainPart(z.object({ parts: z.array(part.extend({ note: z.string().transform((t) => t.trim()) })) }))).toBe(
      '(payload).parts[].note: pipe',
    );
    expect(unplainPart(z.object({ n: z.number().default(0) }))).toBe('(payload).n: default');
    expect(unplainPart(z.object({ n: z.number() }).passthrough())).toBe('(payload): unknown keys kept or refused');
    expect(unplainPart(z.object({ n: z.number().nullable().optional() }))).toBeNull();
  });
});
