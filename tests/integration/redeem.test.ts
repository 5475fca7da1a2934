import { describe, expect, it } from 'vitest';
import { formatVoucherCode, parseVoucherCode } from '../../core/voucher-code';
import { demoRegistryFile, demoVoucherCodes } from '../../services/setup/demo';
import { registryHash } from '../../services/counter/registry';
import { nl } from '../../renderer/src/i18n/nl';
import { verifyChain } from '../../services/platform/outbox';
import { getRedemption } from '../../services/counter/redemptions';
import { ADMIN_PIN, counterFixture, failure, oneTypo, testClock, unwrap, type TestApp } from '../helpers/app';
import { LOCKOUT_MINUTES, MAX_PIN_ATTEMPTS } from '../../services/staff/staff';

async function clerkIdOf(t: TestApp): Promise<string> {
  const options = unwrap(await t.connect().call('staff:login-options', {}));
  return options.find((o) => o.name === 'Demo Baliemedewerker')!.id;
}

const [c1, c2, c3, c4] = demoVoucherCodes(4).map(formatVoucherCode) as [string, string, string, string];

describe('checking a voucher (Controleer een waardebon)', () => {
  it('says a demo code is valid, with value, round and district', async () => {
    const { clerk } = await counterFixture();
    expect(unwrap(await clerk.call('vouchers:check', { code: c1.toLowerCase().replace(/-/g, ' ') + '\n' }))).toMatchObject({
      status: 'valid',
      display: c1,
      valueCents: 750,
      districtCode: expect.stringMatching(/^WK0141/),
      needsConfirmation: false,
    });
  });

  it('explains a wrong format and suggests the voucher meant when one symbol is off', async () => {
    const { clerk } = await counterFixture();
    expect(unwrap(await clerk.call('vouchers:check', { code: 'ABC' }))).toEqual({ status: 'invalid', reason: 'too-short' });
    expect(unwrap(await clerk.call('vouchers:check', { code: `${c1.slice(0, -1)}U` }))).toMatchObject({
      status: 'invalid',
      reason: 'invalid-character',
      character: 'U',
    });
    expect(unwrap(await clerk.call('vouchers:check', { code: oneTypo(c1) }))).toEqual({
      status: 'invalid',
      reason: 'check-failed',
      suggestion: c1,
    });
  });

  it('says a well-formed code that is not in the registry is unknown', async () => {
    const { clerk } = await counterFixture();
    const stranger = demoVoucherCodes(700)[650]!; // made the same way, but not in the demo registry (600 codes)
    expect(unwrap(await clerk.call('vouchers:check', { code: stranger }))).toMatchObject({ status: 'unknown', registryStale: false });
  });

  it('says when, where and for what a voucher was already used here', async () => {
    const { clerk, initiatives } = await counterFixture();
    const target = initiatives[0]!;
    unwrap(await clerk.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: target.id, amountCents: 750 }] }));
    expect(unwrap(await clerk.call('vouchers:check', { code: c1 }))).toMatchObject({
      status: 'used-here',
      servicePoint: 'Wijkcentrum De Schelf',
      initiatives: [{ number: target.number, title: target.title, amountCents: 750 }],
    });
  });

  it('says a voucher was used elsewhere, as of the last registry update', async () => {
    const { t, clerk } = await counterFixture();
    const sqlite = t.app.store!.sqlite;
    const round = sqlite.prepare('SELECT id, registry_salt AS salt FROM rounds').get() as { id: string; salt: string };
    const { registryHash } = await import('../../services/counter/registry');
    const parsed = parseVoucherCode(c2);
    if (!parsed.ok) throw new Error('demo code invalid');
    sqlite
      .prepare(`INSERT INTO vouchers_used_elsewhere (round_id, code_hash, used_at, channel, as_of) VALUES (?, ?, ?, 'website', ?)`)
      .run(round.id, registryHash(round.salt, parsed.code), '2026-11-20T10:00:00.000Z', '2026-11-21T02:00:00.000Z');
    expect(unwrap(await clerk.call('vouchers:check', { code: c2 }))).toMatchObject({
      status: 'used-elsewhere',
      channel: 'website',
      asOf: '2026-11-21T02:00:00.000Z',
    });
    expect(
      failure(
        await clerk.call('vouchers:redeem', { code: c2, parts: [{ initiativeId: (await firstCollecting(clerk)).id, amountCents: 750 }] }),
      ).code,
    ).toBe('VOUCHER_REFUSED');
  });

  it('refuses vouchers of a round that is not open yet or already closed', async () => {
    const { t, clerk } = await counterFixture();
    const sqlite = t.app.store!.sqlite;
    sqlite.prepare(`UPDATE rounds SET active_from = '2027-01-01T00:00:00.000Z'`).run();
    expect(unwrap(await clerk.call('vouchers:check', { code: c3 }))).toMatchObject({
      status: 'round-not-open',
      activeFrom: '2027-01-01T00:00:00.000Z',
    });
    sqlite.prepare(`UPDATE rounds SET active_from = '2026-01-01T00:00:00.000Z', status = 'closed'`).run();
    expect(unwrap(await clerk.call('vouchers:check', { code: c3 }))).toMatchObject({ status: 'round-closed' });
  });
});

async function firstCollecting(clerk: Awaited<ReturnType<typeof counterFixture>>['clerk']) {
  return unwrap(await clerk.call('initiatives:list', { status: 'spaarfase' }))[0]!;
}

describe('redeeming', () => {
  it('commits the donation, raises the initiative total and writes one chained outbox event', async () => {
    const { t, clerk, initiatives } = await counterFixture();
    const target = initiatives[0]!;
    const redemption = unwrap(await clerk.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: target.id, amountCents: 750 }] }));
    expect(redemption).toMatchObject({
      valueCents: 750,
      staffName: 'Demo Baliemedewerker',
      servicePoint: 'Wijkcentrum De Schelf',
      reversed: false,
      parts: [{ number: target.number, amountCents: 750 }],
    });
    expect(redemption.masked).toMatch(/^[0-9A-Z]{4}-••••-••[0-9A-Z]{2}-[0-9A-Z]$/);
    const after = unwrap(await clerk.call('initiatives:list', {})).find((i) => i.id === target.id)!;
    expect(after.collectedCents).toBe(target.collectedCents + 750);
    expect(unwrap(await clerk.call('app:status', {})).unsentCount).toBe(1);
    const event = t.app.store!.sqlite.prepare('SELECT type, version, payload FROM outbox').get() as {
      type: string;
      version: number;
      payload: string;
    };
    expect(event).toMatchObject({ type: 'donation.recorded', version: 2 });
    expect(event.payload).not.toContain(c1.replace(/-/g, ''));
    expect(verifyChain(t.app.store!.db)).toBeNull();
  });

  it('refuses the same voucher twice', async () => {
    const { clerk, initiatives } = await counterFixture();
    const parts = [{ initiativeId: initiatives[0]!.id, amountCents: 750 }];
    unwrap(await clerk.call('vouchers:redeem', { code: c1, parts }));
    const second = failure(await clerk.call('vouchers:redeem', { code: c1, parts }));
    expect(second).toMatchObject({ code: 'VOUCHER_REFUSED', details: { check: { status: 'used-here' } } });
  });

  it('splits one voucher over up to three initiatives in whole cents that add up', async () => {
    const fixture = await counterFixture();
    const { clerk, initiatives } = fixture;
    const [a, b, c, d] = initiatives as [
      (typeof initiatives)[0],
      (typeof initiatives)[0],
      (typeof initiatives)[0],
      (typeof initiatives)[0],
    ];
    const ok = unwrap(
      await clerk.call('vouchers:redeem', {
        code: c1,
        parts: [
          { initiativeId: a.id, amountCents: 250 },
          { initiativeId: b.id, amountCents: 250 },
          { initiativeId: c.id, amountCents: 250 },
        ],
      }),
    );
    expect(ok.parts.map((p) => p.amountCents)).toEqual([250, 250, 250]);
    // The answer is built from what was written (not read back): it must be the donation as stored and as the day
    // list reads it — the parts from the row's JSON through the donation_parts view, in order, with their titles.
    expect(getRedemption(fixture.t.app.store!.db, ok.id)).toEqual(ok);
    expect(ok.parts.map((p) => p.initiativeId)).toEqual([a.id, b.id, c.id]);
    expect(ok.parts.map((p) => p.title)).toEqual([a.title, b.title, c.title]);
    expect(
      failure(
        await clerk.call('vouchers:redeem', {
          code: c2,
          parts: [
            { initiativeId: a.id, amountCents: 400 },
            { initiativeId: b.id, amountCents: 300 },
          ],
        }),
      ),
    ).toMatchObject({ code: 'SPLIT_INVALID', details: { problem: 'sum-mismatch' } });
    expect(
      failure(
        await clerk.call('vouchers:redeem', {
          code: c2,
          parts: [
            { initiativeId: a.id, amountCents: 375 },
            { initiativeId: a.id, amountCents: 375 },
          ],
        }),
      ),
    ).toMatchObject({ code: 'SPLIT_INVALID', details: { problem: 'same-initiative-twice' } });
    expect(
      failure(
        await clerk.call('vouchers:redeem', {
          code: c2,
          parts: [
            { initiativeId: a.id, amountCents: 750 },
            { initiativeId: b.id, amountCents: 0 },
          ],
        }),
      ),
    ).toMatchObject({ code: 'SPLIT_INVALID' });
    expect(
      failure(await clerk.call('vouchers:redeem', { code: c2, parts: [a, b, c, d].map((i) => ({ initiativeId: i.id, amountCents: 187 })) }))
        .code,
    ).toBe('VALIDATION');
    // Nothing of the refused attempts was written.
    expect(unwrap(await clerk.call('vouchers:check', { code: c2 })).status).toBe('valid');
  });

  it('gives only to initiatives in the spaarfase', async () => {
    const { clerk } = await counterFixture();
    const done = unwrap(await clerk.call('initiatives:list', { status: 'uitgevoerd' }))[0]!;
    expect(failure(await clerk.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: done.id, amountCents: 750 }] })).code).toBe(
      'INITIATIVE_NOT_COLLECTING',
    );
  });

  it('is for counter roles only', async () => {
    const { admin, initiatives } = await counterFixture();
    expect(
      failure(await admin.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: initiatives[0]!.id, amountCents: 750 }] })).code,
    ).toBe('FORBIDDEN');
  });

  it('takes an unknown code while the registry is stale only when the beheerder allows it for that role', async () => {
    const clock = testClock();
    const { t, admin, clerk, initiatives } = await counterFixture({ clock });
    const stranger = formatVoucherCode(demoVoucherCodes(700)[650]!);
    const parts = [{ initiativeId: initiatives[0]!.id, amountCents: 750 }];
    clock.advance(4 * 24 * 3_600_000); // four days without a registry update: stale (limit 72 h)
    unwrap(await clerk.call('session:unlock', { pin: '24680' })); // the idle lock fell meanwhile
    unwrap(await admin.call('session:unlock', { pin: ADMIN_PIN }));
    expect(unwrap(await clerk.call('vouchers:check', { code: stranger }))).toMatchObject({ status: 'unknown', registryStale: true });
    unwrap(await admin.call('settings:update', { acceptUnknownWhenStale: true, acceptUnknownRoles: ['wijkondersteuner'] }));
    expect(unwrap(await clerk.call('vouchers:check', { code: stranger })).status).toBe('unknown'); // not for a baliemedewerker
    unwrap(await admin.call('settings:update', { acceptUnknownRoles: ['baliemedewerker', 'wijkondersteuner'] }));
    expect(unwrap(await clerk.call('vouchers:check', { code: stranger }))).toMatchObject({
      status: 'valid',
      needsConfirmation: true,
      districtCode: null,
    });
    const redemption = unwrap(await clerk.call('vouchers:redeem', { code: stranger, parts }));
    expect(redemption.needsConfirmation).toBe(true);
    expect(t.app.store!.sqlite.prepare(`SELECT json_extract(payload, '$.needsConfirmation') FROM outbox`).pluck().get()).toBe(1);
    expect(unwrap(await clerk.call('vouchers:check', { code: stranger })).status).toBe('used-here');

    // Past the open round's last moment no round holds the time: an unknown code is not taken, whatever the settings.
    const until = t.app.store!.sqlite.prepare("SELECT max(active_until) FROM rounds WHERE status = 'open'").pluck().get() as string;
    const another = formatVoucherCode(demoVoucherCodes(700)[651]!);
    clock.advance(new Date(until).getTime() - clock().getTime() - 60_000); // a minute before the end: still taken
    unwrap(await clerk.call('session:unlock', { pin: '24680' }));
    expect(unwrap(await clerk.call('vouchers:check', { code: another }))).toMatchObject({ status: 'valid', needsConfirmation: true });
    clock.advance(2 * 60_000); // a minute after it
    expect(unwrap(await clerk.call('vouchers:check', { code: another }))).toMatchObject({ status: 'unknown', registryStale: true });
  });
});

describe('a registry file for a round this counter already took vouchers in', () => {
  it('is refused when its salt differs (the vouchers taken here would no longer be recognised); the same salt is taken', async () => {
    const { t, admin, clerk, initiatives } = await counterFixture();
    const parts = [{ initiativeId: initiatives[0]!.id, amountCents: 750 }];
    unwrap(await clerk.call('vouchers:redeem', { code: c1, parts }));
    const db = t.app.store!.db;
    const round = db.$client.prepare("SELECT id, registry_salt AS salt FROM rounds WHERE status = 'open'").get() as {
      id: string;
      salt: string;
    };
    const file = demoRegistryFile(new Date(), ['WK014110']);
    // The same round, another salt: every code hashes differently, so c1 would look unused again.
    const refused = failure(
      await admin.call('registry:import', { fileText: JSON.stringify({ ...file, round: { ...file.round, id: round.id } }) }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(round.id);
    expect(refused.details).toMatchObject({ reason: 'registry-other-salt', roundId: round.id });
    // The screen says it in its own language from the reason (renderer/src/errors.ts); the Dutch is the service's.
    expect(refused.message).toBe(nl['error.registryOtherSalt'].replace('{round}', round.id));
    expect(unwrap(await clerk.call('vouchers:check', { code: c1 }))).toMatchObject({ status: 'used-here' });
    expect(failure(await clerk.call('vouchers:redeem', { code: c1, parts })).code).toBe('VOUCHER_REFUSED');
    // A newer file of the same round with the same salt (as the ledger makes them) replaces the registry.
    const sameSalt = {
      ...file,
      round: { ...file.round, id: round.id },
      salt: round.salt,
      vouchers: demoVoucherCodes(3).map((code) => ({ h: registryHash(round.salt, code), d: 'WK014110' })),
    };
    expect(unwrap(await admin.call('registry:import', { fileText: JSON.stringify(sameSalt) }))).toMatchObject({
      roundId: round.id,
      vouchers: 3,
    });
    expect(unwrap(await clerk.call('vouchers:check', { code: c1 }))).toMatchObject({ status: 'used-here' });
  });
});

describe('reversal', () => {
  it('counts wrong approval PINs apart from her login: a clerk can block approvals for a while, never lock her out', async () => {
    const { t, clerk, initiatives, directorId } = await counterFixture();
    const redemption = unwrap(
      await clerk.call('vouchers:redeem', { code: c3, parts: [{ initiativeId: initiatives[0]!.id, amountCents: 750 }] }),
    );
    const input = { redemptionId: redemption.id, reason: 'Verkeerd initiatief gekozen', approverId: directorId };
    for (let i = 1; i < MAX_PIN_ATTEMPTS; i++) {
      expect(failure(await clerk.call('redemptions:reverse', { ...input, approverPin: '11112' }))).toMatchObject({
        code: 'WRONG_PIN',
        details: { attemptsLeft: MAX_PIN_ATTEMPTS - i },
      });
    }
    const locked = failure(await clerk.call('redemptions:reverse', { ...input, approverPin: '11112' }));
    expect(locked).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { purpose: 'approval' } });
    // Even the right PIN does not approve now …
    expect(failure(await clerk.call('redemptions:reverse', { ...input, approverPin: '97531' })).code).toBe('ACCOUNT_LOCKED');
    // … but the wijkregisseur logs in as always: her own login has its own count.
    const own = t.connect();
    expect(unwrap(await own.call('session:login', { staffId: directorId, pin: '97531' })).staff.id).toBe(directorId);
    // After the lock-out time approving works again, and the reversal is recorded as hers.
    t.clock.advance((LOCKOUT_MINUTES + 1) * 60_000);
    unwrap(await clerk.call('session:login', { staffId: await clerkIdOf(t), pin: '24680' }));
    const reversal = unwrap(await clerk.call('redemptions:reverse', { ...input, approverPin: '97531' }));
    expect(reversal.approvedByName).toBe('Demo Wijkregisseur');
    const event = t.app.store!.sqlite.prepare(`SELECT payload FROM outbox WHERE type = 'donation.reversed'`).pluck().get() as string;
    expect(JSON.parse(event)).toMatchObject({ approvedBy: directorId });
  });

  it('and wrong login PINs do not use up her approvals', async () => {
    const { t, clerk, initiatives, directorId } = await counterFixture();
    const redemption = unwrap(
      await clerk.call('vouchers:redeem', { code: c4, parts: [{ initiativeId: initiatives[0]!.id, amountCents: 750 }] }),
    );
    const other = t.connect();
    for (let i = 0; i < MAX_PIN_ATTEMPTS - 1; i++) await other.call('session:login', { staffId: directorId, pin: '11112' });
    const reversal = unwrap(
      await clerk.call('redemptions:reverse', {
        redemptionId: redemption.id,
        reason: 'Verkeerd initiatief gekozen',
        approverId: directorId,
        approverPin: '97531',
      }),
    );
    expect(reversal.approvedByName).toBe('Demo Wijkregisseur');
  });

  it('needs a wijkregisseur PIN, frees the voucher and takes the amount off again', async () => {
    const { t, clerk, initiatives, directorId, clerkId } = await counterFixture();
    const target = initiatives[0]!;
    const countHere = async () => unwrap(await clerk.call('initiatives:get', { initiativeId: target.id })).donationCount;
    const before = await countHere();
    const redemption = unwrap(await clerk.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: target.id, amountCents: 750 }] }));
    expect(await countHere()).toBe(before + 1);
    const input = { redemptionId: redemption.id, reason: 'Verkeerd initiatief gekozen' };
    expect(failure(await clerk.call('redemptions:reverse', { ...input, approverId: directorId, approverPin: '11112' })).code).toBe(
      'WRONG_PIN',
    );
    expect(failure(await clerk.call('redemptions:reverse', { ...input, approverId: clerkId, approverPin: '24680' })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      failure(await clerk.call('redemptions:reverse', { ...input, reason: 'oeps', approverId: directorId, approverPin: '97531' })).code,
    ).toBe('VALIDATION');
    const reversal = unwrap(await clerk.call('redemptions:reverse', { ...input, approverId: directorId, approverPin: '97531' }));
    expect(reversal).toMatchObject({ approvedByName: 'Demo Wijkregisseur', valueCents: 750 });
    expect(unwrap(await clerk.call('initiatives:list', {})).find((i) => i.id === target.id)!.collectedCents).toBe(target.collectedCents);
    expect(await countHere()).toBe(before);
    expect(failure(await clerk.call('redemptions:reverse', { ...input, approverId: directorId, approverPin: '97531' })).code).toBe(
      'NOT_FOUND',
    );
    // The voucher can be used again, for the right initiative.
    unwrap(await clerk.call('vouchers:redeem', { code: c1, parts: [{ initiativeId: initiatives[1]!.id, amountCents: 750 }] }));
    const types = t.app.store!.sqlite.prepare('SELECT type FROM outbox ORDER BY seq').pluck().all();
    expect(types).toEqual(['donation.recorded', 'donation.reversed', 'donation.recorded']);
    expect(verifyChain(t.app.store!.db)).toBeNull();
    // The original donation row is still there, marked reversed, never edited otherwise.
    const rows = unwrap(await clerk.call('redemptions:list', {}));
    expect(rows.map((r) => r.reversed).sort()).toEqual([false, true]);
  });
});

describe('money moves the initiative', () => {
  it('reaches "streefbedrag behaald" with the donation that completes the target, and falls back on a reversal', async () => {
    const { t, clerk, directorId } = await counterFixture();
    const [almost] = unwrap(await clerk.call('initiatives:list', { query: 'Voetbalgoaltjes' }));
    // 375 of 400 euro collected: four more vouchers reach the target (405 euro).
    t.app.store!.sqlite.prepare('UPDATE initiatives SET collected_cents = 37500 WHERE id = ?').run(almost!.id);
    const give = (code: string) => clerk.call('vouchers:redeem', { code, parts: [{ initiativeId: almost!.id, amountCents: 750 }] });
    for (const code of [c1, c2, c3]) unwrap(await give(code));
    expect(unwrap(await clerk.call('initiatives:list', { query: 'Voetbalgoaltjes' }))[0]).toMatchObject({
      status: 'spaarfase',
      collectedCents: 39750,
    });
    const last = unwrap(await give(c4));
    expect(unwrap(await clerk.call('initiatives:list', { query: 'Voetbalgoaltjes' }))[0]).toMatchObject({
      status: 'streefbedrag_behaald',
      collectedCents: 40500,
    });
    // Funded: no more donations.
    const more = demoVoucherCodes(6).map(formatVoucherCode)[5]!;
    expect(failure(await give(more)).code).toBe('INITIATIVE_NOT_COLLECTING');
    // The last voucher reversed: below the target again, collecting again.
    unwrap(
      await clerk.call('redemptions:reverse', {
        redemptionId: last.id,
        reason: 'Verkeerd initiatief gekozen',
        approverId: directorId,
        approverPin: '97531',
      }),
    );
    expect(unwrap(await clerk.call('initiatives:list', { query: 'Voetbalgoaltjes' }))[0]).toMatchObject({
      status: 'spaarfase',
      collectedCents: 39750,
    });
    const events = t.app
      .store!.sqlite.prepare(`SELECT json_extract(payload, '$.action') FROM outbox WHERE type = 'initiative.status-changed' ORDER BY seq`)
      .pluck()
      .all();
    expect(events).toEqual(['reach-target', 'lose-target']);
    expect(verifyChain(t.app.store!.db)).toBeNull();
  });

  it('marks an initiative whose saving deadline passed without the target as "niet geslaagd", releasing its value', async () => {
    const clock = testClock();
    const { t, clerk } = await counterFixture({ clock });
    const [bench] = unwrap(await clerk.call('initiatives:list', { query: 'Buurtbieb' }));
    expect(bench!.status).toBe('spaarfase');
    const { expireDeadlines } = await import('../../services/initiatives/lifecycle');
    clock.advance(31 * 86_400_000); // its deadline was 30 days out
    expect(expireDeadlines(t.app.store!.db, clock)).toBeGreaterThanOrEqual(1);
    const event = t.app
      .store!.sqlite.prepare(
        `SELECT payload FROM outbox WHERE type = 'initiative.status-changed' AND json_extract(payload, '$.initiativeId') = ?`,
      )
      .pluck()
      .get(bench!.id) as string;
    expect(JSON.parse(event)).toMatchObject({
      action: 'miss-deadline',
      to: 'niet_geslaagd',
      releasedCents: bench!.collectedCents,
      districtCode: bench!.districtCode,
    });
  });
});
