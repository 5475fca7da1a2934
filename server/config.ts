/**
 * Where the ledger keeps its data, shared by the server and the admin CLI. DATABASE_URL selects a real
 * PostgreSQL; without it an embedded PostgreSQL (PGlite) lives in BB_LEDGER_DATA (default .data/ledger).
 * PGlite is single-process: the server holds a lock file and the CLI refuses to open the folder while
 * a live server holds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultEdge, type EdgeOptions } from './http/hardening.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resourcesDir = path.join(repoRoot, 'resources');

export interface LedgerConfig {
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  defaultTenant: string;
  /** Enrolment attempts per source address per minute (BB_LEDGER_ENROL_PER_MINUTE, default 20). */
  enrolPerMinute: number;
  /** Partner API requests per credential per minute (BB_LEDGER_PARTNER_PER_MINUTE, default 30,000). */
  partnerPerMinute: number;
  /** TLS, timeouts, per-address rate limit, proxy trust (docs/operations.md). */
  edge: EdgeOptions;
  /** BB_LEDGER_METRICS_TOKEN: serve GET /metrics to this bearer token. */
  metricsToken?: string;
  /** BB_LEDGER_UPDATES_DIR: the update feed's folder (docs/operations.md § Updates). */
  updatesDir?: string;
}

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
};

/** BB_LEDGER_TRUST_PROXY: a hop count, or addresses/CIDRs separated by commas (Fastify's trustProxy). */
function trustProxy(value: string | undefined): string | number | undefined {
  if (!value) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function edgeConfig(env: NodeJS.ProcessEnv): EdgeOptions {
  const cert = env.BB_LEDGER_TLS_CERT;
  const key = env.BB_LEDGER_TLS_KEY;
  if (Boolean(cert) !== Boolean(key)) throw new Error('Set both BB_LEDGER_TLS_CERT and BB_LEDGER_TLS_KEY, or neither.');
  return {
    perMinute: positive(env.BB_LEDGER_PER_MINUTE, defaultEdge.perMinute),
    headersTimeoutMs: positive(env.BB_LEDGER_HEADERS_TIMEOUT_MS, defaultEdge.headersTimeoutMs),
    requestTimeoutMs: positive(env.BB_LEDGER_REQUEST_TIMEOUT_MS, defaultEdge.requestTimeoutMs),
    idleTimeoutMs: positive(env.BB_LEDGER_IDLE_TIMEOUT_MS, defaultEdge.idleTimeoutMs),
    tls: cert && key ? { certFile: cert, keyFile: key } : undefined,
    trustProxy: trustProxy(env.BB_LEDGER_TRUST_PROXY),
  };
}

export function ledgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.BB_LEDGER_DATA ?? path.join(repoRoot, '.data', 'ledger')),
    host: env.BB_LEDGER_HOST ?? '127.0.0.1',
    port: Number(env.BB_LEDGER_PORT ?? 8787),
    defaultTenant: env.BB_TENANT ?? 'almelo',
    enrolPerMinute: Math.max(1, Number(env.BB_LEDGER_ENROL_PER_MINUTE ?? 20) || 20),
    partnerPerMinute: Math.max(1, Number(env.BB_LEDGER_PARTNER_PER_MINUTE ?? 30_000) || 30_000),
    edge: edgeConfig(env),
    metricsToken: env.BB_LEDGER_METRICS_TOKEN || undefined,
    updatesDir: env.BB_LEDGER_UPDATES_DIR ? path.resolve(env.BB_LEDGER_UPDATES_DIR) : undefined,
  };
}

const lockFile = (dataDir: string) => path.join(dataDir, 'ledger.pid');

/** This boot of the machine (Linux); null elsewhere. A lock written in another boot is stale whatever its pid. */
function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * Whether a process holds on to `pid` for real. A process killed with SIGKILL stays a zombie until its parent (or
 * init) collects it — a second or more on some machines — and `kill(pid, 0)` still succeeds for it; a process of
 * another user answers EPERM, but it is alive.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (not Linux): kill(pid, 0) is all there is
  }
}

/**
 * For PGlite only: one process at a time in the data folder. Returns a release function. The lock file holds the
 * holder's pid and, on Linux, the boot it was written in: after a crash (kill -9, a power cut) the next start finds
 * the holder dead — or the machine rebooted and the pid possibly someone else's — and takes the folder over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const [pidText = '', boot = null] = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split(/\s+/) : [];
  const holder = Number(pidText);
  const sameBoot = boot === null || boot === bootId();
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && sameBoot && processAlive(holder)) {
    throw new Error(
      `The embedded ledger database in ${dataDir} is in use by process ${holder}. Stop that process first, or use a PostgreSQL server (DATABASE_URL).`,
    );
  }
  const mine = [String(process.pid), bootId()].filter(Boolean).join(' ');
  fs.writeFileSync(file, mine);
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/** The municipality a fresh ledger starts with (BB_TENANT, default almelo): its name, platform and districts from resources/data. */
export function defaultTenant(): {
  name: string;
  profile: { platformName: string; platformUrl: string | null; voucherValueCents: number };
  districtsCsv: string;
} {
  const file = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'data', 'almelo-tenant.json'), 'utf8')) as {
    name: string;
    platformName: string;
    platformUrl: string | null;
    voucherValueCents: number;
    districts: string;
  };
  return {
    name: file.name,
    profile: { platformName: file.platformName, platformUrl: file.platformUrl, voucherValueCents: file.voucherValueCents },
    districtsCsv: fs.readFileSync(path.join(resourcesDir, 'data', file.districts), 'utf8'),
  };
}
