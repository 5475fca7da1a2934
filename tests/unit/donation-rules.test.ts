import { describe, expect, it } from 'vitest';
import { decideDonation, donationFlags, type DonationFacts } from '../../server/ledger/donation-rules';
import { checkPayload, currentVersion, eventTypes, versionsOf } from '../../core/sync/events';
import { hasUnsafeText, jsonDepth, repairJsonText, repairText } from '../../core/text';
import { momentOf } from '../../core/business-day';

const donation: DonationFacts = {
  redemptionId: '6f1c1d4e-8a4b-4c5d-9e6f-0a1b2c3d4e5f',
  roundId: '2026-2',
  codeHash: 'a'.repeat(64),
  districtCode: null,
  buurtCode: null,
  valueCents: 750,
  parts: [{ initiativeId: 'i1', amountCents: 750 }],
  intakeId: null,
  needsConfirmation: true,
};
const round = { valueCents: 750, from: '2026-07-01 00:00:00+00', until: '2027-06-30 00:00:00+00', status: 'open' };
const facts = { voucher: { district: 'WK014110' }, round, statusOf: new Map([['i1', 'spaarfase']]) };

describe('how the ledger decides a donation', () => {
  it('counts what it can decide at once: in its registry, inside the window, the round value, a collecting initiative', () => {
    const flags = donationFlags(donation, '2026-12-03T10:00:00Z', 0, facts);
    expect(flags).toEqual([]);
    expect(decideDonation(flags)).toBe('counted');
  });

  it('a donation above the target still counts (streefbedrag behaald); any other status is not collecting', () => {
    expect(donationFlags(donation, '2026-12-03T10:00:00Z', 0, { ...facts, statusOf: new Map([['i1', 'streefbedrag_behaald']]) })).toEqual(
      [],
    );
    for (const status of ['ingediend', 'afgewezen', 'niet_geslaagd', 'uitgevoerd']) {
      expect(donationFlags(donation, '2026-12-03T10:00:00Z', 0, { ...facts, statusOf: new Map([['i1', status]]) })).toEqual([
        'initiative-not-collecting',
      ]);
    }
  });

  it('reads a device time without an offset as UTC, whatever zone the ledger server is set to', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Europe/Amsterdam', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
        process.env.TZ = tz;
        expect(momentOf('2027-06-29T23:30:00')).toBe(Date.UTC(2027, 5, 29, 23, 30));
        expect(momentOf('2027-06-29T23:30')).toBe(Date.UTC(2027, 5, 29, 23, 30));
        // Half an hour before the window closes (00:00 UTC): inside on every server.
        expect(donationFlags(donation, '2027-06-29T23:30:00.000', 0, facts)).toEqual([]);
        expect(donationFlags(donation, '2027-06-30T00:30:00', 0, facts)).toEqual(['outside-round']);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    // With Z or an offset it is that moment; what is no time at all stays NaN (outside the window, never refused).
    expect(momentOf('2027-06-30T01:30:00+02:00')).toBe(Date.UTC(2027, 5, 29, 23, 30));
    expect(momentOf('gisteren')).toBeNaN();
    expect(donationFlags(donation, 'gisteren', 0, facts)).toEqual(['outside-round']);
  });

  it('a device clock an hour fast one minute after the window closes: inside, by the clock corrected for its skew', () => {
    const late = '2027-06-30T01:01:00Z'; // device says 01:01 after closing at 00:00
    expect(donationFlags(donation, late, 0, facts)).toEqual(['outside-round']);
    expect(donationFlags(donation, late, 3_600_000 + 120_000, facts)).toEqual([]); // device 62 minutes ahead
  });

  it('flags each problem, and pending is the verdict for any flag', () => {
    expect(donationFlags(donation, '2026-12-03T10:00:00Z', 0, { ...facts, voucher: null })).toEqual(['unknown-voucher']);
    expect(donationFlags({ ...donation, valueCents: 500 }, '2026-12-03T10:00:00Z', 0, facts)).toEqual(['wrong-value']);
    expect(donationFlags(donation, '2026-12-03T10:00:00Z', 0, { ...facts, round: null })).toEqual(['unknown-round']);
    expect(donationFlags(donation, '2026-12-03T10:00:00Z', 0, { ...facts, round: { ...round, status: 'planned' } })).toEqual([
      'outside-round',
    ]);
    expect(donationFlags(donation, '2026-12-03T10:00:00Z', 0, { ...facts, statusOf: new Map() })).toEqual(['unknown-initiative']);
    expect(donationFlags(donation, 'gisteren', 0, facts)).toEqual(['outside-round']); // a time that is not a time
    expect(decideDonation(['wrong-value'])).toBe('pending');
  });
});

describe('the event catalogue', () => {
  it('has a current version for every type, and accepts at least the previous one where there is one', () => {
    for (const type of eventTypes) {
      const versions = versionsOf(type);
      expect(versions.length).toBeGreaterThan(0);
      expect(currentVersion(type)).toBe(Math.max(...versions));
    }
    expect(versionsOf('donation.recorded')).toEqual([1, 2]);
  });

  it('names the field of the first problem, never its value', () => {
    const check = checkPayload('donation.recorded', 2, { redemptionId: 'geheim-1234' });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(/^invalid donation.recorded v2 payload: redemptionId: /);
    expect(!check.ok && check.reason).not.toContain('geheim');
    expect(checkPayload('donation.recorded', 9, {})).toEqual({ ok: false, reason: 'unsupported event donation.recorded v9' });
    expect(checkPayload('toString', 1, {})).toEqual({ ok: false, reason: 'unsupported event toString v1' });
  });
});

describe('text made safe at the edge', () => {
  it('finds and repairs U+0000 and lone surrogates, and leaves surrogate pairs alone', () => {
    expect(hasUnsafeText('ok 😀')).toBe(false);
    expect(hasUnsafeText('a\ud83d')).toBe(true);
    expect(hasUnsafeText('\ude00b')).toBe(true);
    expect(repairText('a\u0000b\ud83dc😀', '\uFFFD')).toBe('a\uFFFDb\uFFFDc😀');
    expect(repairText('a\u0000b', '\uFFFD', '')).toBe('ab');
    const value = { ok: 'x', list: ['y'] };
    expect(repairJsonText(value, '\uFFFD').value).toBe(value); // nothing to repair: the same object
    expect(repairJsonText({ ['k\ud800']: ['\u0000'] }, '?')).toEqual({ value: { 'k?': ['?'] }, repaired: true });
  });

  it('measures depth without recursion and stops past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(jsonDepth(deep, 32)).toBe(33);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(jsonDepth('x')).toBe(0);
  });
});
