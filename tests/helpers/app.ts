/**
 * Test helpers that build the app exactly as the hosts do (startApp), on a real encrypted SQLite
 * file in a fresh temporary folder, with a logger that keeps every line for inspection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type AppOptions, type BuurtbalieApp, type Connection } from '../../services/app';
import type { Logger } from '../../services/platform/deps';
import { plainKeyWrapper } from '../../services/platform/store-key';
import type { ApiError, ApiResult } from '../../core/api/errors';
import { ALPHABET } from '../../core/voucher-code';

export const root = path.resolve(__dirname, '..', '..');
export const migrationsFolder = path.join(root, 'db', 'migrations');
export const resourcesDir = path.join(root, 'resources');
export const TEST_KEY = 'a1'.repeat(32);

export function tempDir(prefix = 'bb-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CapturingLogger extends Logger {
  lines: { level: string; facts: object; message: string }[];
  text(): string;
}

export function capturingLogger(): CapturingLogger {
  const lines: CapturingLogger['lines'] = [];
  const at = (level: string) => (facts: object, message: string) => void lines.push({ level, facts, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), text: () => JSON.stringify(lines) };
}

/** A controllable clock for lock-outs and idle locks. */
export function testClock(start = new Date('2026-11-22T09:00:00Z')) {
  let now = start.getTime();
  const clock = () => new Date(now);
  return Object.assign(clock, { advance: (ms: number) => void (now += ms) });
}

export interface TestApp {
  app: BuurtbalieApp;
  dir: string;
  log: CapturingLogger;
  connect(): Connection;
  clock: ReturnType<typeof testClock>;
}

export function makeApp(
  options: { dir?: string; envKey?: string; clock?: ReturnType<typeof testClock>; appOptions?: Partial<AppOptions> } = {},
): TestApp {
  const dir = options.dir ?? tempDir();
  const log = capturingLogger();
  const clock = options.clock ?? testClock();
  const app = startApp({
    dataDir: dir,
    resourcesDir,
    migrationsFolder,
    host: { kind: 'browser', version: 'test' },
    log,
    keyWrapper: plainKeyWrapper,
    envKey: options.envKey ?? TEST_KEY,
    clock,
    checkOutputs: true,
    // Tests run sync themselves (app.sync.run()); no timers behind their back.
    backgroundSync: false,
    ...options.appOptions,
  });
  return { app, dir, log, clock, connect: () => app.connect() };
}

export function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export const ADMIN_PIN = '25814';
export const setupInput = (demo = true) => ({
  deviceName: 'Balie 1',
  servicePoint: 'Wijkcentrum De Schelf',
  adminName: 'Anna Beheer',
  adminPin: ADMIN_PIN,
  demo,
});

/** A set-up device with the first beheerder logged in on the returned connection. */
export async function setUpDevice(t: TestApp, demo = true): Promise<{ admin: Connection; adminId: string }> {
  const admin = t.connect();
  const session = unwrap(await admin.call('setup:complete', setupInput(demo)));
  return { admin, adminId: (session as { staff: { id: string } }).staff.id };
}

export function failure(result: ApiResult<unknown>): ApiError {
  if (result.ok) throw new Error('expected a failure, got ok');
  return result.error;
}

/** A demo device with a logged-in counter clerk and a wijkregisseur who can approve reversals. */
export async function counterFixture(options: { clock?: ReturnType<typeof testClock> } = {}) {
  const t = makeApp(options);
  const { admin } = await setUpDevice(t, true);
  const clerk = t.connect();
  const options_ = unwrap(await clerk.call('staff:login-options', {}));
  const idOf = (name: string) => options_.find((o) => o.name === name)!.id;
  unwrap(await clerk.call('session:login', { staffId: idOf('Demo Baliemedewerker'), pin: '24680' }));
  const initiatives = unwrap(await clerk.call('initiatives:list', { status: 'spaarfase' }));
  return { t, admin, clerk, directorId: idOf('Demo Wijkregisseur'), clerkId: idOf('Demo Baliemedewerker'), initiatives };
}

/** A voucher code as printed with one data symbol (in its second group) mistyped: its check symbol no longer fits. */
export function oneTypo(display: string): string {
  const chars = [...display];
  const i = 5; // a data symbol in the second group
  chars[i] = ALPHABET[(ALPHABET.indexOf(chars[i]!) + 7) % 32]!;
  return chars.join('');
}
