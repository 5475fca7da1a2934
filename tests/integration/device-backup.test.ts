/**
 * Backups of a device's store (issue 17), with the real encrypted store and a real ledger on PostgreSQL:
 * made daily and on request (encrypted, private, pruned), restored from Instellingen or — when the store is
 * damaged — from the error screen; after a restore the device learns from the ledger what it sent after the backup,
 * records nothing before that, and nothing is doubled or lost at the ledger.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { eq, isNotNull } from 'drizzle-orm';
import Database from 'better-sqlite3';
import { auditLog, donations, initiatives as ledgerInitiatives } from '../../server/db/schema';
import { verifyLedgerAudit } from '../../server/ledger/audit';
import { outbox } from '../../db/schema';
import { listeningLedger, enrolledDevice, type Device } from '../helpers/devices';
import { failure, makeApp, setUpDevice, unwrap, type TestApp } from '../helpers/app';
import { verifyChain } from '../../services/platform/outbox';
import { setSyncValue } from '../../services/sync/state';
import { BACKUP_KEEP_AT_LEAST, listBackups, pruneBackups } from '../../services/platform/backup';
import type { TestLedger } from '../helpers/ledger';

const apps: TestApp[] = [];
const ledgers: TestLedger[] = [];
afterAll(async () => {
  for (const t of apps) t.app.close();
  for (const l of ledgers) await l.drop();
});

describe('backups of the local store', () => {
  it('are made at start when due, encrypted with the store’s key, readable by the user only, and pruned by age', async () => {
    const t = makeApp({ envKey: '' });
    apps.push(t);
    const { admin } = await setUpDevice(t);
    const [daily] = listBackups(t.dir);
    expect(daily).toMatchObject({ reason: 'daily' });
    const file = path.join(t.dir, 'backups', daily!.id);
    expect(fs.readFileSync(file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(() => new Database(file).prepare('select count(*) from sqlite_master').get()).toThrow();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const made = unwrap(await admin.call('store:backup', {}));
    expect(made.reason).toBe('manual');
    expect(unwrap(await admin.call('store:backups', {})).map((b) => b.id)).toEqual([made.id, daily!.id]);
    // A clerk may not.
    const clerkRow = unwrap(await admin.call('staff:create', { name: 'Balie Kopie', role: 'baliemedewerker', pin: '24680' }));
    const clerk = t.connect();
    unwrap(await clerk.call('session:login', { staffId: clerkRow.id, pin: '24680' }));
    expect(failure(await clerk.call('store:backups', {})).code).toBe('FORBIDDEN');
    // With a store that opens, the error screen's calls refuse.
    expect(failure(await t.connect().call('recovery:backups', {})).code).toBe('CONFLICT');

    // Pruning: older than 14 days goes, but the newest few always stay.
    const later = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    expect(pruneBackups(t.dir, later)).toBe(0);
    expect(listBackups(t.dir).length).toBeLessThanOrEqual(BACKUP_KEEP_AT_LEAST);
  });
});

describe('restoring a backup', () => {
  let ledger: TestLedger;
  let url: string;
  let codes: string[];
  let initiativeId: string;
  let device: Device;
  const give = async (d: Device, i: number) =>
    unwrap(await d.clerk.call('vouchers:redeem', { code: codes[i]!, parts: [{ initiativeId, amountCents: 750 }] }));
  const ledgerCounted = async () => (await ledger.db.select().from(donations)).filter((d) => d.state === 'counted').length;

  it('backup → more donations synced → store damaged → restore from the error screen → the device catches up; nothing doubled or lost', async () => {
    ({ ledger, url, codes, initiativeId } = await listeningLedger(20));
    ledgers.push(ledger);
    device = await enrolledDevice(ledger, url, 'Terug', apps);
    await give(device, 0);
    await give(device, 1);
    await device.t.app.sync!.run();
    const backup = unwrap(await device.admin.call('store:backup', {}));
    // After the backup: two more, synced; one more, not synced (it will be lost with the damaged store).
    await give(device, 2);
    await give(device, 3);
    await device.t.app.sync!.run();
    await give(device, 4);
    expect(await ledgerCounted()).toBe(4);
    const dir = device.t.dir;
    device.t.app.close();

    // The store is damaged: its pages overwritten.
    const storeFile = path.join(dir, 'buurtbalie.db');
    const bytes = fs.readFileSync(storeFile);
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 8));
    fs.writeFileSync(storeFile, bytes);
    fs.rmSync(`${storeFile}-wal`, { force: true });
    const broken = makeApp({ dir });
    apps.push(broken);
    expect(broken.app.storeState).toMatchObject({ state: 'error', reason: 'corrupt' });
    const offered = unwrap(await broken.connect().call('recovery:backups', {}));
    expect(offered.map((b) => b.id)).toContain(backup.id);
    expect(unwrap(await broken.connect().call('recovery:restore', { id: backup.id }))).toEqual({ id: backup.id, restart: 'by-hand' });
    broken.app.close();

    // The next start: the backup is in place, the damaged store kept aside.
    const restored = makeApp({ dir, clock: device.clock });
    apps.push(restored);
    expect(restored.app.storeState, restored.log.text()).toEqual({ state: 'ok' });
    expect(fs.readdirSync(path.join(dir, 'backups')).some((f) => /^replaced-.*\.db$/.test(f))).toBe(true);
    const clerk = restored.connect();
    const clerkId = await loginId(restored, 'Balie Terug');
    unwrap(await clerk.call('session:login', { staffId: clerkId!, pin: '24680' }));
    // Before it reached the ledger, nothing new is recorded (it would take a sequence the ledger holds).
    const held = failure(await clerk.call('vouchers:redeem', { code: codes[5]!, parts: [{ initiativeId, amountCents: 750 }] }));
    expect(held).toMatchObject({ code: 'CONFLICT', details: { reason: 'restore-sync-first' } });

    await restored.app.sync!.run();
    // The device took the events the ledger had after the backup; its chain verifies from the first event.
    const local = restored.app.store!.db.select().from(outbox).all();
    expect(local.map((e) => e.seq)).toEqual([...Array(local.length).keys()].map((i) => i + 1));
    expect(verifyChain(restored.app.store!.db)).toBeNull();
    expect(local.every((e) => e.ackedAt !== null)).toBe(true);

    // Work goes on: a new donation after the ledger's last event, once.
    unwrap(await clerk.call('vouchers:redeem', { code: codes[5]!, parts: [{ initiativeId, amountCents: 750 }] }));
    await restored.app.sync!.run();
    await restored.app.sync!.run();
    expect(await ledgerCounted()).toBe(5);
    const [total] = await ledger.db.select().from(ledgerInitiatives).where(eq(ledgerInitiatives.id, initiativeId));
    expect(total!.collectedCents).toBe(5 * 750);
    // The voucher given after the backup (and synced) is known as used on the restored device: no second use.
    const again = await clerk.call('vouchers:redeem', { code: codes[2]!, parts: [{ initiativeId, amountCents: 750 }] });
    expect(again.ok).toBe(false);
    // The audit trail forked at the backup: the ledger keeps both lines (what came after the backup, and now), and
    // every line verifies.
    await restored.app.sync!.run();
    const lines = new Set((await ledger.db.select().from(auditLog).where(isNotNull(auditLog.deviceId))).map((r) => r.chain));
    expect(lines.size).toBe(2);
    expect((await verifyLedgerAudit(ledger.db, ledger.tenantId)).broken).toEqual([]);
  }, 60_000);

  it('from Instellingen: refuses while something has not reached the ledger, then stages the backup for the next start', async () => {
    const t = await enrolledDevice(ledger, url, 'Instellingen', apps);
    await give(t, 6);
    await t.t.app.sync!.run();
    const [latest] = unwrap(await t.admin.call('store:backups', {}));
    // Offline: the unsent donation blocks the restore.
    const dir = t.t.dir;
    setSyncValue(t.t.app.store!.db, 'serverUrl', 'http://127.0.0.1:9');
    await give(t, 7);
    const refused = failure(await t.admin.call('store:restore', { id: latest!.id }));
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'unsent', unsent: 1 } });
    setSyncValue(t.t.app.store!.db, 'serverUrl', url);
    const staged = unwrap(await t.admin.call('store:restore', { id: latest!.id }));
    expect(staged).toEqual({ id: latest!.id, restart: 'by-hand' });
    expect(listBackups(dir).some((b) => b.reason === 'before-restore')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'restore-pending.json'))).toBe(true);
  }, 60_000);
});

async function loginId(t: TestApp, name: string): Promise<string | undefined> {
  const options = unwrap(await t.connect().call('staff:login-options', {}));
  return options.find((o) => o.name === name)?.id;
}
