/**
 * The central ledger and initiatives, on the real PostgreSQL and on PGlite (as ledger-server.test.ts):
 * registrations numbered one after the other, details and status notes in the pull feed, changes to a
 * sent-back initiative, photos (stored once, fetched, erased), and what the ledger cannot store set aside
 * per event instead of failing the device's batch.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { freshLedger, pullEverything, seedLedger, SimDevice, type TestLedger } from '../helpers/ledger';
import { root } from '../helpers/app';
import { events, initiatives, photos } from '../../server/db/schema';
import { pushResponseSchema } from '../../core/sync/protocol';
import { TEXT_REPAIRED } from '../../server/ledger/ingest';
import type { LifecycleAction } from '../../core/initiative-lifecycle';
import type { InitiativeStatus } from '../../core/initiative-status';

describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
] as const)('on %s', (_name, pglite) => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await freshLedger({ pglite });
    await seedLedger(ledger, 10, [1_000_000]);
  });
  afterAll(async () => ledger?.drop());
  const pullAll = (device: SimDevice) => pullEverything(ledger, device);

  describe('registrations', () => {
    const registration = (title: string) => ({
      initiativeId: randomUUID(),
      provisionalNumber: 900_001,
      title,
      summary: 'Een baan voor jeu de boules.',
      description: 'Een jeu-de-boulesbaan op het grasveld, open voor iedereen.',
      theme: 'ontmoeting' as const,
      districtCode: 'WK014113',
      buurt: 'Esch',
      location: 'Grasveld hoek Eschlaan',
      budgetLines: [
        { item: 'Grind', amountCents: 45_000 },
        { item: 'Bankje', amountCents: 30_000 },
      ],
      targetCents: 75_000,
      structuralCosts: 'nee' as const,
      structuralCostsBy: '',
      volunteersNeeded: 2,
      volunteerTasks: 'Grind verspreiden',
      materialsWanted: '',
      supportMethod: 'handtekeningen',
      supportDescription: '42 handtekeningen',
      publicSpace: false,
      supportPercentage: null,
      deadline: '2027-03-01',
      executionDate: '2027-04-15',
      organisers: 3,
      consentAt: new Date().toISOString(),
    });

    it('registrations from several counters at the same moment each get their own number, none fails', async () => {
      const counters = await Promise.all([1, 2, 3, 4].map(() => new SimDevice().enrol(ledger)));
      const made = counters.map((_, i) => registration(`Tegelijk ${i}`));
      const answers = await Promise.all(counters.map((d, i) => d.push(ledger, [d.event('initiative.registered', made[i]!)])));
      for (const a of answers) {
        expect(a.statusCode).toBe(200);
        expect(pushResponseSchema.parse(a.json()).results[0]).toMatchObject({ outcome: 'accepted' });
      }
      const rows = await ledger.db
        .select({ number: initiatives.number })
        .from(initiatives)
        .where(sql`${initiatives.id} in ${made.map((m) => m.initiativeId)}`);
      const numbers = rows.map((r) => r.number).sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(4);
      expect(numbers.at(-1)! - numbers[0]!).toBe(3);
    });

    it('photos: stored once, announced to every device, fetched, erased for everyone; what is not a photo is refused', async () => {
      const counter = await new SimDevice().enrol(ledger);
      const laptop = await new SimDevice().enrol(ledger);
      const r = registration('Met foto');
      const png = fs.readFileSync(path.join(root, 'resources', 'printer', 'logo.png'));
      const upload = (initiativeId: string, data: Buffer) =>
        JSON.stringify({ initiativeId, purpose: 'idee', dataBase64: data.toString('base64') });
      const id = randomUUID();
      // Before the registration reached the ledger: not yet.
      const early = await counter.photo(ledger, 'PUT', id, upload(r.initiativeId, png));
      expect([early.statusCode, early.json().code]).toEqual([404, 'UNKNOWN_INITIATIVE']);
      await counter.push(ledger, [counter.event('initiative.registered', r)]);
      const stored = await counter.photo(ledger, 'PUT', id, upload(r.initiativeId, png));
      expect([stored.statusCode, stored.json()]).toEqual([200, { stored: true, erased: false }]);
      // The same again (a lost answer) is fine; other bytes under the same id are not; a PDF is no photo.
      expect((await counter.photo(ledger, 'PUT', id, upload(r.initiativeId, png))).statusCode).toBe(200);
      const other = Buffer.concat([png, Buffer.from([0])]);
      expect((await counter.photo(ledger, 'PUT', id, upload(r.initiativeId, other))).json().code).toBe('PHOTO_CONFLICT');
      const pdf = await counter.photo(ledger, 'PUT', randomUUID(), upload(r.initiativeId, Buffer.from('%PDF-1.7 geen foto')));
      expect([pdf.statusCode, pdf.json().code]).toEqual([400, 'NOT_A_PHOTO']);
      const big = Buffer.alloc(4 * 1024 * 1024 + 1, 0);
      big.set([0xff, 0xd8, 0xff, 0xe0]);
      expect((await counter.photo(ledger, 'PUT', randomUUID(), upload(r.initiativeId, big))).json().code).toBe('NOT_A_PHOTO');

      const announced = (await pullAll(laptop)).filter((c) => c.kind === 'photo' && c.data.id === id);
      expect(announced.map((c) => c.data)).toEqual([
        expect.objectContaining({ initiativeId: r.initiativeId, mime: 'image/png', size: png.length, deleted: false }),
      ]);
      const fetched = await laptop.photo(ledger, 'GET', id);
      expect(fetched.statusCode).toBe(200);
      expect(fetched.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(fetched.rawPayload, png)).toBe(0);

      expect((await laptop.photo(ledger, 'DELETE', id)).statusCode).toBe(200);
      expect((await laptop.photo(ledger, 'DELETE', id)).statusCode).toBe(200); // twice is once
      expect((await counter.photo(ledger, 'GET', id)).statusCode).toBe(404);
      const [row] = await ledger.db.select().from(photos).where(eq(photos.id, id));
      expect(row!.bytes.length).toBe(0); // the bytes are gone, not just hidden
      const after = (await pullAll(counter)).filter((c) => c.kind === 'photo' && c.data.id === id);
      expect(after.at(-1)!.data).toMatchObject({ deleted: true });
      // A device that still had it unsent hears that it is erased, and drops it.
      expect((await counter.photo(ledger, 'PUT', id, upload(r.initiativeId, png))).json()).toEqual({ stored: false, erased: true });
      // A malformed id is refused before anything is looked up.
      expect((await laptop.photo(ledger, 'GET', 'not-a-uuid')).statusCode).toBe(400);
    });

    it('a registration the ledger cannot hold is quarantined, and the queue goes on behind it', async () => {
      const counter = await new SimDevice().enrol(ledger);
      const huge = { ...registration('Te groot'), targetCents: 3_000_000_000 }; // beyond PostgreSQL's integer
      const fine = registration('Past wel');
      const answer = await counter.push(ledger, [
        // Beyond what the catalogue allows, so only a hostile client sends it (rawEvent).
        counter.rawEvent('initiative.registered', huge),
        counter.event('initiative.registered', fine),
      ]);
      expect(answer.statusCode).toBe(200);
      expect(pushResponseSchema.parse(answer.json()).results.map((r) => r.outcome)).toEqual(['quarantined', 'accepted']);
    });

    it('text with a NUL character (pasted from somewhere) does not block the device: stored, and the queue goes on', async () => {
      const counter = await new SimDevice().enrol(ledger);
      const r = { ...registration('Met\u0000nul'), description: 'Plakte\u0000tekst uit een document, open voor iedereen.' };
      const sent = [counter.event('initiative.registered', r)];
      const answer = await counter.push(ledger, sent);
      expect(answer.statusCode).toBe(200);
      expect(pushResponseSchema.parse(answer.json()).results[0]!.outcome).toBe('accepted');
      const [row] = await ledger.db.select().from(initiatives).where(eq(initiatives.id, r.initiativeId));
      expect(row!.title).toBe('Met\uFFFDnul');
      const [stored] = await ledger.db.select().from(events).where(eq(events.eventId, sent[0]!.eventId));
      expect(stored!.reason).toBe(TEXT_REPAIRED);
      // The same event again (answer lost): recognised by its hash, which covers what the device sent.
      const again = pushResponseSchema.parse((await counter.push(ledger, sent)).json());
      expect(again.results[0]!.outcome).toBe('duplicate');
    });

    it('takes the details in, sends them to every device with the status note, and a change only while sent back', async () => {
      const counter = await new SimDevice().enrol(ledger);
      const r = registration('Jeu de boules');
      const id = r.initiativeId;
      const status = (action: LifecycleAction, from: InitiativeStatus, to: InitiativeStatus, note: string | null = null) =>
        counter.event('initiative.status-changed', { initiativeId: id, action, from, to, note });
      const { provisionalNumber: _n, ...update } = { ...r, budgetLines: [{ item: 'Grind', amountCents: 45_000 }], targetCents: 45_000 };
      await counter.push(ledger, [counter.event('initiative.registered', r)]);
      // A change while it is ingediend (not sent back) is overruled: the ledger keeps what it has.
      const early = pushResponseSchema.parse((await counter.push(ledger, [counter.event('initiative.updated', update)])).json());
      expect(early.results[0]).toMatchObject({ outcome: 'overruled', reason: 'not a concept (ingediend)' });
      await counter.push(ledger, [
        status('start-review', 'ingediend', 'in_beoordeling'),
        status('request-changes', 'in_beoordeling', 'concept', 'Haal het bankje eruit.'),
      ]);
      const other = await new SimDevice().enrol(ledger);
      const sentBack = (await pullAll(other)).filter((c) => c.kind === 'initiative' && c.data.id === id).at(-1)!;
      expect(sentBack.data).toMatchObject({ status: 'concept', statusNote: 'Haal het bankje eruit.', targetCents: 75_000 });
      expect(sentBack.kind === 'initiative' && sentBack.data.registration?.location).toBe('Grasveld hoek Eschlaan');

      const answer = pushResponseSchema.parse(
        (
          await counter.push(ledger, [
            counter.event('initiative.updated', update),
            counter.rawEvent('initiative.updated', { initiativeId: id, title: '' }), // malformed
            status('submit', 'concept', 'ingediend'),
          ])
        ).json(),
      );
      expect(answer.results.map((x) => x.outcome)).toEqual(['accepted', 'quarantined', 'accepted']);
      const [row] = await ledger.db.select().from(initiatives).where(eq(initiatives.id, id));
      expect(row).toMatchObject({ status: 'ingediend', targetCents: 45_000, statusNote: null });
      expect(row!.registration).toMatchObject({ budgetLines: [{ item: 'Grind', amountCents: 45_000 }], executionDate: '2027-04-15' });
    });
  });
});
