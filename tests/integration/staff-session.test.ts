import { describe, expect, it } from 'vitest';
import { LOCKOUT_MINUTES, MAX_PIN_ATTEMPTS } from '../../services/staff/staff';
import { ADMIN_PIN, failure, makeApp, setUpDevice, unwrap } from '../helpers/app';

async function withClerk() {
  const t = makeApp();
  const { admin, adminId } = await setUpDevice(t, false);
  const clerk = unwrap(await admin.call('staff:create', { name: 'Bram Balie', role: 'baliemedewerker', pin: '24680' }));
  return { t, admin, adminId, clerk };
}

describe('first-run setup', () => {
  it('creates the device and the first beheerder, and logs the beheerder in', async () => {
    const t = makeApp();
    const connection = t.connect();
    expect(unwrap(await connection.call('app:status', {}))).toMatchObject({ setupDone: false, device: null });
    const session = unwrap(
      await connection.call('setup:complete', {
        deviceName: 'Balie 1',
        servicePoint: 'Wijkcentrum',
        adminName: 'Anna Beheer',
        adminPin: ADMIN_PIN,
        demo: false,
      }),
    );
    expect(session).toMatchObject({ staff: { name: 'Anna Beheer', role: 'beheerder' }, capabilities: ['administer', 'monitor', 'sync'] });
    expect(unwrap(await connection.call('app:status', {}))).toMatchObject({
      setupDone: true,
      device: { name: 'Balie 1', servicePoint: 'Wijkcentrum', isDemo: false },
      unsentCount: 0,
      lastSyncAt: null,
    });
    expect(unwrap(await connection.call('districts:list', {}))).toHaveLength(12);
  });

  it('cannot be done twice', async () => {
    const t = makeApp();
    await setUpDevice(t);
    const again = await t.connect().call('setup:complete', {
      deviceName: 'Balie 2',
      servicePoint: 'Elders',
      adminName: 'Iemand Anders',
      adminPin: '97531',
      demo: false,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses a PIN that is too simple, naming the field', async () => {
    const t = makeApp();
    const result = await t
      .connect()
      .call('setup:complete', { deviceName: 'Balie', servicePoint: 'Punt', adminName: 'Anna', adminPin: '12345', demo: false });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ path: 'adminPin', problem: 'pin:too-simple' }] } },
    });
  });
});

describe('login and lock-out', () => {
  it('logs a staff member in with the right PIN', async () => {
    const { t, clerk } = await withClerk();
    const c = t.connect();
    expect(unwrap(await c.call('session:login', { staffId: clerk.id, pin: '24680' }))).toMatchObject({
      staff: { name: 'Bram Balie', role: 'baliemedewerker' },
    });
    expect(unwrap(await c.call('session:current', {}))).toMatchObject({ state: 'active' });
  });

  it('counts wrong PINs down and locks the account at the fifth', async () => {
    const { t, clerk } = await withClerk();
    const c = t.connect();
    for (let left = MAX_PIN_ATTEMPTS - 1; left >= 1; left--) {
      expect(await c.call('session:login', { staffId: clerk.id, pin: '99999' })).toMatchObject({
        ok: false,
        error: { code: 'WRONG_PIN', details: { attemptsLeft: left } },
      });
    }
    const locked = await c.call('session:login', { staffId: clerk.id, pin: '99999' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    const until = String(failure(locked).details?.lockedUntil);
    expect(new Date(until).getTime() - t.clock().getTime()).toBe(LOCKOUT_MINUTES * 60_000);
    // Even the right PIN is refused while locked.
    expect(await c.call('session:login', { staffId: clerk.id, pin: '24680' })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_LOCKED' },
    });
    // After the lock-out time it works again, with a fresh count.
    t.clock.advance(LOCKOUT_MINUTES * 60_000 + 1000);
    expect(await c.call('session:login', { staffId: clerk.id, pin: '99999' })).toMatchObject({
      error: { details: { attemptsLeft: MAX_PIN_ATTEMPTS - 1 } },
    });
    expect((await c.call('session:login', { staffId: clerk.id, pin: '24680' })).ok).toBe(true);
  });

  it('lets the beheerder lift a lock-out by giving a new PIN', async () => {
    const { t, admin, clerk } = await withClerk();
    const c = t.connect();
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await c.call('session:login', { staffId: clerk.id, pin: '99999' });
    expect(unwrap(await admin.call('staff:list', {})).find((s: { id: string }) => s.id === clerk.id)?.lockedUntil).not.toBeNull();
    unwrap(await admin.call('staff:reset-pin', { staffId: clerk.id, pin: '86420' }));
    expect((await c.call('session:login', { staffId: clerk.id, pin: '86420' })).ok).toBe(true);
    expect((await t.connect().call('session:login', { staffId: clerk.id, pin: '24680' })).ok).toBe(false);
  });

  it('refuses a disabled account and ends its open session', async () => {
    const { t, admin, clerk } = await withClerk();
    const c = t.connect();
    unwrap(await c.call('session:login', { staffId: clerk.id, pin: '24680' }));
    unwrap(await admin.call('staff:set-disabled', { staffId: clerk.id, disabled: true }));
    expect(await c.call('districts:list', {})).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } });
    expect(await t.connect().call('session:login', { staffId: clerk.id, pin: '24680' })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_DISABLED' },
    });
    expect(unwrap(await t.connect().call('staff:login-options', {})).map((o: { name: string }) => o.name)).not.toContain('Bram Balie');
  });

  it('does not let the last beheerder disable themselves or be disabled', async () => {
    const { admin, adminId } = await withClerk();
    expect(await admin.call('staff:set-disabled', { staffId: adminId, disabled: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('lets the beheerder change a role, which counts from the person’s next action; not their own, not the last beheerder', async () => {
    const { t, admin, adminId, clerk } = await withClerk();
    const c = t.connect();
    unwrap(await c.call('session:login', { staffId: clerk.id, pin: '24680' }));
    expect(failure(await c.call('staff:list', {})).code).toBe('FORBIDDEN');
    expect(unwrap(await admin.call('staff:set-role', { staffId: clerk.id, role: 'beheerder' }))).toMatchObject({ role: 'beheerder' });
    expect(unwrap(await c.call('session:current', {}))).toMatchObject({ state: 'active', session: { staff: { role: 'beheerder' } } });
    expect(unwrap(await c.call('staff:list', {}))).toHaveLength(2);
    // Nobody changes their own role; the other beheerder may.
    expect(failure(await admin.call('staff:set-role', { staffId: adminId, role: 'baliemedewerker' })).code).toBe('CONFLICT');
    unwrap(await c.call('staff:set-role', { staffId: adminId, role: 'wijkregisseur' }));
    // Now Bram is the last beheerder: nobody can take that from him (and he cannot himself).
    expect(failure(await c.call('staff:set-role', { staffId: clerk.id, role: 'baliemedewerker' })).code).toBe('CONFLICT');
    expect(failure(await admin.call('staff:list', {})).code).toBe('FORBIDDEN');
    expect(failure(await admin.call('staff:set-role', { staffId: clerk.id, role: 'koning' })).code).toBe('VALIDATION');
  });

  it('refuses a second staff member with the same name, in any case', async () => {
    const { admin } = await withClerk();
    expect(await admin.call('staff:create', { name: 'bram balie', role: 'wijkregisseur', pin: '97531' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('lets staff change their own PIN only with the current one', async () => {
    const { t, clerk } = await withClerk();
    const c = t.connect();
    unwrap(await c.call('session:login', { staffId: clerk.id, pin: '24680' }));
    expect(await c.call('staff:change-own-pin', { currentPin: '11112', newPin: '86420' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PIN' },
    });
    unwrap(await c.call('staff:change-own-pin', { currentPin: '24680', newPin: '86420' }));
    expect((await t.connect().call('session:login', { staffId: clerk.id, pin: '86420' })).ok).toBe(true);
  });

  it('stores PINs only as salted scrypt hashes', async () => {
    const { t } = await withClerk();
    const hashes = t.app.store!.sqlite.prepare('SELECT pin_hash FROM staff').pluck().all() as string[];
    expect(hashes).toHaveLength(2);
    for (const h of hashes) {
      expect(h).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(h).not.toContain('24680');
    }
    expect(new Set(hashes.map((h) => h.split('$')[4])).size).toBe(2);
  });
});

describe('idle lock', () => {
  it('locks the session after the configured idle time; the same person unlocks with their PIN', async () => {
    const { t, admin, clerk } = await withClerk();
    unwrap(await admin.call('settings:update', { idleLockMinutes: 3 }));
    const c = t.connect();
    unwrap(await c.call('session:login', { staffId: clerk.id, pin: '24680' }));
    t.clock.advance(2 * 60_000);
    unwrap(await c.call('session:heartbeat', {}));
    t.clock.advance(2 * 60_000);
    expect((await c.call('districts:list', {})).ok).toBe(true);
    t.clock.advance(3 * 60_000 + 1);
    expect(await c.call('districts:list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(unwrap(await c.call('session:current', {}))).toMatchObject({ state: 'locked', session: { staff: { id: clerk.id } } });
    expect(await c.call('session:unlock', { pin: '99999' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    unwrap(await c.call('session:unlock', { pin: '24680' }));
    expect((await c.call('districts:list', {})).ok).toBe(true);
  });

  it('locks at once on request, and logging out ends the session', async () => {
    const { t, clerk } = await withClerk();
    const c = t.connect();
    unwrap(await c.call('session:login', { staffId: clerk.id, pin: '24680' }));
    unwrap(await c.call('session:lock', {}));
    expect(await c.call('districts:list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    unwrap(await c.call('session:logout', {}));
    expect(unwrap(await c.call('session:current', {}))).toEqual({ state: 'none' });
  });

  it('keeps one login state per window', async () => {
    const { t, clerk } = await withClerk();
    const a = t.connect();
    const b = t.connect();
    unwrap(await a.call('session:login', { staffId: clerk.id, pin: '24680' }));
    expect(unwrap(await b.call('session:current', {}))).toEqual({ state: 'none' });
  });
});
