/**
 * Every donation counted once and accounted for, through the app's own code paths: real devices (the
 * app on encrypted SQLite, its services, its sync client) against a real ledger on the real PostgreSQL.
 *
 * The regression: a voucher taken while the device's registry was stale used to be written with a
 * district of null, which the ledger's payload check refused — quarantined, acknowledged in silence,
 * never counted. Now the catalogue says what a device may write, the ledger decides each donation
 * (counted at once, or pending for a person), and the device shows every answer that needs someone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { TestLedger } from '../helpers/ledger';
import { failure, unwrap, type TestApp } from '../helpers/app';
import { enrolledDevice, listeningLedger, type Device } from '../helpers/devices';
import { completeDraft } from '../helpers/registration';
import { createReenrolmentCode, decide, generateCodes, importAddresses, revokeDevice } from '../../server/admin/ops';
import { deviceReport } from '../../server/ledger/lost-devices';
import { donations, events, initiatives as ledgerInitiatives, vouchers } from '../../server/db/schema';
import { formatVoucherCode, generateVoucherCode, type CanonicalCode } from '../../core/voucher-code';
import { redemptions, initiatives as localInitiatives } from '../../db/schema';

let ledger: TestLedger;
let url: string;
let codes: string[];
let initiativeId: string;
const apps: TestApp[] = [];

beforeAll(async () => {
  ({ ledger, url, codes, initiativeId } = await listeningLedger(40));
});
afterAll(async () => {
  for (const t of apps) t.app.close();
  await ledger?.drop();
});

const parts = () => [{ initiativeId, amountCents: 750 }];
const ledgerCollected = async () =>
  (await ledger.db.select().from(ledgerInitiatives).where(eq(ledgerInitiatives.id, initiativeId)))[0]!.collectedCents;
const localCollected = (d: Device) =>
  d.t.app.store!.db.select().from(localInitiatives).where(eq(localInitiatives.id, initiativeId)).get()!.collectedCents;
const ledgerStateOf = (d: Device, id: string) =>
  d.t.app.store!.db.select().from(redemptions).where(eq(redemptions.id, id)).get()!.ledgerState;

/** Four days without a registry update, and the beheerder allows unknown codes for counter staff. */
async function goStale(d: Device) {
  d.clock.advance(4 * 24 * 3_600_000);
  for (const [c, pin] of [
    [d.admin, '25814'],
    [d.clerk, '24680'],
    [d.director, '97531'],
  ] as const) {
    unwrap(await c.call('session:unlock', { pin }));
  }
  unwrap(
    await d.admin.call('settings:update', { acceptUnknownWhenStale: true, acceptUnknownRoles: ['baliemedewerker', 'wijkondersteuner'] }),
  );
}

describe('the ledger decides every donation, and the device shows what needs a person', () => {
  it('a voucher issued after the device last synced, taken while stale, is counted at once: the ledger knows it', async () => {
    const a = await enrolledDevice(ledger, url, 'Stale A', apps);
    // New addresses get codes at the ledger; the device never pulled them.
    await importAddresses(
      ledger.db,
      ledger.tenantId,
      'postcode,house_number,addition,street,buurt_code,district_code\n7601ZZ,1,,Nieuwstraat,BU01410000,WK014110',
    );
    await generateCodes(ledger.db, ledger.tenantId, '2026-2');
    const [fresh] = await ledger.db
      .select()
      .from(vouchers)
      .where(and(eq(vouchers.tenantId, ledger.tenantId), eq(vouchers.buurtCode, 'BU01410000')));
    await goStale(a);
    const taken = unwrap(await a.clerk.call('vouchers:redeem', { code: formatVoucherCode(fresh!.code as CanonicalCode), parts: parts() }));
    expect(taken.needsConfirmation).toBe(true);
    const before = await ledgerCollected();
    await a.t.app.sync!.run();
    const [row] = await ledger.db.select().from(donations).where(eq(donations.redemptionId, taken.id));
    // What the device did not know (district, buurt) the ledger takes from its own registry.
    expect(row).toMatchObject({ state: 'counted', flags: [], districtCode: 'WK014110', buurtCode: 'BU01410000' });
    expect(await ledgerCollected()).toBe(before + 750);
    expect(ledgerStateOf(a, taken.id)).toBe('counted');
    expect(localCollected(a)).toBe(await ledgerCollected());
    // Written by today's app: the catalogue's current version of donation.recorded, with the buurt where known.
    const [event] = await ledger.db
      .select()
      .from(events)
      .where(and(eq(events.deviceId, row!.deviceId!), eq(events.type, 'donation.recorded')));
    expect(event).toMatchObject({ version: 2, outcome: 'accepted' });
    expect((event!.payload as { districtCode: unknown }).districtCode).toBeNull();
  });

  it('a code the ledger does not know either is pending: held, not counted, shown on the device; a wijkregisseur elsewhere decides', async () => {
    const a = await enrolledDevice(ledger, url, 'Stale B', apps);
    const regie = await enrolledDevice(ledger, url, 'Regie laptop', apps);
    await goStale(a);
    const strangers = [generateVoucherCode(), generateVoucherCode()].map(formatVoucherCode);
    const first = unwrap(await a.clerk.call('vouchers:redeem', { code: strangers[0]!, parts: parts() }));
    const second = unwrap(await a.clerk.call('vouchers:redeem', { code: strangers[1]!, parts: parts() }));
    const before = await ledgerCollected();
    await a.t.app.sync!.run();

    // At the ledger: stored, holding the voucher, flagged, counted nowhere.
    const held = await ledger.db
      .select()
      .from(donations)
      .where(sql`${donations.redemptionId} in (${first.id}, ${second.id})`);
    expect(held.map((d) => [d.state, d.flags])).toEqual([
      ['pending', ['unknown-voucher']],
      ['pending', ['unknown-voucher']],
    ]);
    expect(await ledgerCollected()).toBe(before);

    // On the device that took them: nothing acknowledged in silence.
    const status = unwrap(await a.clerk.call('sync:status', {}));
    expect(status).toMatchObject({ unsent: 0, attention: 2, pendingReviews: 2 });
    const seen = unwrap(await a.clerk.call('sync:attention', {}));
    expect(seen.items.map((i) => [i.outcome, i.reason, i.maskedCode !== null])).toEqual([
      ['pending', 'unknown-voucher', true],
      ['pending', 'unknown-voucher', true],
    ]);
    expect(ledgerStateOf(a, first.id)).toBe('pending');
    // The day list shows the same state on the voucher's row.
    const day = unwrap(await a.clerk.call('redemptions:list', {}));
    expect(day.find((r) => r.id === first.id)!.ledgerState).toBe('pending');
    // The counter shows what the ledger counts: the pending ones are not in the total.
    expect(localCollected(a)).toBe(await ledgerCollected());

    // The wijkregisseur on her own laptop sees both, from any device, and decides; a clerk may not.
    await regie.t.app.sync!.run();
    const reviews = unwrap(await regie.director.call('sync:attention', {})).reviews;
    expect(
      reviews
        .filter((r) => r.state === 'pending')
        .map((r) => r.redemptionId)
        .sort(),
    ).toEqual([first.id, second.id].sort());
    expect(reviews.find((r) => r.redemptionId === first.id)).toMatchObject({ ours: false, maskedCode: null, valueCents: 750 });
    const confirm = { redemptionId: first.id, decision: 'confirm' as const, note: 'Bon gezien, echte waardebon.' };
    expect(failure(await regie.clerk.call('sync:decide', confirm)).code).toBe('FORBIDDEN');
    unwrap(await regie.director.call('sync:decide', confirm));
    unwrap(await regie.director.call('sync:decide', { redemptionId: second.id, decision: 'reject', note: 'Geen geldige bon.' }));
    expect(failure(await regie.director.call('sync:decide', confirm)).code).toBe('CONFLICT'); // sent already
    await regie.t.app.sync!.run();

    // The ledger: the confirmed one counts now, the rejected one nowhere; totals follow on both sides.
    const after = await ledger.db
      .select()
      .from(donations)
      .where(sql`${donations.redemptionId} in (${first.id}, ${second.id})`);
    expect(Object.fromEntries(after.map((d) => [d.redemptionId, d.state]))).toEqual({ [first.id]: 'counted', [second.id]: 'rejected' });
    expect(await ledgerCollected()).toBe(before + 750);
    await a.t.app.sync!.run();
    expect(ledgerStateOf(a, first.id)).toBe('counted');
    expect(ledgerStateOf(a, second.id)).toBe('rejected');
    expect(localCollected(a)).toBe(await ledgerCollected());
    expect(localCollected(regie)).toBe(await ledgerCollected());
    expect(unwrap(await a.clerk.call('sync:status', {})).pendingReviews).toBe(0);
    // The items stay listed until someone who can act marks them handled; a clerk cannot.
    const item = unwrap(await a.clerk.call('sync:attention', {})).items[0]!;
    expect(failure(await a.clerk.call('sync:handled', { seq: item.seq })).code).toBe('FORBIDDEN');
    const handled = unwrap(await a.director.call('sync:handled', { seq: item.seq }));
    expect(handled.items.find((i) => i.seq === item.seq)!.handledAt).not.toBeNull();
    expect(unwrap(await a.clerk.call('sync:status', {})).attention).toBe(1);
    // A decision the ledger already took cannot be taken twice (the admin's tool says so).
    await expect(decide(ledger.db, ledger.tenantId, first.id, 'reject', 'te laat')).rejects.toThrow(/not pending but counted/);
  });

  it('a change the ledger overrules shows on Synchronisatie and on the initiative page, until someone marks it handled', async () => {
    const counter = await enrolledDevice(ledger, url, 'Balie O', apps);
    const laptop = await enrolledDevice(ledger, url, 'Laptop O', apps);
    const draft = unwrap(await counter.clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
    const { initiativeId: id } = unwrap(await counter.clerk.call('initiatives:register', { draftId: draft.id }));
    await counter.t.app.sync!.run();
    await laptop.t.app.sync!.run();
    // The counter withdraws it (the resident changed their mind) while the laptop, offline, starts the review.
    unwrap(await counter.clerk.call('initiatives:transition', { initiativeId: id, action: 'withdraw', note: 'Bewoner ziet ervan af.' }));
    unwrap(await laptop.director.call('initiatives:transition', { initiativeId: id, action: 'start-review' }));
    await counter.t.app.sync!.run();
    await laptop.t.app.sync!.run();
    const page = unwrap(await laptop.director.call('initiatives:get', { initiativeId: id }));
    expect(page.status).toBe('ingetrokken'); // the ledger's word, pulled in the same run
    expect(page.ledgerProblem).toMatchObject({
      outcome: 'overruled',
      type: 'initiative.status-changed',
      reason: 'not allowed from ingetrokken',
    });
    const item = unwrap(await laptop.director.call('sync:attention', {})).items.find((i) => i.initiative?.number === page.number)!;
    expect(item).toMatchObject({ outcome: 'overruled', handledAt: null });
    unwrap(await laptop.director.call('sync:handled', { seq: item.seq }));
    expect(unwrap(await laptop.director.call('initiatives:get', { initiativeId: id })).ledgerProblem).toBeNull();
  });

  it('a revoked device keeps its donations; the ledger reports what it withheld; re-enrolled, everything is delivered once', async () => {
    const lost = await enrolledDevice(ledger, url, 'Kwijt', apps);
    const regie = await enrolledDevice(ledger, url, 'Regie 2', apps);
    const deviceId = lost.t.app.sync!.status().deviceId!;
    await revokeDevice(ledger.db, ledger.tenantId, deviceId);
    for (const code of [codes[30]!, codes[31]!]) unwrap(await lost.clerk.call('vouchers:redeem', { code, parts: parts() }));
    const before = await ledgerCollected();
    await expect(lost.t.app.sync!.run()).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    const status = unwrap(await lost.admin.call('sync:status', {}));
    expect(status).toMatchObject({ lastErrorCode: 'DEVICE_REVOKED', unsent: 2 });
    expect(status.lastError).toMatch(/Niets is verloren/);
    expect(await ledgerCollected()).toBe(before);

    // The ledger's report: two donations, € 15,00 for the initiative, not counted.
    const report = await deviceReport(ledger.db, ledger.tenantId, deviceId);
    expect(report!.withheld).toMatchObject({
      events: 2,
      donations: 2,
      cents: 1500,
      initiatives: [{ initiativeId, donations: 2, cents: 1500 }],
    });
    // The wijkregisseur sees it on her device.
    await regie.t.app.sync!.run();
    const shown = unwrap(await regie.director.call('sync:attention', {})).devices.find((d) => d.deviceId === deviceId);
    expect(shown).toMatchObject({ name: 'Balie 1', withheld: { donations: 2, cents: 1500 } });
    expect(shown!.revokedAt).not.toBeNull();
    expect(shown!.withheld.initiatives[0]).toMatchObject({ number: expect.any(Number), title: 'Initiatief 1', donations: 2 });

    // A fresh enrolment code does not fit an enrolled device; a re-enrolment code for it does.
    const { code: other } = await createReenrolmentCode(ledger.db, ledger.tenantId, regie.t.app.sync!.status().deviceId!);
    expect(failure(await lost.admin.call('sync:enrol', { serverUrl: url, code: other })).code).toBe('SYNC_FAILED');
    const { code } = await createReenrolmentCode(ledger.db, ledger.tenantId, deviceId);
    unwrap(await lost.admin.call('sync:enrol', { serverUrl: url, code }));
    await lost.t.app.sync!.run();
    expect(unwrap(await lost.admin.call('sync:status', {}))).toMatchObject({ deviceId, unsent: 0, lastError: null });
    expect(await ledgerCollected()).toBe(before + 1500);
    // Once delivered, nothing is withheld any more, and the wijkregisseur's list says so.
    expect((await deviceReport(ledger.db, ledger.tenantId, deviceId))!.withheld.events).toBe(0);
    await regie.t.app.sync!.run();
    expect(unwrap(await regie.director.call('sync:attention', {})).devices.find((d) => d.deviceId === deviceId)).toBeUndefined();
    // And nothing counted twice: another sync changes nothing.
    await lost.t.app.sync!.run();
    expect(await ledgerCollected()).toBe(before + 1500);
  });
});
