import { describe, expect, it } from 'vitest';
import { conditionIds } from '../../core/conditions';
import { counterFixture, failure, unwrap } from '../helpers/app';
import { applyPage } from '../../services/sync/apply';
import type { Change } from '../../core/sync/protocol';
import type { InitiativeStatus } from '../../core/initiative-status';

describe('finding initiatives', () => {
  it('searches by title words or by number, case-insensitively, with LIKE wildcards taken literally', async () => {
    const { clerk } = await counterFixture();
    expect(unwrap(await clerk.call('initiatives:list', { query: 'bankjes' })).map((i) => i.title)).toEqual(['Bankjes bij de vijver']);
    expect(unwrap(await clerk.call('initiatives:list', { query: '1003' })).map((i) => i.number)).toEqual([1003]);
    expect(unwrap(await clerk.call('initiatives:list', { query: '%' }))).toEqual([]);
    expect(unwrap(await clerk.call('initiatives:list', { query: '_' }))).toEqual([]);
  });

  it('filters by district, status and theme, and sorts by closest to target and by deadline', async () => {
    const { clerk } = await counterFixture();
    const green = unwrap(await clerk.call('initiatives:list', { theme: 'groen' }));
    expect(green.length).toBeGreaterThan(1);
    expect(green.every((i) => i.theme === 'groen')).toBe(true);
    const closest = unwrap(await clerk.call('initiatives:list', { status: 'spaarfase', sort: 'closest' }));
    const shares = closest.map((i) => i.collectedCents / i.targetCents);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
    const byDeadline = unwrap(await clerk.call('initiatives:list', { status: 'spaarfase', sort: 'deadline' })).map((i) => i.deadline ?? '');
    expect([...byDeadline].sort()).toEqual(byDeadline);
    expect(unwrap(await clerk.call('initiatives:list', { sort: 'number', limit: 3 })).map((i) => i.number)).toEqual([1001, 1002, 1003]);
    expect(failure(await clerk.call('initiatives:list', { sort: 'random' })).code).toBe('VALIDATION');
  });
});

describe('assessing and following an initiative', () => {
  it('lets a wijkregisseur approve an initiative in review, with history of who and when; counter staff may not', async () => {
    const { t, clerk, directorId } = await counterFixture();
    const [pitch] = unwrap(await clerk.call('initiatives:list', { query: 'Pannaveldje' }));
    expect(pitch!.status).toBe('in_beoordeling');
    expect(unwrap(await clerk.call('initiatives:get', { initiativeId: pitch!.id })).actions).toEqual(['withdraw']);
    expect(failure(await clerk.call('initiatives:transition', { initiativeId: pitch!.id, action: 'approve' })).code).toBe('FORBIDDEN');

    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    const detail = unwrap(await director.call('initiatives:get', { initiativeId: pitch!.id }));
    expect(detail).toMatchObject({
      districtName: 'Windmolenbroek',
      actions: ['approve', 'reject', 'request-changes', 'withdraw'],
      history: [],
    });
    expect(failure(await director.call('initiatives:transition', { initiativeId: pitch!.id, action: 'reject' })).code).toBe('VALIDATION');
    expect(failure(await director.call('initiatives:transition', { initiativeId: pitch!.id, action: 'complete', note: 'x' })).code).toBe(
      'CONFLICT',
    );
    // Approval needs the assessment against the conditions first.
    expect(failure(await director.call('initiatives:transition', { initiativeId: pitch!.id, action: 'approve' }))).toMatchObject({
      code: 'CONFLICT',
      details: { problem: 'unanswered' },
    });
    const answers = Object.fromEntries(conditionIds.map((id) => [id, { answer: 'met' as const, note: '' }]));
    const unmet = { ...answers, 'not-a-party': { answer: 'not-met' as const, note: 'Het is een feest' } };
    unwrap(await director.call('initiatives:assess', { initiativeId: pitch!.id, assessment: { answers: unmet, referralNote: '' } }));
    expect(failure(await director.call('initiatives:transition', { initiativeId: pitch!.id, action: 'approve' }))).toMatchObject({
      details: { problem: 'not-met' },
    });
    expect(
      failure(await clerk.call('initiatives:assess', { initiativeId: pitch!.id, assessment: { answers, referralNote: '' } })).code,
    ).toBe('FORBIDDEN');
    unwrap(
      await director.call('initiatives:assess', {
        initiativeId: pitch!.id,
        assessment: { answers, referralNote: 'Voorgelegd aan de wijkwethouder.' },
      }),
    );
    expect(unwrap(await director.call('initiatives:transition', { initiativeId: pitch!.id, action: 'approve' }))).toEqual({
      status: 'spaarfase',
    });
    const after = unwrap(await director.call('initiatives:get', { initiativeId: pitch!.id }));
    expect(after.history).toEqual([
      {
        at: expect.any(String),
        action: 'approve',
        from: 'in_beoordeling',
        to: 'spaarfase',
        note: null,
        staffName: 'Demo Wijkregisseur',
        elsewhere: false,
      },
    ]);
    expect(after.daysLeft).toBe(150);
    expect(after.assessment?.referralNote).toBe('Voorgelegd aan de wijkwethouder.');
    expect(t.app.store!.sqlite.prepare(`SELECT type FROM outbox ORDER BY seq`).pluck().all()).toEqual([
      'initiative.assessed',
      'initiative.assessed',
      'initiative.status-changed',
    ]);
  });
});

describe('uitgevoerd needs an account', () => {
  it('a wijkregisseur completes an initiative only with what was done and what it cost; the account is on its page and in the ledger event', async () => {
    const { t, clerk, directorId } = await counterFixture();
    const [running] = unwrap(await clerk.call('initiatives:list', { status: 'in_uitvoering' }));
    expect(running).toBeDefined();
    const director = t.connect();
    unwrap(await director.call('session:login', { staffId: directorId, pin: '97531' }));
    const missing = failure(
      await director.call('initiatives:transition', { initiativeId: running!.id, action: 'complete', note: 'Klaar' }),
    );
    expect(missing).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'accountability.done' }, { path: 'accountability.spentCents' }] },
    });
    const short = failure(
      await director.call('initiatives:transition', {
        initiativeId: running!.id,
        action: 'complete',
        note: 'Klaar',
        accountability: { done: 'Klaar', spentCents: 100 },
      }),
    );
    expect(short.details).toMatchObject({ issues: [{ path: 'accountability.done' }] });
    const account = { done: 'Het speeltoestel staat er en is gekeurd.', spentCents: 118_250 };
    unwrap(
      await director.call('initiatives:transition', {
        initiativeId: running!.id,
        action: 'complete',
        note: 'Opgeleverd',
        accountability: account,
      }),
    );
    const detail = unwrap(await director.call('initiatives:get', { initiativeId: running!.id }));
    expect(detail.status).toBe('uitgevoerd');
    expect(detail.accountability).toMatchObject(account);
    const event = t.app
      .store!.sqlite.prepare(`SELECT payload FROM outbox WHERE type = 'initiative.status-changed' ORDER BY seq DESC LIMIT 1`)
      .get() as { payload: string };
    expect(JSON.parse(event.payload)).toMatchObject({ action: 'complete', to: 'uitgevoerd', accountability: account });
  });
});

describe('status changes learned from the ledger', () => {
  it('are written into the history as made elsewhere, but an older state the feed still held is not', async () => {
    const { t, clerk, initiatives } = await counterFixture();
    const i = initiatives[0]!;
    const db = t.app.store!.db;
    type Snapshot = Extract<Change, { kind: 'initiative' }>['data'];
    const snapshot = (status: InitiativeStatus, updatedAt: string, statusNote: string | null = null): Change => ({
      id: 0,
      kind: 'initiative',
      data: {
        ...i,
        theme: i.theme as Snapshot['theme'],
        donations: 0,
        volunteersNeeded: 0,
        volunteerTasks: '',
        materialsWanted: '',
        status,
        updatedAt,
        statusNote,
      },
    });
    const local = unwrap(await clerk.call('initiatives:get', { initiativeId: i.id }));
    const at = (ms: number) => new Date(Date.parse('2026-11-22T09:00:00Z') + ms).toISOString();
    // The feed still held the initiative as it was an hour before this device's own change, then the ledger's newer one.
    applyPage(
      db,
      t.log,
      { changes: [snapshot('ingediend', at(-3_600_000)), snapshot('spaarfase', at(1000))], cursor: 2, serverTime: at(2000) },
      at(2000),
    );
    expect(unwrap(await clerk.call('initiatives:get', { initiativeId: i.id })).history).toEqual(local.history);
    // A change made elsewhere, later: in the history, with its note, as elsewhere.
    applyPage(db, t.log, { changes: [snapshot('niet_geslaagd', at(60_000), null)], cursor: 3, serverTime: at(61_000) }, at(61_000));
    const after = unwrap(await clerk.call('initiatives:get', { initiativeId: i.id }));
    expect(after.status).toBe('niet_geslaagd');
    expect(after.history.at(-1)).toMatchObject({
      action: 'miss-deadline',
      from: 'spaarfase',
      to: 'niet_geslaagd',
      elsewhere: true,
      staffName: null,
    });
  });
});
