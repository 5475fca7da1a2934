import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../services/platform/outbox';
import { counterFixture, failure, unwrap } from '../helpers/app';

const person = { name: 'Jan Jansen', contact: 'jan@example.org', offer: 'Bakken timmeren', availability: 'zaterdagochtend' };

describe('volunteers and materials', () => {
  it('signs a resident up with consent, shows open and filled needs, and keeps personal data out of the ledger', async () => {
    const { t, clerk } = await counterFixture();
    const [garden] = unwrap(await clerk.call('initiatives:list', { query: 'Moestuin' }));
    expect(
      failure(await clerk.call('volunteers:sign-up', { initiativeId: garden!.id, kind: 'volunteer', ...person, consent: false })).code,
    ).toBe('VALIDATION');
    unwrap(await clerk.call('volunteers:sign-up', { initiativeId: garden!.id, kind: 'volunteer', ...person, consent: true }));
    unwrap(
      await clerk.call('volunteers:sign-up', {
        initiativeId: garden!.id,
        kind: 'material',
        name: 'Bouwmarkt Zuid',
        contact: '0546-123456',
        offer: 'Planken',
        quantity: 12,
        availability: '',
        consent: true,
      }),
    );
    expect(unwrap(await clerk.call('initiatives:get', { initiativeId: garden!.id })).needs).toEqual({
      volunteersNeeded: 4,
      volunteerTasks: 'Bakken bouwen en vullen, en daarna om de beurt water geven.',
      volunteersSignedUp: 1,
      materialsWanted: 'Planken, potgrond, gieters',
      materialPledges: 1,
    });
    const list = unwrap(await clerk.call('volunteers:list', { initiativeId: garden!.id }));
    expect(list.map((v) => [v.kind, v.name])).toEqual([
      ['volunteer', 'Jan Jansen'],
      ['material', 'Bouwmarkt Zuid'],
    ]);
    const outbox = JSON.stringify(t.app.store!.sqlite.prepare('SELECT payload FROM outbox').all());
    for (const secret of ['Jan Jansen', 'jan@example.org', 'Bouwmarkt Zuid', '0546-123456']) expect(outbox).not.toContain(secret);
    expect(t.log.text()).not.toContain('jan@example.org');
  });

  it('shows personal data only to counter staff and wijkregisseurs, not to the beheerder', async () => {
    const { admin, clerk } = await counterFixture();
    const [garden] = unwrap(await clerk.call('initiatives:list', { query: 'Moestuin' }));
    expect(failure(await admin.call('volunteers:list', { initiativeId: garden!.id })).code).toBe('FORBIDDEN');
  });

  it('exports what is held about a person on request, and erases it on request, keeping the fact', async () => {
    const { t, clerk } = await counterFixture();
    const [garden] = unwrap(await clerk.call('initiatives:list', { query: 'Moestuin' }));
    const { id } = unwrap(
      await clerk.call('volunteers:sign-up', { initiativeId: garden!.id, kind: 'volunteer', ...person, consent: true }),
    );
    expect(unwrap(await clerk.call('volunteers:export', { volunteerId: id }))).toMatchObject({
      ...person,
      kind: 'volunteer',
      registeredBy: 'Demo Baliemedewerker',
      initiative: `${garden!.number} Moestuin voor de buurt`,
      erased: false,
    });
    unwrap(await clerk.call('volunteers:erase', { volunteerId: id }));
    const [erased] = unwrap(await clerk.call('volunteers:list', { initiativeId: garden!.id }));
    expect(erased).toMatchObject({ name: '[gewist]', contact: '[gewist]', offer: '[gewist]', erased: true });
    expect(unwrap(await clerk.call('initiatives:get', { initiativeId: garden!.id })).needs.volunteersSignedUp).toBe(0);
    const rows = JSON.stringify(t.app.store!.sqlite.prepare('SELECT * FROM volunteers').all());
    expect(rows).not.toContain('jan@example.org');
    expect(t.app.store!.sqlite.prepare('SELECT type FROM outbox ORDER BY seq').pluck().all()).toEqual([
      'volunteer.signed-up',
      'volunteer.erased',
    ]);
    expect(verifyChain(t.app.store!.db)).toBeNull();
  });
});
