/**
 * The device's check of an event before the outbox appends it (outbox.ts `appendEvent`): does the ledger's catalogue
 * (core/sync/events.ts) take this payload? Everywhere that is the catalogue's own check (zod), except for the events a
 * counter writes with every donation (`COMPILED`): those are checked against the catalogue's JSON Schema — the one
 * docs/sync-protocol.md publishes — compiled once into a plain function by Ajv. Same verdict, same payload: on a
 * counter between residents zod's check was about a tenth of a donation's time (docs/benchmarks.md, session 14).
 *
 * Made to give zod's verdict exactly (tests/unit/event-check.test.ts compares the two on generated payloads):
 * - patterns are zod's own regular expressions, without the `u` flag zod does not use either (`unicodeRegExp`), and
 *   `format` is not checked on its own (zod puts the format's pattern in the schema);
 * - string lengths count code points, as zod does (Ajv's own default): an emoji is one, a lone surrogate one too;
 * - numbers must be finite (`strictNumbers`): zod refuses NaN and Infinity;
 * - keys the catalogue does not know are removed from the payload, in place (`removeAdditional: 'all'`), as zod leaves
 *   them out of what it returns.
 * The ledger keeps zod for everything it receives: its reasons name the field, for the quarantine.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { checkPayload, currentVersion, eventCatalogue, type EventType, type PayloadCheck } from '../../core/sync/events.js';

/** The event types checked by a compiled schema: what every donation and every intake scan appends. */
export const COMPILED: readonly EventType[] = ['donation.recorded'];

const ajv = new Ajv2020({
  strict: true,
  unicodeRegExp: false,
  strictNumbers: true,
  validateFormats: false,
  removeAdditional: 'all',
});
const compiled = new Map<string, ValidateFunction>();

function compiledCheck(type: EventType, version: number): ValidateFunction | null {
  if (!COMPILED.includes(type)) return null;
  const key = `${type}@${version}`;
  let check = compiled.get(key);
  if (!check) {
    const spec = (eventCatalogue[type] as Record<number, { schema: z.ZodType } | undefined>)[version];
    if (!spec) return null;
    // A schema with a rule JSON Schema cannot say is not compiled into a weaker check: zod leaves refinements and
    // transforms out of the JSON Schema without a word, so the schema is first held to what it can say.
    const problem = unplainPart(spec.schema);
    if (problem) throw new Error(`${type} v${version} cannot be checked by a compiled schema (${problem}): take it out of COMPILED`);
    check = ajv.compile(z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'throw' }));
    compiled.set(key, check);
  }
  return check;
}

/** The kinds of schema and of check whose JSON Schema says all they do (what the catalogue's plain payloads use). */
const PLAIN_TYPES = new Set(['object', 'string', 'number', 'boolean', 'null', 'nullable', 'optional', 'array', 'enum', 'literal']);
const PLAIN_CHECKS = new Set(['min_length', 'max_length', 'string_format', 'number_format', 'greater_than', 'less_than']);

interface ZodNode {
  _zod: {
    def: {
      type: string;
      checks?: { _zod: { def: { check: string } } }[];
      shape?: Record<string, ZodNode>;
      innerType?: ZodNode;
      element?: ZodNode;
      catchall?: ZodNode;
    };
  };
}

/**
 * Where a zod schema does something its JSON Schema does not say — a refinement, a transform, a default, an object
 * that keeps or refuses unknown keys — as `path: kind`, or null when it has nothing of the kind. Exported for its test.
 */
export function unplainPart(schema: z.ZodType, path = '(payload)'): string | null {
  const { def } = (schema as unknown as ZodNode)._zod;
  if (!PLAIN_TYPES.has(def.type)) return `${path}: ${def.type}`;
  for (const check of def.checks ?? []) if (!PLAIN_CHECKS.has(check._zod.def.check)) return `${path}: ${check._zod.def.check}`;
  if (def.type === 'object' && def.catchall) return `${path}: unknown keys kept or refused`;
  const children: [string, ZodNode][] = [
    ...Object.entries(def.shape ?? {}).map(([key, child]): [string, ZodNode] => [`${path}.${key}`, child]),
    ...(def.innerType ? [[path, def.innerType] as [string, ZodNode]] : []),
    ...(def.element ? [[`${path}[]`, def.element] as [string, ZodNode]] : []),
  ];
  for (const [at, child] of children) {
    const found = unplainPart(child as unknown as z.ZodType, at);
    if (found) return found;
  }
  return null;
}

/**
 * Builds the compiled checks of the versions a device writes now, so that the first donation after the app starts does
 * not wait for it (about 50 ms: the JSON Schema from zod, then Ajv's compile). Answers how many it built.
 */
export function prepareEventChecks(): number {
  let built = 0;
  for (const type of COMPILED) {
    const key = `${type}@${currentVersion(type)}`;
    if (compiled.has(key)) continue;
    if (compiledCheck(type, currentVersion(type))) built += 1;
  }
  return built;
}

/** `checkPayload`'s verdict and payload; for the `COMPILED` types from the compiled schema (which may drop unknown keys in place). */
export function checkEventPayload(type: EventType, version: number, payload: unknown): PayloadCheck {
  const check = compiledCheck(type, version);
  if (!check) return checkPayload(type, version, payload);
  if (check(payload)) return { ok: true, payload: payload as Record<string, unknown> };
  const issue = check.errors?.[0];
  return {
    ok: false,
    reason: `invalid ${type} v${version} payload: ${issue?.instancePath || '(payload)'}: ${issue?.keyword ?? 'invalid'}`,
  };
}
