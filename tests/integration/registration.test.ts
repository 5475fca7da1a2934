/**
 * Nieuw initiatief at the service layer, on a real encrypted store: drafts saved and resumed after a
 * restart, every rule named at its field, submitting a complete registration (initiative, details,
 * people; the ledger event without personal data), then assessment and approval until residents can
 * give to it at the counter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emptyDraft, registrationProblems } from '../../core/initiative-registration';
import { completeDraft } from '../helpers/registration';
import { conditionIds } from '../../core/conditions';
import { initiativeDetails, initiativeDrafts, initiativePeople, outbox } from '../../db/schema';
import { purgeStaleDrafts } from '../../services/initiatives/registration';
import { counterFixture, failure, makeApp, root, testClock, unwrap } from '../helpers/app';
import { verifyChain } from '../../services/platform/outbox';

const districts = ['WK014113'];

describe('registration rules', () => {
  it('an empty form lists what to fill in, at each field, step by step', () => {
    const problems = registrationProblems(emptyDraft(), '2026-11-22', districts);
    const paths = problems.map((p) => p.path);
    for (const path of [
      'title',
      'summary',
      'description',
      'theme',
      'districtCode',
      'location',
      'budgetLines.0.item',
      'budgetLines.0.amountCents',
      'structuralCosts',
      'initiator.name',
      'initiator.phone',
      'coOrganisers.0.name',
      'consent',
      'supportMethod',
      'deadline',
      'executionDate',
    ]) {
      expect(paths).toContain(path);
    }
    expect(problems.find((p) => p.path === 'title')).toMatchObject({
      step: 'wat',
      message: 'Geef het initiatief een naam van minstens 5 tekens.',
    });
    expect(registrationProblems(completeDraft(), '2026-11-22', districts)).toEqual([]);
  });

  it('needs three different addresses, consent, contact, a maintenance answer and dates in order', () => {
    const sameAddress = completeDraft();
    sameAddress.coOrganisers[0]!.address = { postcode: '7603ab', houseNumber: '12', addition: '' }; // the initiator's, written differently
    expect(registrationProblems(sameAddress, '2026-11-22', districts)).toEqual([
      {
        step: 'wie',
        path: 'coOrganisers.0.address',
        key: 'address-shared',
        message: 'Iedereen woont op een ander adres: minstens drie adressen in totaal.',
      },
    ]);
    const d = { ...completeDraft(), consent: false, structuralCostsBy: '', executionDate: '2027-02-01' };
    d.initiator = { ...d.initiator, phone: '', email: 'fatima@' };
    const paths = registrationProblems(d, '2026-11-22', districts).map((p) => p.path);
    expect(paths).toEqual(['structuralCostsBy', 'initiator.email', 'consent', 'executionDate']);
    expect(registrationProblems({ ...completeDraft(), deadline: '2026-11-22' }, '2026-11-22', districts).map((p) => p.path)).toEqual([
      'deadline',
    ]);
    expect(
      registrationProblems({ ...completeDraft(), coOrganisers: completeDraft().coOrganisers.slice(0, 1) }, '2026-11-22', districts).map(
        (p) => p.path,
      ),
    ).toEqual(['coOrganisers']);
  });
});

describe('registering an initiative for a resident', () => {
  it('saves the draft as it is typed, and it is still there after a restart', async () => {
    const { t, clerk } = await counterFixture();
    const first = unwrap(await clerk.call('initiatives:draft-save', { step: 'wat', data: { ...emptyDraft(), title: 'Bloembakken' } }));
    expect(first.problems.length).toBeGreaterThan(5);
    unwrap(
      await clerk.call('initiatives:draft-save', {
        id: first.id,
        step: 'waar',
        data: { ...emptyDraft(), title: 'Bloembakken in de straat', districtCode: 'WK014113' },
      }),
    );
    t.app.close();
    const again = makeApp({ dir: t.dir });
    const c = again.connect();
    const options = unwrap(await c.call('staff:login-options', {}));
    unwrap(await c.call('session:login', { staffId: options.find((o) => o.name === 'Demo Wijkondersteuner')!.id, pin: '13579' }));
    const drafts = unwrap(await c.call('initiatives:drafts', {}));
    expect(drafts).toEqual([
      expect.objectContaining({ id: first.id, title: 'Bloembakken in de straat', step: 'waar', createdBy: 'Demo Baliemedewerker' }),
    ]);
    const resumed = unwrap(await c.call('initiatives:draft-get', { id: first.id }));
    expect(resumed.data.districtCode).toBe('WK014113');
    again.app.close();
  });

  it('submits a complete registration: the initiative is ingediend, people stay on the device, the ledger event has no personal data', async () => {
    const { t, clerk, directorId } = await counterFixture();
    const draft = unwrap(await clerk.call('initiatives:draft-save', { step: 'controle', data: { ...completeDraft(), consent: false } }));
    const refused = failure(await clerk.call('initiatives:register', { draftId: draft.id }));
    expect(refused).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'consent' }] } });
    unwrap(await clerk.call('initiatives:draft-save', { id: draft.id, step: 'controle', data: completeDraft() }));
    const made = unwrap(await clerk.call('initiatives:register', { draftId: draft.id }));
    expect(made.number).toBe(900_001); // provisional until the central ledger numbers it

    const detail = unwrap(await clerk.call('initiatives:get', { initiativeId: made.initiativeId }));
    expect(detail).toMatchObject({ status: 'ingediend', targetCents: 75_000, title: 'Jeu-de-boulesbaan bij de Esch' });
    expect(detail.history.map((h) => h.action)).toEqual(['submit']);
    expect(detail.registration).toMatchObject({
      location: 'Grasveld hoek Eschlaan',
      budgetLines: [
        { item: 'Grind en randen', amountCents: 45_000 },
        { item: 'Bankje', amountCents: 30_000 },
      ],
      structuralCosts: 'ja',
      executionDate: '2027-04-15',
    });
    const db = t.app.store!.db;
    expect(db.select().from(initiativeDetails).where(eq(initiativeDetails.initiativeId, made.initiativeId)).get()).toMatchObject({
      location: 'Grasveld hoek Eschlaan',
      supportPercentage: 65,
      executionDate: '2027-04-15',
    });
    const people = db.select().from(initiativePeople).where(eq(initiativePeople.initiativeId, made.initiativeId)).all();
    expect(people.map((p) => [p.role, p.name, p.postcode])).toEqual([
      ['initiator', 'Fatima El Amrani', '7603AB'],
      ['co-organiser', 'Henk de Vries', '7603AB'],
      ['co-organiser', 'Ans Bosman', '7603AC'],
    ]);
    expect(people.every((p) => p.consentAt.length > 0)).toBe(true);
    const event = db
      .select()
      .from(outbox)
      .all()
      .find((e) => e.type === 'initiative.registered')!;
    for (const personal of ['Fatima', 'Henk', 'Bosman', '12345678', '7603']) expect(event.payload).not.toContain(personal);
    expect(JSON.parse(event.payload)).toMatchObject({ initiativeId: made.initiativeId, targetCents: 75_000, organisers: 3 });
    expect(t.log.text()).not.toContain('Fatima');
    // The draft (which held the same personal data) is gone.
    expect(unwrap(await clerk.call('initiatives:drafts', {}))).toEqual([]);

    // A wijkregisseur takes it into review, assesses it, approves it: then the counter can take vouchers for it.
    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    unwrap(await director.call('initiatives:transition', { initiativeId: made.initiativeId, action: 'start-review' }));
    const answers = Object.fromEntries(conditionIds.map((id) => [id, { answer: 'met' as const, note: '' }]));
    unwrap(await director.call('initiatives:assess', { initiativeId: made.initiativeId, assessment: { answers, referralNote: '' } }));
    unwrap(await director.call('initiatives:transition', { initiativeId: made.initiativeId, action: 'approve' }));
    const collecting = unwrap(await clerk.call('initiatives:list', { status: 'spaarfase' }));
    expect(collecting.map((i) => i.id)).toContain(made.initiativeId);
  });

  it('deletes a draft nobody touched for 60 days, with its photos; a recent one stays', async () => {
    const clock = testClock();
    const { t, clerk } = await counterFixture({ clock });
    const old = unwrap(await clerk.call('initiatives:draft-save', { step: 'wie', data: completeDraft() }));
    const png = fs.readFileSync(path.join(root, 'resources', 'printer', 'logo.png')).toString('base64');
    unwrap(await clerk.call('photos:add', { owner: { kind: 'draft', id: old.id }, purpose: 'idee', dataBase64: png }));
    clock.advance(59 * 86_400_000);
    const db = t.app.store!.db;
    expect(purgeStaleDrafts(db, clock)).toBe(0);
    const options = unwrap(await t.connect().call('staff:login-options', {}));
    const again = t.connect();
    unwrap(await again.call('session:login', { staffId: options.find((o) => o.name === 'Demo Baliemedewerker')!.id, pin: '24680' }));
    const recent = unwrap(await again.call('initiatives:draft-save', { step: 'wat', data: { ...emptyDraft(), title: 'Nieuw' } }));
    clock.advance(2 * 86_400_000);
    expect(purgeStaleDrafts(db, clock)).toBe(1);
    expect(
      db
        .select()
        .from(initiativeDrafts)
        .all()
        .map((d) => d.id),
    ).toEqual([recent.id]);
    expect(t.app.store!.sqlite.prepare('SELECT count(*) FROM initiative_photos').pluck().get()).toBe(0);
  });

  it('is for counter roles: a wijkregisseur does not register', async () => {
    const { t, directorId } = await counterFixture();
    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    expect(failure(await director.call('initiatives:draft-save', { step: 'wat', data: emptyDraft() })).code).toBe('FORBIDDEN');
  });
});

/** A registered initiative taken into review by the wijkregisseur and sent back with what to change. */
async function sentBack() {
  const clock = testClock();
  const fx = await counterFixture({ clock });
  const { clerk, directorId, t } = fx;
  const draft = unwrap(await clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
  const made = unwrap(await clerk.call('initiatives:register', { draftId: draft.id }));
  const director = t.connect();
  unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
  unwrap(await director.call('initiatives:transition', { initiativeId: made.initiativeId, action: 'start-review' }));
  const note = 'Het bankje valt onder regulier onderhoud: haal het uit de begroting.';
  unwrap(await director.call('initiatives:transition', { initiativeId: made.initiativeId, action: 'request-changes', note }));
  clock.advance(120_000); // the resident comes back (within the idle lock of the session)
  return { ...fx, clock, director, made, note };
}

describe('changing an initiative that was sent back', () => {
  it('fills the form from what is stored, and resubmitting rewrites the registration and submits it again', async () => {
    const { t, clerk, director, made, note } = await sentBack();
    const detail = unwrap(await clerk.call('initiatives:get', { initiativeId: made.initiativeId }));
    expect(detail).toMatchObject({ status: 'concept', editable: true, statusNote: note });
    expect(detail.actions).not.toContain('submit'); // submitting again goes through the form
    expect(unwrap(await director.call('initiatives:get', { initiativeId: made.initiativeId })).editable).toBe(false);
    expect(failure(await director.call('initiatives:edit', { initiativeId: made.initiativeId })).code).toBe('FORBIDDEN');

    const draft = unwrap(await clerk.call('initiatives:edit', { initiativeId: made.initiativeId }));
    expect(draft.edits).toEqual({ initiativeId: made.initiativeId, number: made.number });
    // What was registered, addresses as they were stored (postcode without space, addition in capitals).
    const registered = completeDraft();
    expect(draft.data).toEqual({
      ...registered,
      initiator: { ...registered.initiator, address: { postcode: '7603AB', houseNumber: '12', addition: '' } },
      coOrganisers: [
        { name: 'Henk de Vries', address: { postcode: '7603AB', houseNumber: '14', addition: '' } },
        { name: 'Ans Bosman', address: { postcode: '7603AC', houseNumber: '3', addition: 'A' } },
      ],
    });
    expect(draft.problems).toEqual([]);
    // Opening it again resumes the same draft, and the list says what it changes.
    expect(unwrap(await clerk.call('initiatives:edit', { initiativeId: made.initiativeId })).id).toBe(draft.id);
    expect(unwrap(await clerk.call('initiatives:drafts', {}))).toEqual([
      expect.objectContaining({ id: draft.id, editsNumber: made.number }),
    ]);

    const db = t.app.store!.db;
    const consentBefore = db.select().from(initiativePeople).where(eq(initiativePeople.initiativeId, made.initiativeId)).all();
    const changed = {
      ...draft.data,
      budgetLines: [{ item: 'Grind en randen', amountCents: 45_000 }],
      coOrganisers: [
        draft.data.coOrganisers.find((p) => p.name === 'Henk de Vries')!,
        { name: 'Joke Smit', address: { postcode: '7603AD', houseNumber: '8', addition: '' } },
      ],
    };
    unwrap(await clerk.call('initiatives:draft-save', { id: draft.id, step: 'controle', data: changed }));
    const again = unwrap(await clerk.call('initiatives:register', { draftId: draft.id }));
    expect(again).toEqual({ initiativeId: made.initiativeId, number: made.number });

    const after = unwrap(await clerk.call('initiatives:get', { initiativeId: made.initiativeId }));
    expect(after).toMatchObject({ status: 'ingediend', targetCents: 45_000, editable: false, statusNote: null });
    expect(after.registration!.budgetLines).toEqual([{ item: 'Grind en randen', amountCents: 45_000 }]);
    expect(after.history.map((h) => h.action)).toEqual(['submit', 'start-review', 'request-changes', 'submit']);
    expect(unwrap(await clerk.call('initiatives:drafts', {}))).toEqual([]);

    // Henk stays with the date of his consent; Joke gives hers now; Ans is no longer held.
    const people = db.select().from(initiativePeople).where(eq(initiativePeople.initiativeId, made.initiativeId)).all();
    expect(people.map((p) => p.name).sort()).toEqual(['Fatima El Amrani', 'Henk de Vries', 'Joke Smit']);
    const henk = (rows: typeof people) => rows.find((p) => p.name === 'Henk de Vries')!.consentAt;
    expect(henk(people)).toBe(henk(consentBefore));
    expect(people.find((p) => p.name === 'Joke Smit')!.consentAt).toBe('2026-11-22T09:02:00.000Z');

    // The ledger hears what changed (no people) and that it was submitted again, in that order.
    const events = t.app.store!.sqlite.prepare('SELECT type, payload FROM outbox ORDER BY seq').all() as {
      type: string;
      payload: string;
    }[];
    expect(events.map((e) => e.type).slice(-2)).toEqual(['initiative.updated', 'initiative.status-changed']);
    const update = events.at(-2)!;
    for (const personal of ['Fatima', 'Henk', 'Joke', 'Bosman', '7603']) expect(update.payload).not.toContain(personal);
    expect(JSON.parse(update.payload)).toMatchObject({ initiativeId: made.initiativeId, targetCents: 45_000, organisers: 3 });
    expect(JSON.parse(events.at(-1)!.payload)).toMatchObject({ action: 'submit', from: 'concept', to: 'ingediend' });
    expect(verifyChain(db)).toBeNull();
  });

  it('only while it is sent back: not before, and not after it was withdrawn meanwhile', async () => {
    const { clerk, made } = await sentBack();
    const draft = unwrap(await clerk.call('initiatives:edit', { initiativeId: made.initiativeId }));
    unwrap(
      await clerk.call('initiatives:transition', { initiativeId: made.initiativeId, action: 'withdraw', note: 'Initiatiefnemer stopt.' }),
    );
    expect(failure(await clerk.call('initiatives:register', { draftId: draft.id }))).toMatchObject({ code: 'CONFLICT' });
    expect(failure(await clerk.call('initiatives:edit', { initiativeId: made.initiativeId }))).toMatchObject({
      code: 'CONFLICT',
      message: 'Alleen een initiatief dat is teruggestuurd om aan te passen, kan worden aangepast.',
    });
  });
});

describe('inzage and erasure for initiators and co-organisers', () => {
  it('shows them to the roles that work with them, hands over what is held, and erases on request keeping the fact', async () => {
    const { t, clerk, admin } = await counterFixture();
    const draft = unwrap(await clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
    const made = unwrap(await clerk.call('initiatives:register', { draftId: draft.id }));
    const people = unwrap(await clerk.call('initiatives:list-people', { initiativeId: made.initiativeId }));
    expect(people.map((p) => [p.role, p.name])).toEqual([
      ['initiator', 'Fatima El Amrani'],
      ['co-organiser', 'Ans Bosman'],
      ['co-organiser', 'Henk de Vries'],
    ]);
    // The beheerder runs the device, not the initiatives: no personal data.
    expect(failure(await admin.call('initiatives:list-people', { initiativeId: made.initiativeId })).code).toBe('FORBIDDEN');

    const fatima = people[0]!;
    expect(unwrap(await clerk.call('initiatives:person-export', { personId: fatima.id }))).toEqual({
      role: 'initiator',
      name: 'Fatima El Amrani',
      phone: '06 12345678',
      email: '',
      address: '7603AB 12',
      consentAt: '2026-11-22T09:00:00.000Z',
      initiative: `${made.number} Jeu-de-boulesbaan bij de Esch`,
      registeredAt: '2026-11-22T09:00:00.000Z',
      registeredBy: 'Demo Baliemedewerker',
      erased: false,
    });
    unwrap(await clerk.call('initiatives:person-erase', { personId: fatima.id }));
    unwrap(await clerk.call('initiatives:person-erase', { personId: fatima.id })); // twice is once
    const after = unwrap(await clerk.call('initiatives:list-people', { initiativeId: made.initiativeId }));
    expect(after[0]).toMatchObject({ role: 'initiator', name: '[gewist]', phone: '', email: '', postcode: '', erased: true });
    const rows = JSON.stringify(t.app.store!.sqlite.prepare('SELECT * FROM initiative_people').all());
    for (const gone of ['Fatima', '12345678', '7603AB","house_number":"12']) expect(rows).not.toContain(gone);
    const events = t.app.store!.sqlite.prepare('SELECT type, payload FROM outbox ORDER BY seq').all() as {
      type: string;
      payload: string;
    }[];
    expect(events.map((e) => e.type)).toEqual(['initiative.registered', 'initiative.person-erased']);
    expect(JSON.parse(events[1]!.payload)).toEqual({ personId: fatima.id, initiativeId: made.initiativeId, role: 'initiator' });
    expect(t.log.text()).not.toContain('Fatima');
    expect(failure(await clerk.call('initiatives:person-export', { personId: draft.id })).code).toBe('NOT_FOUND');
  });

  it('finds an initiative by its initiator, for the roles that work with people, until the initiator is erased', async () => {
    const { clerk, admin } = await counterFixture();
    const draft = unwrap(await clerk.call('initiatives:draft-save', { step: 'controle', data: completeDraft() }));
    const made = unwrap(await clerk.call('initiatives:register', { draftId: draft.id }));
    const found = async (who: typeof clerk, query: string) => unwrap(await who.call('initiatives:list', { query })).map((i) => i.id);
    expect(await found(clerk, 'el amrani')).toEqual([made.initiativeId]);
    expect(await found(clerk, 'Henk')).toEqual([]); // the initiator, not the co-organisers
    expect(await found(admin, 'el amrani')).toEqual([]); // the beheerder does not search people
    expect(await found(admin, 'boules')).toContain(made.initiativeId); // the title is for everyone
    const [fatima] = unwrap(await clerk.call('initiatives:list-people', { initiativeId: made.initiativeId }));
    unwrap(await clerk.call('initiatives:person-erase', { personId: fatima!.id }));
    expect(await found(clerk, 'el amrani')).toEqual([]);
    expect(await found(clerk, 'gewist')).toEqual([]);
  });
});

describe('photos', () => {
  it('takes photos of the idea on the draft, moves them to the initiative on submit, and refuses what is not a photo', async () => {
    const { t, clerk } = await counterFixture();
    const png = fs.readFileSync(path.join(root, 'resources', 'printer', 'logo.png')).toString('base64');
    const draft = unwrap(await clerk.call('initiatives:draft-save', { step: 'wat', data: completeDraft() }));
    const owner = { kind: 'draft' as const, id: draft.id };
    unwrap(await clerk.call('photos:add', { owner, purpose: 'idee', dataBase64: png }));
    expect(
      failure(
        await clerk.call('photos:add', { owner, purpose: 'idee', dataBase64: Buffer.from('%PDF-1.7 not a photo').toString('base64') }),
      ),
    ).toMatchObject({
      code: 'VALIDATION',
      message: 'Dit bestand is geen foto. Kies een JPEG-, PNG- of WebP-bestand.',
    });
    const big = Buffer.alloc(4 * 1024 * 1024 + 10, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(failure(await clerk.call('photos:add', { owner, purpose: 'idee', dataBase64: big.toString('base64') })).code).toBe('VALIDATION');
    const listed = unwrap(await clerk.call('photos:list', { owner }));
    expect(listed).toHaveLength(1);
    expect(listed[0]!.dataUrl.startsWith('data:image/png;base64,')).toBe(true);

    const made = unwrap(await clerk.call('initiatives:register', { draftId: draft.id }));
    expect(unwrap(await clerk.call('photos:list', { owner }))).toEqual([]);
    const moved = unwrap(await clerk.call('photos:list', { owner: { kind: 'initiative', id: made.initiativeId } }));
    expect(moved.map((p) => p.id)).toEqual([listed[0]!.id]);
    // Photos are in the encrypted store, never in the ledger's outbox.
    const outboxText = JSON.stringify(t.app.store!.sqlite.prepare('SELECT payload FROM outbox').all());
    expect(outboxText).not.toContain(png.slice(0, 40));
  });
});
