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
    // 'throw': a schema with a rule JSON Schema cannot say must not be compiled into a weaker check.
    check = ajv.compile(z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'throw' }));
    compiled.set(key, check);
  }
  return check;
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
