/**
 * The audit trail (issue 17), on a real encrypted store and a real ledger on PostgreSQL: sensitive actions recorded
 * with actor and time — successes and refusals —, ids only; append-only on both sides; tampering found by the
 * device's viewer and by the ledger's verify command; the device's trail reaching the ledger once per entry.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog } from '../../server/db/schema';
import { readAudit, verifyLedgerAudit } from '../../server/ledger/audit';
import { createEnrolmentCodeFor } from '../../server/admin/ops';
import { listeningLedger, enrolledDevice } from '../helpers/devices';
import { failure, makeApp, root, setUpDevice, unwrap, type TestApp } from '../helpers/app';
import type { TestLedger } from '../helpers/ledger';
import { recordAudit } from '../../services/platform/audit';
import { getSyncValue } from '../../services/sync/state';

const apps: TestApp[] = [];
const ledgers: TestLedger[] = [];
afterAll(async () => {
  for (const t of apps) t.app.close();
  for (const l of ledgers) await l.drop();
});

describe('the audit trail on a device', () => {
  it('records who did which sensitive thing, refusals too, with ids only; the beheerder reads it, and it verifies', async () => {
    const t = makeApp();
    apps.push(t);
    const { admin, adminId } = await setUpDevice(t, true);
    const clerkRow = unwrap(await admin.call('staff:create', { name: 'Bram Balie', role: 'baliemedewerker', pin: '24680' }));
    unwrap(await admin.call('staff:set-role', { staffId: clerkRow.id, role: 'wijkondersteuner' }));
    unwrap(await admin.call('settings:update', { idleLockMinutes: 9 }));
    const clerk = t.connect();
    expect(failure(await clerk.call('session:login', { staffId: clerkRow.id, pin: '11111' })).code).toBe('WRONG_PIN');
    unwrap(await clerk.call('session:login', { staffId: clerkRow.id, pin: '24680' }));
    // A role that may not: refused, and recorded as refused with who tried.
    expect(failure(await clerk.call('staff:create', { name: 'Stiekem', role: 'beheerder', pin: '97531' })).code).toBe('FORBIDDEN');
    unwrap(await admin.call('staff:set-disabled', { staffId: clerkRow.id, disabled: true }));

    const page = unwrap(await admin.call('audit:list', { before: null }));
    expect(page.verified).toEqual({ entries: page.entries.length, brokenAt: null });
    const seen = page.entries.map((e) => [
      e.action,
      e.ok,
      e.actorId === adminId ? 'admin' : e.actorId === clerkRow.id ? 'clerk' : e.actorId,
    ]);
    expect(seen).toEqual([
      ['staff-disabled', true, 'admin'],
      ['staff-created', false, 'clerk'],
      ['login', true, 'clerk'],
      ['pin-failed', false, 'clerk'],
      ['settings-changed', true, 'admin'],
      ['staff-role-changed', true, 'admin'],
      ['staff-created', true, 'admin'],
      ['login', true, 'admin'],
    ]);
    expect(page.entries.find((e) => e.action === 'staff-role-changed')).toMatchObject({
      subject: clerkRow.id,
      detail: { role: 'wijkondersteuner' },
    });
    expect(page.entries.find((e) => e.action === 'settings-changed')?.detail).toEqual({ keys: ['idleLockMinutes'] });
    expect(page.entries.find((e) => e.action === 'staff-created' && !e.ok)?.detail).toMatchObject({ refused: 'FORBIDDEN' });
    // Never a name or a PIN.
    const text = JSON.stringify(page.entries);
    for (const secret of ['Bram Balie', 'Stiekem', '24680', '11111', '97531']) expect(text).not.toContain(secret);
    // Only a beheerder reads it.
    const other = t.connect();
    const second = unwrap(await admin.call('staff:create', { name: 'Wil Regie', role: 'wijkregisseur', pin: '86420' }));
    unwrap(await other.call('session:login', { staffId: second.id, pin: '86420' }));
    expect(failure(await other.call('audit:list', { before: null })).code).toBe('FORBIDDEN');
  });

  it('cannot be changed or shortened, and a change made behind the app’s back is found', async () => {
    const t = makeApp();
    apps.push(t);
    const { admin } = await setUpDevice(t, true);
    for (const n of [1, 2, 3]) unwrap(await admin.call('staff:create', { name: `Medewerker ${n}`, role: 'baliemedewerker', pin: '24680' }));
    const sqlite = t.app.store!.sqlite;
    expect(() => sqlite.prepare(`update audit_trail set ok = 0 where seq = 2`).run()).toThrow(/append-only/);
    expect(() => sqlite.prepare(`delete from audit_trail where seq = 2`).run()).toThrow(/append-only/);
    // Someone with the key and a SQLite tool removes the guard and edits an entry:
    sqlite.exec('drop trigger audit_trail_no_update');
    sqlite.prepare(`update audit_trail set detail = '{"role":"beheerder"}' where seq = 3`).run();
    expect(unwrap(await admin.call('audit:list', { before: null })).verified.brokenAt).toBe(3);
  });
});

describe('the audit trail at the ledger', () => {
  it('takes each device’s entries once, chained; chains the administration’s own; verify finds a changed entry', async () => {
    const { ledger, url } = await listeningLedger(5);
    ledgers.push(ledger);
    const device = await enrolledDevice(ledger, url, 'Logboek', apps);
    const local = unwrap(await device.admin.call('audit:list', { before: null }));
    await device.t.app.sync!.run();
    await device.t.app.sync!.run(); // again: nothing twice
    const stored = await ledger.db
      .select()
      .from(auditLog)
      .where(
        eq(
          auditLog.deviceId,
          device.t.app.store!.db.$client.prepare("select value from sync_state where key = 'deviceId'").pluck().get() as string,
        ),
      );
    // Everything the device had at the first sync (later logins may follow), each once.
    expect(stored.length).toBeGreaterThanOrEqual(local.entries.length);
    expect(new Set(stored.map((r) => r.seq)).size).toBe(stored.length);
    expect(JSON.stringify(stored)).not.toContain('Balie Logboek');

    // An entry with text the ledger cannot store (U+0000, half a surrogate pair) is made storable before it is
    // hashed: the ledger takes it, the sync goes on, and the trail still verifies at both ends.
    const odd = recordAudit(device.t.app.store!.db, {
      at: new Date().toISOString(),
      actorId: null,
      actorRole: null,
      action: 'settings-changed',
      subject: 'a\u0000b',
      detail: { value: 'x\ud83dy' },
      ok: true,
    });
    expect(odd.subject).toBe('a\uFFFDb');
    expect(odd.detail).toEqual({ value: 'x\uFFFDy' });
    await device.t.app.sync!.run();
    expect(getSyncValue(device.t.app.store!.db, 'lastErrorCode')).toBeNull();
    const arrived = await ledger.db.select().from(auditLog).where(eq(auditLog.hash, odd.hash));
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.subject).toBe('a\uFFFDb');

    await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'Nog een balie');
    const own = await readAudit(ledger.db, ledger.tenantId, null, 10);
    expect(own.filter((e) => e.deviceId === null).map((e) => e.subject)).toContain('enrol-code:create');
    const verified = await verifyLedgerAudit(ledger.db, ledger.tenantId);
    expect(verified.broken).toEqual([]);
    expect(verified.chains).toBeGreaterThanOrEqual(2);

    // The CLI says so too (exit 0), and fails (exit 1) after an entry was changed behind the trigger's back.
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'admin', 'cli.ts'), ...args], {
        env: { ...process.env, DATABASE_URL: ledger.url },
        encoding: 'utf8',
      });
    const ok = cli(['audit:verify']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/The audit trail verifies: \d+ entries in \d+ chain\(s\)\./);
    await expect(ledger.db.execute(sql`update audit_log set ok = false where seq = 1`)).rejects.toThrow();
    await ledger.db.execute(sql`alter table audit_log disable trigger audit_log_no_change`);
    await ledger.db
      .update(auditLog)
      .set({ detail: { name: 'Een ander' } })
      .where(and(sql`${auditLog.deviceId} is null`, eq(auditLog.seq, 1)));
    await ledger.db.execute(sql`alter table audit_log enable trigger audit_log_no_change`);
    expect((await verifyLedgerAudit(ledger.db, ledger.tenantId)).broken).toEqual([{ source: 'ledger', seq: 1 }]);
    const bad = cli(['audit:verify']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('The audit trail was changed: the ledger at entry 1');
    expect(cli(['audit:show', '--limit', '3']).stdout.trim().split('\n')).toHaveLength(3);
  }, 60_000);
});
