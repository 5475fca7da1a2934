/**
 * Real devices (the app on encrypted SQLite, through its API) against a real ledger process-in-test
 * listening on a real port, on the real PostgreSQL: enrol, pull the registry and initiatives, redeem,
 * push, double use across two offline devices, settlement, offline batch file, revocation, no network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestLedger } from '../helpers/ledger';
import { failure, makeApp, root, setUpDevice, unwrap, type TestApp } from '../helpers/app';
import { enrolledDevice as enrolDevice, listeningLedger, type Device } from '../helpers/devices';
import { addInitiative, createEnrolmentCodeFor, importBatchFile, ledgerTotals, revokeDevice } from '../../server/admin/ops';
import { initiatives as ledgerInitiatives, photos as ledgerPhotos } from '../../server/db/schema';
import { redemptions, initiatives as localInitiatives } from '../../db/schema';
import { completeDraft } from '../helpers/registration';
import { conditionIds } from '../../core/conditions';

let ledger: TestLedger;
let url: string;
let codes: string[];
let initiativeId: string;
const apps: TestApp[] = [];

beforeAll(async () => {
  ({ ledger, url, codes, initiativeId } = await listeningLedger(120));
});
afterAll(async () => {
  for (const t of apps) t.app.close();
  await ledger?.drop();
});

const enrolledDevice = (name: string) => enrolDevice(ledger, url, name, apps);

const redeem = (d: Device, code: string) => d.clerk.call('vouchers:redeem', { code, parts: [{ initiativeId, amountCents: 750 }] });

async function ledgerCollected(): Promise<number> {
  const [row] = await ledger.db.select().from(ledgerInitiatives).where(eq(ledgerInitiatives.id, initiativeId));
  return row!.collectedCents;
}
function localCollected(d: Device): number {
  return d.t.app.store!.db.select().from(localInitiatives).where(eq(localInitiatives.id, initiativeId)).get()!.collectedCents;
}

describe('a device and the ledger', () => {
  it("a pull while donations are unsent: the initiative shows the ledger's total plus this device's own, then the ledger's alone", async () => {
    const a = await enrolledDevice('Onderweg A');
    const b = await enrolledDevice('Onderweg B');
    // A takes two vouchers and has not sent them; B takes one and syncs, so the ledger's initiative changes.
    unwrap(await redeem(a, codes[100]!));
    unwrap(await redeem(a, codes[101]!));
    unwrap(await redeem(b, codes[102]!));
    await b.t.app.sync!.run();
    const ledgerNow = await ledgerCollected();
    await a.t.app.sync!.client.pull();
    expect(a.t.app.sync!.status().unsent).toBeGreaterThanOrEqual(2);
    expect(localCollected(a)).toBe(ledgerNow + 2 * 750);
    // Once sent, the ledger counts them and the device shows exactly the ledger's figure.
    await a.t.app.sync!.run();
    await a.t.app.sync!.run();
    expect(localCollected(a)).toBe(await ledgerCollected());
    expect(await ledgerCollected()).toBe(ledgerNow + 2 * 750);
  });

  it('tells the status bar whether the ledger answers, and warns when the PC clock is off, also on a pull-only run', async () => {
    const d = await enrolledDevice('Klok');
    expect(unwrap(await d.clerk.call('app:status', {}))).toMatchObject({ ledger: 'reachable', clockSkewMs: null });
    // The PC's clock runs 20 minutes ahead; nothing to send, so only the pull can tell.
    d.clock.advance(20 * 60_000);
    await d.t.app.sync!.run();
    const off = unwrap(await d.clerk.call('app:status', {}));
    expect(off.ledger).toBe('reachable');
    expect(off.clockSkewMs).toBeGreaterThan(19 * 60_000);
    expect(off.clockSkewMs).toBeLessThan(21 * 60_000);
    expect(d.t.log.lines.some((l) => l.message === 'device clock is off against the ledger')).toBe(true);
    // Set right again: the warning goes.
    d.clock.advance(-20 * 60_000);
    await d.t.app.sync!.run();
    expect(unwrap(await d.clerk.call('app:status', {})).clockSkewMs).toBeNull();
  });

  it('enrols, pulls the registry and initiatives, redeems a real code, and the ledger counts it once', async () => {
    const d = await enrolledDevice('Balie 1');
    const list = unwrap(await d.clerk.call('initiatives:list', { status: 'spaarfase' }));
    expect(list.map((i) => i.id)).toContain(initiativeId);
    expect(unwrap(await d.clerk.call('vouchers:check', { code: codes[0]! })).status).toBe('valid');
    const before = await ledgerTotals(ledger.db, ledger.tenantId);
    unwrap(await redeem(d, codes[0]!));
    expect(d.t.app.sync!.status().unsent).toBeGreaterThan(0);
    await d.t.app.sync!.run();
    const status = unwrap(await d.clerk.call('sync:status', {}));
    expect(status).toMatchObject({ unsent: 0, lastError: null, openConflicts: 0 });
    expect(status.lastSyncAt).not.toBeNull();
    const after = await ledgerTotals(ledger.db, ledger.tenantId);
    expect(after.counted - before.counted).toBe(1);
    const row = d.t.app.store!.db.select().from(redemptions).get()!;
    expect(row.ledgerState).toBe('counted');
    expect(localCollected(d)).toBe(await ledgerCollected());
    // Syncing again sends nothing and counts nothing twice.
    await d.t.app.sync!.run();
    expect((await ledgerTotals(ledger.db, ledger.tenantId)).counted).toBe(after.counted);
  });

  it('two devices take the same voucher offline: after both sync, one counts, both show the conflict, totals agree', async () => {
    const a = await enrolledDevice('A');
    const b = await enrolledDevice('B');
    unwrap(await redeem(a, codes[5]!));
    unwrap(await redeem(b, codes[5]!));
    await a.t.app.sync!.run();
    await b.t.app.sync!.run();
    await a.t.app.sync!.run(); // A learns of the conflict on its next pull
    const conflictsB = unwrap(await b.clerk.call('sync:conflicts', {}));
    const conflictsA = unwrap(await a.clerk.call('sync:conflicts', {}));
    expect(conflictsB).toHaveLength(1);
    expect(conflictsB[0]).toMatchObject({ ours: 'contested', state: 'open', valueCents: 750 });
    expect(conflictsB[0]!.initiatives[0]!.title).toBe('Initiatief 1');
    expect(conflictsA).toHaveLength(1);
    expect(conflictsA[0]).toMatchObject({ ours: 'counted', state: 'open' });
    const total = await ledgerCollected();
    expect(localCollected(a)).toBe(total);
    expect(localCollected(b)).toBe(total);
    expect(unwrap(await b.clerk.call('sync:status', {})).openConflicts).toBe(1);

    // A counter clerk may not settle; the wijkregisseur does, with a note; the ledger decides.
    const input = {
      contestedRedemptionId: conflictsB[0]!.contestedRedemptionId,
      decision: 'keep-other' as const,
      note: 'Bon was al gegeven.',
    };
    expect(failure(await b.clerk.call('sync:settle', input)).code).toBe('FORBIDDEN');
    const sent = unwrap(await b.director.call('sync:settle', input));
    expect(sent[0]!.settlementSent).toBe(true);
    await b.t.app.sync!.run();
    await a.t.app.sync!.run();
    expect(unwrap(await b.director.call('sync:conflicts', {}))[0]).toMatchObject({ state: 'kept-other', note: 'Bon was al gegeven.' });
    expect(unwrap(await a.clerk.call('sync:conflicts', {}))[0]).toMatchObject({ state: 'kept-other' });
    expect(unwrap(await b.clerk.call('sync:status', {})).openConflicts).toBe(0);
    expect(localCollected(a)).toBe(await ledgerCollected());
    expect(localCollected(b)).toBe(await ledgerCollected());
  });

  it('an initiative registered at the counter travels to the ledger, which gives it its number; the device takes that number', async () => {
    const d = await enrolledDevice('R');
    const draft = unwrap(await d.clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
    const made = unwrap(await d.clerk.call('initiatives:register', { draftId: draft.id }));
    expect(made.number).toBeGreaterThan(900_000);
    await d.t.app.sync!.run();
    const [row] = await ledger.db.select().from(ledgerInitiatives).where(eq(ledgerInitiatives.id, made.initiativeId));
    expect(row).toMatchObject({ status: 'ingediend', targetCents: 75_000, title: 'Jeu-de-boulesbaan bij de Esch' });
    expect(row!.number).toBeGreaterThan(1000);
    expect(row!.number).toBeLessThan(900_000);
    const local = unwrap(await d.clerk.call('initiatives:get', { initiativeId: made.initiativeId }));
    expect(local.number).toBe(row!.number);
  });

  it('a registration crosses devices: assessed elsewhere, sent back with a note, changed at the counter, submitted again', async () => {
    const counter = await enrolledDevice('C');
    const laptop = await enrolledDevice('L');
    const draft = unwrap(await counter.clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
    const { initiativeId: id } = unwrap(await counter.clerk.call('initiatives:register', { draftId: draft.id }));
    await counter.t.app.sync!.run();
    await laptop.t.app.sync!.run();

    // The wijkregisseur's laptop has what was registered (no people: they stay where they were given).
    const seen = unwrap(await laptop.director.call('initiatives:get', { initiativeId: id }));
    expect(seen.status).toBe('ingediend');
    expect(seen.registration).toMatchObject({ location: 'Grasveld hoek Eschlaan', budgetLines: completeDraft().budgetLines });
    expect(unwrap(await laptop.director.call('initiatives:list-people', { initiativeId: id }))).toEqual([]);
    unwrap(await laptop.director.call('initiatives:transition', { initiativeId: id, action: 'start-review' }));
    const answers = Object.fromEntries(conditionIds.map((c) => [c, { answer: 'met' as const, note: '' }]));
    const assessment = {
      answers: { ...answers, 'maintenance-covered': { answer: 'not-met' as const, note: 'Bankje is regulier onderhoud.' } },
      referralNote: '',
    };
    unwrap(await laptop.director.call('initiatives:assess', { initiativeId: id, assessment }));
    const note = 'Haal het bankje uit de begroting.';
    unwrap(await laptop.director.call('initiatives:transition', { initiativeId: id, action: 'request-changes', note }));
    await laptop.t.app.sync!.run();
    await counter.t.app.sync!.run();

    // The counter sees it came back and why; it changes the budget with the resident and submits again.
    expect(unwrap(await counter.clerk.call('initiatives:get', { initiativeId: id }))).toMatchObject({
      status: 'concept',
      editable: true,
      statusNote: note,
    });
    // The assessment made on the laptop is on the counter's page too.
    expect(unwrap(await counter.clerk.call('initiatives:get', { initiativeId: id })).assessment).toEqual(assessment);
    // What happened on the laptop is in the counter's history too, as done elsewhere.
    const history = unwrap(await counter.clerk.call('initiatives:get', { initiativeId: id })).history;
    expect(history.map((h) => [h.action, h.to, h.elsewhere, h.note])).toEqual([
      ['submit', 'ingediend', false, null],
      ['ledger', 'concept', true, note], // review and sending back came in one pull: two steps at once
    ]);
    const edit = unwrap(await counter.clerk.call('initiatives:edit', { initiativeId: id }));
    const budgetLines = [{ item: 'Grind en randen', amountCents: 45_000 }];
    unwrap(await counter.clerk.call('initiatives:draft-save', { id: edit.id, step: 'controle', data: { ...edit.data, budgetLines } }));
    unwrap(await counter.clerk.call('initiatives:register', { draftId: edit.id }));
    await counter.t.app.sync!.run();
    const [row] = await ledger.db.select().from(ledgerInitiatives).where(eq(ledgerInitiatives.id, id));
    expect(row).toMatchObject({ status: 'ingediend', targetCents: 45_000, statusNote: null });
    expect(row!.registration!.budgetLines).toEqual(budgetLines);

    await laptop.t.app.sync!.run();
    const again = unwrap(await laptop.director.call('initiatives:get', { initiativeId: id }));
    expect(again).toMatchObject({ status: 'ingediend', targetCents: 45_000, statusNote: null });
    expect(again.registration!.budgetLines).toEqual(budgetLines);
    expect(again.history.at(-1)).toMatchObject({ action: 'submit', from: 'concept', to: 'ingediend', elsewhere: true, staffName: null });
    expect(unwrap(await counter.clerk.call('sync:status', {})).unsent).toBe(0);
  });

  it('photos of an initiative reach every device, and a photo deleted at the counter is erased everywhere', async () => {
    const counter = await enrolledDevice('P');
    const laptop = await enrolledDevice('Q');
    const png = fs.readFileSync(path.join(root, 'resources', 'printer', 'logo.png'));
    const draft = unwrap(await counter.clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
    unwrap(
      await counter.clerk.call('photos:add', {
        owner: { kind: 'draft', id: draft.id },
        purpose: 'idee',
        dataBase64: png.toString('base64'),
      }),
    );
    const { initiativeId: id } = unwrap(await counter.clerk.call('initiatives:register', { draftId: draft.id }));
    expect(unwrap(await counter.clerk.call('sync:status', {})).photos).toEqual({ toSend: 1, toFetch: 0 });
    await counter.t.app.sync!.run(); // the registration, then the photo
    expect(unwrap(await counter.clerk.call('sync:status', {})).photos).toEqual({ toSend: 0, toFetch: 0 });
    await laptop.t.app.sync!.run(); // learns of it, then fetches it
    const owner = { kind: 'initiative' as const, id };
    const there = unwrap(await laptop.director.call('photos:list', { owner }));
    expect(there).toHaveLength(1);
    expect(there[0]!.dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
    const [own] = unwrap(await counter.clerk.call('photos:list', { owner }));
    expect(there[0]!.id).toBe(own!.id);

    unwrap(await counter.clerk.call('photos:delete', { id: own!.id }));
    await counter.t.app.sync!.run();
    const [row] = await ledger.db.select().from(ledgerPhotos).where(eq(ledgerPhotos.id, own!.id));
    expect(row!.deletedAt).not.toBeNull();
    await laptop.t.app.sync!.run();
    expect(unwrap(await laptop.director.call('photos:list', { owner }))).toEqual([]);
    expect(laptop.t.app.store!.sqlite.prepare('SELECT count(*) FROM initiative_photos').pluck().get()).toBe(0);

    // Erased between the laptop's pull and its fetch: the ledger answers NOT_FOUND and the placeholder goes.
    const { id: photoId } = unwrap(
      await counter.clerk.call('photos:add', { owner, purpose: 'verantwoording', dataBase64: png.toString('base64') }),
    );
    await counter.t.app.sync!.run();
    await laptop.t.app.sync!.client.pull();
    expect(unwrap(await laptop.clerk.call('sync:status', {})).photos.toFetch).toBe(1);
    unwrap(await counter.clerk.call('photos:delete', { id: photoId }));
    await counter.t.app.sync!.run();
    expect(await laptop.t.app.sync!.client.fetchPhotos()).toEqual({ fetched: 0 });
    expect(laptop.t.app.store!.sqlite.prepare('SELECT count(*) FROM initiative_photos').pluck().get()).toBe(0);

    // The photo of an initiative that was withdrawn is known on the laptop but not fetched: nobody follows it any more.
    const second = unwrap(await counter.clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
    unwrap(
      await counter.clerk.call('photos:add', {
        owner: { kind: 'draft', id: second.id },
        purpose: 'idee',
        dataBase64: png.toString('base64'),
      }),
    );
    const withdrawn = unwrap(await counter.clerk.call('initiatives:register', { draftId: second.id }));
    unwrap(
      await counter.clerk.call('initiatives:transition', { initiativeId: withdrawn.initiativeId, action: 'withdraw', note: 'Gestopt.' }),
    );
    await counter.t.app.sync!.run();
    await laptop.t.app.sync!.run();
    expect(unwrap(await laptop.director.call('initiatives:get', { initiativeId: withdrawn.initiativeId })).status).toBe('ingetrokken');
    expect(laptop.t.app.store!.sqlite.prepare('SELECT ledger_state, length(bytes) AS n FROM initiative_photos').all()).toEqual([
      { ledger_state: 'fetch', n: 0 },
    ]);
    expect(unwrap(await laptop.clerk.call('sync:status', {})).photos).toEqual({ toSend: 0, toFetch: 0 });
  });

  it('the account of an initiative completed on the laptop is on the counter too', async () => {
    const running = await addInitiative(ledger.db, ledger.tenantId, {
      title: 'Speeltoestel',
      summary: 'Een speeltoestel op het plein',
      districtCode: 'WK014110',
      theme: 'spelen',
      status: 'in_uitvoering',
      targetCents: 1500,
      deadline: null,
    });
    const counter = await enrolledDevice('U');
    const laptop = await enrolledDevice('V');
    const accountability = { done: 'Het toestel staat er en wordt elke dag gebruikt.', spentCents: 1400 };
    unwrap(
      await laptop.director.call('initiatives:transition', {
        initiativeId: running.id,
        action: 'complete',
        note: 'Klaar.',
        accountability,
      }),
    );
    await laptop.t.app.sync!.run();
    await counter.t.app.sync!.run();
    const seen = unwrap(await counter.clerk.call('initiatives:get', { initiativeId: running.id }));
    expect(seen.status).toBe('uitgevoerd');
    expect(seen.accountability).toMatchObject(accountability);
  });

  it('help offered at one counter is counted on every device, once, and an erasure takes it off everywhere', async () => {
    const counter = await enrolledDevice('H');
    const laptop = await enrolledDevice('J');
    const needs = async (d: Device) => unwrap(await d.clerk.call('initiatives:get', { initiativeId })).needs;
    const before = await needs(laptop);
    const offer = {
      initiativeId,
      name: 'Jan Jansen',
      contact: 'jan@example.org',
      offer: 'Bakken timmeren',
      availability: '',
      consent: true,
    };
    const jan = unwrap(await counter.clerk.call('volunteers:sign-up', { ...offer, kind: 'volunteer' }));
    unwrap(await counter.clerk.call('volunteers:sign-up', { ...offer, kind: 'material', offer: 'Planken', quantity: 10 }));
    const mine = await needs(counter);
    expect([mine.volunteersSignedUp, mine.materialPledges]).toEqual([before.volunteersSignedUp + 1, before.materialPledges + 1]);
    await counter.t.app.sync!.run();
    await laptop.t.app.sync!.run();
    // Not counted twice on the counter (the ledger's count now holds its own offers), and the same on the laptop.
    expect(await needs(counter)).toEqual(mine);
    expect(await needs(laptop)).toEqual(mine);
    expect(unwrap(await laptop.clerk.call('volunteers:list', { initiativeId }))).toEqual([]); // the people stay where they were given

    unwrap(await counter.clerk.call('volunteers:erase', { volunteerId: jan.id }));
    expect((await needs(counter)).volunteersSignedUp).toBe(before.volunteersSignedUp);
    await counter.t.app.sync!.run();
    await laptop.t.app.sync!.run();
    expect(await needs(laptop)).toMatchObject({
      volunteersSignedUp: before.volunteersSignedUp,
      materialPledges: before.materialPledges + 1,
    });
    expect(await needs(counter)).toEqual(await needs(laptop));
  });

  it('a voucher used at another counter shows as used elsewhere after sync', async () => {
    const a = await enrolledDevice('C');
    const b = await enrolledDevice('D');
    unwrap(await redeem(a, codes[9]!));
    await a.t.app.sync!.run();
    await b.t.app.sync!.run();
    expect(unwrap(await b.clerk.call('vouchers:check', { code: codes[9]! })).status).toBe('used-elsewhere');
    // A reverses it: after both sync, the voucher is free again at B.
    const red = a.t.app.store!.db.select().from(redemptions).get()!;
    const approver = unwrap(await a.clerk.call('staff:approvers', {}))[0]!;
    unwrap(
      await a.clerk.call('redemptions:reverse', {
        redemptionId: red.id,
        reason: 'Verkeerd initiatief',
        approverId: approver.id,
        approverPin: '97531',
      }),
    );
    await a.t.app.sync!.run();
    await b.t.app.sync!.run();
    expect(unwrap(await b.clerk.call('vouchers:check', { code: codes[9]! })).status).toBe('valid');
  });

  it('exports a signed batch file that the admin CLI takes in; the next sync finds everything there once', async () => {
    const d = await enrolledDevice('E');
    unwrap(await redeem(d, codes[20]!));
    unwrap(await redeem(d, codes[21]!));
    const exported = unwrap(await d.clerk.call('sync:export', {}));
    expect(exported.events).toBe(2);
    const before = await ledgerTotals(ledger.db, ledger.tenantId);
    const answer = await importBatchFile(ledger.db, fs.readFileSync(exported.file, 'utf8'));
    expect(answer.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
    // A changed file is refused.
    const tampered = fs.readFileSync(exported.file, 'utf8').replace('"valueCents":750', '"valueCents":75000');
    await expect(importBatchFile(ledger.db, tampered)).rejects.toThrow(/signature/);
    await d.t.app.sync!.run();
    expect(d.t.app.sync!.status().unsent).toBe(0);
    expect((await ledgerTotals(ledger.db, ledger.tenantId)).counted - before.counted).toBe(2);
  });

  it('without a network: a clear Dutch message, and nothing is lost', async () => {
    const d = await enrolledDevice('F');
    unwrap(await redeem(d, codes[30]!));
    const { setSyncValue } = await import('../../services/sync/state');
    setSyncValue(d.t.app.store!.db, 'serverUrl', 'http://127.0.0.1:9'); // nothing listens on the discard port
    await expect(d.t.app.sync!.run()).rejects.toThrow(/Geen verbinding met het centrale grootboek/);
    const status = unwrap(await d.clerk.call('sync:status', {}));
    expect(status.lastError).toMatch(/De gegevens blijven hier bewaard/);
    expect(status.unsent).toBe(1);
    setSyncValue(d.t.app.store!.db, 'serverUrl', url);
    await d.t.app.sync!.run();
    expect(d.t.app.sync!.status()).toMatchObject({ unsent: 0, lastError: null });
  });

  it('a revoked device is told so in Dutch; enrolment is for the beheerder and never for a demo device', async () => {
    const d = await enrolledDevice('G');
    await revokeDevice(ledger.db, ledger.tenantId, d.t.app.sync!.status().deviceId!);
    unwrap(await redeem(d, codes[40]!));
    await expect(d.t.app.sync!.run()).rejects.toThrow(/afgemeld/);
    expect(failure(await d.clerk.call('sync:enrol', { serverUrl: url, code: 'ABCD-EFGH' })).code).toBe('FORBIDDEN');
    const demo = makeApp();
    apps.push(demo);
    const { admin } = await setUpDevice(demo, true);
    const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'demo');
    expect(failure(await admin.call('sync:enrol', { serverUrl: url, code })).message).toMatch(/demo-apparaat/);
  });
});
