import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHashBody, eventHashBodyOfText } from '../../core/sync/protocol';
import { chainHash, chainHashOfText } from '../../common/protocol-crypto';

// The outbox hashes an appended event from its payload text (no second parse); the ledger and every verifier hash
// the parsed payload. Both must give the same text for every payload, or a device's chain would not verify.
const jsonValue = fc.jsonValue().filter((v) => v !== null && typeof v === 'object');
const event = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  eventId: fc.uuid(),
  type: fc.string(),
  version: fc.integer({ min: 1, max: 99 }),
  payload: jsonValue,
  staffId: fc.option(fc.string(), { nil: null }),
  deviceTime: fc.string(),
});

/** canonicalJson as first written (entries, filter, sort, map, join): the one-pass version must write the same. */
function referenceCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonical JSON', () => {
  it('writes what the reference writes, for any value (objects with undefined members too)', () => {
    const withUndefined = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined)));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), withUndefined, fc.array(withUndefined)), (value) => {
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by code unit and parses back to the same value', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], B: true, é: 2 })).toBe('{"B":true,"a":[{"c":"x","d":null}],"b":1,"é":2}');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('the hash body of an event from its canonical payload text', () => {
  it('is the text the parsed payload gives, for any payload, type, staff and time', () => {
    fc.assert(
      fc.property(event, fc.stringMatching(/^[0-9a-f]{64}$/), (e, prev) => {
        const text = canonicalJson(e.payload);
        const parsed = { ...e, payload: JSON.parse(text) as unknown };
        expect(eventHashBodyOfText({ ...e, payload: text })).toBe(eventHashBody(parsed));
        expect(chainHashOfText(prev, { ...e, payload: text })).toBe(chainHash(prev, parsed));
      }),
      { numRuns: 500 },
    );
  });

  it('changes with every field', () => {
    const base = { seq: 7, eventId: 'e', type: 'donation.recorded', version: 2, payload: '{"a":1}', staffId: null, deviceTime: 't' };
    const hash = chainHashOfText('0'.repeat(64), base);
    for (const changed of [
      { seq: 8 },
      { eventId: 'f' },
      { type: 'x' },
      { version: 3 },
      { payload: '{"a":2}' },
      { staffId: 's' },
      { deviceTime: 'u' },
    ])
      expect(chainHashOfText('0'.repeat(64), { ...base, ...changed })).not.toBe(hash);
    expect(chainHashOfText('1'.repeat(64), base)).not.toBe(hash);
  });
});
