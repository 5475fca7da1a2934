/**
 * Updates (issue 17): the ledger serves the feed (/updates/<channel>/), the device reads it through its own transport,
 * downloads the installer and checks its SHA-512, and decides when it may be installed. Against a real ledger on a
 * real port: a good feed, a checksum mismatch, no network, a non-empty outbox the new version could or could not
 * send, a postponement. Installing itself is Electron's updater, which cannot run here (TOOLCHAIN.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventTypes, versionsOf } from '../../core/sync/events';
import { initiatives } from '../../server/db/schema';
import { UpdateService } from '../../services/updates';
import { directFetch } from '../../services/sync/transport';
import { freshLedger, seedLedger, type TestLedger } from '../helpers/ledger';
import { enrolledDevice, type Device } from '../helpers/devices';
import { unwrap, type TestApp } from '../helpers/app';
import { vouchers } from '../../server/db/schema';
import { formatVoucherCode, type CanonicalCode } from '../../core/voucher-code';

const apps: TestApp[] = [];
let ledger: TestLedger;
let url: string;
let device: Device;
const feedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-updates-'));
const installer = randomBytes(200_000);
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');
const everything = Object.fromEntries(eventTypes.map((t) => [t, versionsOf(t)]));

function publish(channel: string, version: string, options: { sha?: string; sends?: Record<string, number[]> | null } = {}) {
  const dir = path.join(feedDir, channel);
  fs.mkdirSync(dir, { recursive: true });
  const name = `Buurtbalie-Setup-${version}.exe`;
  fs.writeFileSync(path.join(dir, name), installer);
  // electron-builder writes one per platform: latest.yml (Windows), latest-linux.yml.
  for (const feed of ['latest.yml', 'latest-linux.yml'])
    fs.writeFileSync(
      path.join(dir, feed),
      `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${options.sha ?? sha512(installer)}\n    size: ${installer.length}\npath: ${name}\nsha512: ${options.sha ?? sha512(installer)}\nreleaseDate: '2026-12-03T10:00:00.000Z'\n`,
    );
  if (options.sends === null) fs.rmSync(path.join(dir, 'compat.json'), { force: true });
  else fs.writeFileSync(path.join(dir, 'compat.json'), JSON.stringify({ version, sends: options.sends ?? everything }));
}

function service(overrides: { ledgerUrl?: string | null; postponedUntil?: string | null; current?: string } = {}) {
  const store = device.t.app.store!;
  return new UpdateService({
    db: store.db,
    clock: () => new Date(),
    log: device.t.log,
    current: overrides.current ?? '0.1.0',
    dir: path.join(device.t.dir, 'updates'),
    send: directFetch,
    platform: 'win32',
    ledgerUrl: () => (overrides.ledgerUrl === undefined ? url : overrides.ledgerUrl),
    channel: () => 'stable',
    postponedUntil: () => overrides.postponedUntil ?? null,
  });
}

beforeAll(async () => {
  ledger = await freshLedger({ updatesDir: feedDir });
  await seedLedger(ledger, 5);
  url = await ledger.server.listen({ host: '127.0.0.1', port: 0 });
  device = await enrolledDevice(ledger, url, 'Update', apps);
});
afterAll(async () => {
  for (const t of apps) t.app.close();
  await ledger.drop();
  fs.rmSync(feedDir, { recursive: true, force: true });
});

describe('the update feed and the decision', () => {
  it('a newer version with nothing waiting: downloaded, checked, installed at the next start', async () => {
    publish('stable', '0.2.0');
    const status = await service().check();
    expect(status).toMatchObject({ state: 'ready', available: '0.2.0', install: 'next-start', blocking: [], error: null });
    expect(fs.readFileSync(status.installer!).equals(installer)).toBe(true);
    expect(fs.statSync(status.installer!).mode & 0o777).toBe(0o600);
  });

  it('the same version: nothing to do; postponed by staff: not now', async () => {
    publish('stable', '0.2.0');
    expect((await service({ current: '0.2.0' }).check()).state).toBe('current');
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect(await service({ postponedUntil: until }).check()).toMatchObject({ state: 'postponed', available: '0.2.0' });
  });

  it('never while the outbox holds an event the new version could not send; with one it can, at the next start', async () => {
    const [initiative] = await ledger.db.select().from(initiatives);
    const [voucher] = await ledger.db.select().from(vouchers);
    unwrap(
      await device.clerk.call('vouchers:redeem', {
        code: formatVoucherCode(voucher!.code as CanonicalCode),
        parts: [{ initiativeId: initiative!.id, amountCents: 750 }],
      }),
    );
    // The new version dropped donation.recorded v2 (it can only send v3, say).
    publish('stable', '0.3.0', { sends: { ...everything, 'donation.recorded': [3] } });
    expect(await service().check()).toMatchObject({ state: 'ready', install: 'after-sync', blocking: ['donation.recorded v2'] });
    // Without compat.json the ledger cannot say: any waiting event holds the install back.
    publish('stable', '0.3.0', { sends: null });
    expect((await service().check()).install).toBe('after-sync');
    // A version that still sends it: the next start.
    publish('stable', '0.3.0');
    expect((await service().check()).install).toBe('next-start');
    // After the sync the outbox is empty: the next start again, whatever the version sends.
    await device.t.app.sync!.run();
    publish('stable', '0.3.0', { sends: { ...everything, 'donation.recorded': [3] } });
    expect((await service().check()).install).toBe('next-start');
  });

  it('an installer that does not match its SHA-512 is refused and not kept', async () => {
    publish('stable', '0.4.0', { sha: sha512(Buffer.from('something else')) });
    const status = await service().check();
    expect(status).toMatchObject({ state: 'error', error: 'checksum', installer: null });
    expect(fs.existsSync(path.join(device.t.dir, 'updates', 'Buurtbalie-Setup-0.4.0.exe'))).toBe(false);
    expect(device.t.log.lines.some((l) => l.message === 'update check failed')).toBe(true);
  });

  it('without a network, or without a feed: says so, changes nothing', async () => {
    expect(await service({ ledgerUrl: 'http://127.0.0.1:9' }).check()).toMatchObject({ state: 'error', error: 'offline' });
    expect(await service({ ledgerUrl: null }).check()).toMatchObject({ state: 'idle' });
    const other = new UpdateService({ ...service()['deps'], channel: () => 'pilot' });
    expect(await other.check()).toMatchObject({ state: 'error', error: 'no-feed' });
  });

  it('the ledger serves the feed’s files and nothing else', async () => {
    publish('stable', '0.2.0');
    const yml = await fetch(`${url}/updates/stable/latest.yml`);
    expect(yml.status).toBe(200);
    expect(yml.headers.get('cache-control')).toBe('no-cache');
    const range = await fetch(`${url}/updates/stable/Buurtbalie-Setup-0.2.0.exe`, { headers: { range: 'bytes=0-99' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(installer.subarray(0, 100))).toBe(true);
    fs.writeFileSync(path.join(feedDir, 'stable', '.secret'), 'x');
    for (const p of [
      '/updates/stable/.secret',
      '/updates/stable/',
      '/updates/../package.json',
      '/updates/stable/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      expect((await fetch(`${url}${p}`)).status, p).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('updates in the app', () => {
  it('staff see the version and what is ready, and put it off; the beheerder checks now and pins the channel; a backup comes first', async () => {
    const { makeApp, setUpDevice } = await import('../helpers/app');
    const { createEnrolmentCodeFor } = await import('../../server/admin/ops');
    const { listBackups } = await import('../../services/platform/backup');
    const t = makeApp({ appOptions: { host: { kind: 'browser', version: '0.1.0' } } });
    apps.push(t);
    const { admin } = await setUpDevice(t, false);
    const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'Balie Versie');
    unwrap(await admin.call('sync:enrol', { serverUrl: url, code }));
    await t.app.sync!.run();
    expect(unwrap(await admin.call('updates:status', {}))).toMatchObject({ current: '0.1.0', state: 'idle', channel: 'stable' });

    publish('stable', '0.2.0');
    const ready = unwrap(await admin.call('updates:check', {}));
    expect(ready).toMatchObject({ state: 'ready', available: '0.2.0', install: 'next-start', feedUrl: `${url}/updates/stable` });
    expect(listBackups(t.dir).some((b) => b.reason === 'before-update')).toBe(true);

    const clerkRow = unwrap(await admin.call('staff:create', { name: 'Balie Versie', role: 'baliemedewerker', pin: '24680' }));
    const clerk = t.connect();
    unwrap(await clerk.call('session:login', { staffId: clerkRow.id, pin: '24680' }));
    expect(unwrap(await clerk.call('updates:status', {})).available).toBe('0.2.0');
    expect((await clerk.call('updates:check', {})).ok).toBe(false);
    const later = unwrap(await clerk.call('updates:postpone', {}));
    expect(later.state).toBe('postponed');
    expect(Date.parse(later.postponedUntil!)).toBeGreaterThan(t.clock().getTime() + 23 * 3600_000);

    // The pilot channel has no feed here: said so; pinning a channel lifts a postponement.
    const pilot = unwrap(await admin.call('updates:channel', { channel: 'pilot' }));
    expect(pilot).toMatchObject({ channel: 'pilot', state: 'error', error: 'no-feed', postponedUntil: null });
    expect(unwrap(await admin.call('updates:channel', { channel: 'stable' }))).toMatchObject({ channel: 'stable', state: 'ready' });
  });
});
