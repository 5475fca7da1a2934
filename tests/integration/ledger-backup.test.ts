/**
 * The ledger's backup and restore (scripts/ledger-backup.sh, scripts/ledger-restore.sh; docs/operations.md), with
 * the real pg_dump and pg_restore against the real PostgreSQL: back up while devices sync, lose the database, restore
 * into a new one, start the ledger on it — the device that pushed after the backup sends those events again by
 * itself, and every donation counts exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { eq } from 'drizzle-orm';
import { openLedger, type OpenedLedger } from '../../server/db/connect';
import { buildLedgerServer } from '../../server/app';
import { donations, initiatives, tenants, vouchers } from '../../server/db/schema';
import { initiatives as localInitiatives } from '../../db/schema';
import { addInitiative } from '../../server/admin/ops';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';
import { getSyncValue, setSyncValue } from '../../services/sync/state';
import { PG_ADMIN_URL, freshLedger, seedLedger } from '../helpers/ledger';
import { enrolledDevice } from '../helpers/devices';
import { root, unwrap, type TestApp } from '../helpers/app';

const apps: TestApp[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const t of apps) t.app.close();
  for (const c of cleanups.reverse()) await c();
});

const script = (name: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('bash', [path.join(root, 'scripts', name), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

async function emptyDatabase(): Promise<string> {
  const name = `bb_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const a = new pg.Client({ connectionString: PG_ADMIN_URL });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  });
  return PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
}

describe('backing up and restoring the ledger', () => {
  it('backup → more donations → database lost → restore → the device sends again what the backup missed; each counts once', async () => {
    const ledger = await freshLedger();
    cleanups.push(() => ledger.drop());
    await seedLedger(ledger, 10, [1_000_000]);
    const url = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
    const device = await enrolledDevice(ledger, url, 'Backup', apps);
    const [initiative] = await ledger.db.select().from(initiatives);
    const codes = (await ledger.db.select().from(vouchers)).map((v) => formatVoucherCode(v.code as CanonicalCode));
    const give = async (i: number) =>
      unwrap(await device.clerk.call('vouchers:redeem', { code: codes[i]!, parts: [{ initiativeId: initiative!.id, amountCents: 750 }] }));

    await give(0);
    await give(1);
    await device.t.app.sync!.run();

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-ledger-backup-'));
    cleanups.push(async () => fs.rmSync(folder, { recursive: true, force: true }));
    const backup = script('ledger-backup.sh', [folder], { DATABASE_URL: ledger.url });
    expect(backup.status, backup.stderr).toBe(0);
    const file = backup.stdout.trim();
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(`${file}.sha256`, 'utf8')).toContain(path.basename(file));

    // After the backup: two more donations reach the ledger, then the ledger's database is lost.
    await give(2);
    await give(3);
    await device.t.app.sync!.run();
    expect((await ledger.db.select().from(donations)).length).toBe(4);
    await ledger.server.close();

    // A damaged backup is refused before anything is written.
    const damaged = path.join(folder, 'damaged.dump');
    fs.copyFileSync(file, damaged);
    fs.copyFileSync(`${file}.sha256`, `${damaged}.sha256`);
    fs.writeFileSync(`${damaged}.sha256`, fs.readFileSync(`${file}.sha256`, 'utf8').replace(path.basename(file), 'damaged.dump'));
    fs.appendFileSync(damaged, 'x');
    const target = await emptyDatabase();
    const refused = script('ledger-restore.sh', [damaged, target]);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('does not match its checksum');

    const restored = script('ledger-restore.sh', [file, target]);
    expect(restored.status, restored.stderr).toBe(0);
    // Restoring twice into the same database is refused: it is not empty any more.
    expect(script('ledger-restore.sh', [file, target]).status).toBe(4);

    const opened: OpenedLedger = await openLedger({ databaseUrl: target, poolSize: 4 });
    const server = await buildLedgerServer({ db: opened.db, kind: opened.kind, logger: pino({ level: 'silent' }) });
    cleanups.push(async () => {
      await server.close();
      await opened.close();
    });
    const restoredUrl = await server.listen({ host: '127.0.0.1', port: 0 });
    expect((await opened.db.select().from(donations)).length).toBe(2);

    // The restored feed numbers its changes again from the backup's last one, which this device pulled past: a new
    // initiative now gets a number the device's cursor is beyond. The restore gave the feed a new epoch, so the device
    // moves its cursor back and still learns of it.
    const [tenantBefore] = await opened.db.select().from(tenants);
    const fresh = await addInitiative(opened.db, tenantBefore!.id, {
      title: 'Na het terugzetten',
      summary: 'Aangemaakt nadat het grootboek is teruggezet.',
      districtCode: 'WK014113',
      theme: 'groen',
      status: 'spaarfase',
      targetCents: 50_000,
      deadline: '2027-06-01',
    });
    const deviceCursor = Number(getSyncValue(device.t.app.store!.db, 'cursor'));
    expect(tenantBefore!.changeSeq).toBeLessThan(deviceCursor); // the new initiative's number is one the device passed

    // The device goes on: its next donation makes it push, the ledger says where it left off, the device sends again.
    setSyncValue(device.t.app.store!.db, 'serverUrl', restoredUrl);
    await give(4);
    await device.t.app.sync!.run();
    expect(device.t.app.store!.db.select().from(localInitiatives).where(eq(localInitiatives.id, fresh.id)).get()?.title).toBe(
      'Na het terugzetten',
    );
    expect(getSyncValue(device.t.app.store!.db, 'feedEpoch')).toBe(tenantBefore!.feedEpoch);
    const after = await opened.db.select().from(donations);
    expect(after.length).toBe(5);
    expect(after.every((d) => d.state === 'counted')).toBe(true);
    expect(new Set(after.map((d) => d.codeHash)).size).toBe(5);
    const [total] = await opened.db.select().from(initiatives).where(eq(initiatives.id, initiative!.id));
    expect(total!.collectedCents).toBe(5 * 750);
    // A second sync changes nothing.
    await device.t.app.sync!.run();
    expect((await opened.db.select().from(donations)).length).toBe(5);
  }, 60_000);

  it('refuses to run without a database, and a restore without arguments', () => {
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const backup = spawnSync('bash', [path.join(root, 'scripts', 'ledger-backup.sh')], { env, encoding: 'utf8' });
    expect(backup.status).toBe(2);
    expect(backup.stderr).toContain('Set DATABASE_URL');
    expect(script('ledger-restore.sh', []).status).toBe(2);
  });
});
