/**
 * Test helpers for the central ledger: a fresh database on the real PostgreSQL (127.0.0.1:5432) per
 * suite, the real HTTP API (Fastify inject or a real port), and simulated devices that sign and
 * hash-chain their events exactly as the app does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { openLedger, type OpenedLedger } from '../../server/db/connect';
import { buildLedgerServer } from '../../server/app';
import type { EdgeOptions } from '../../server/http/hardening';
import { defaultTenant } from '../../server/config';
import { addInitiative, createEnrolmentCodeFor, createTenant, generateCodes, upsertRound } from '../../server/admin/ops';
import { chainHash } from '../../common/protocol-crypto';
import { generateDeviceKeys, sha256Hex, signText, type DeviceKeys } from '../../common/protocol-crypto';
import {
  GENESIS_HASH,
  HEADER_DEVICE,
  HEADER_SIGNATURE,
  HEADER_TIME,
  PROTOCOL_VERSION,
  enrolmentProofString,
  pullResponseSchema,
  signingString,
  type Change,
  type WireEvent,
} from '../../core/sync/protocol';
import { checkPayload, currentVersion, type EventPayload, type EventType, type EventVersion } from '../../core/sync/events';
import { root } from './app';

export const PG_ADMIN_URL = process.env.BB_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const districtsCsv = fs.readFileSync(path.join(root, 'resources', 'data', 'almelo-wijken.csv'), 'utf8');

export interface TestLedger extends OpenedLedger {
  url: string;
  server: FastifyInstance;
  tenantId: string;
  drop(): Promise<void>;
}

/** A new, empty database on the real PostgreSQL, migrated, with the tenant "almelo". */
export async function freshLedger(
  options: { pglite?: boolean; enrolPerMinute?: number; edge?: Partial<EdgeOptions>; metricsToken?: string; updatesDir?: string } = {},
): Promise<TestLedger> {
  const name = `bb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  let url = '';
  let opened: OpenedLedger;
  if (options.pglite) {
    opened = await openLedger({});
  } else {
    await admin.connect();
    await admin.query(`create database ${name}`);
    url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    opened = await openLedger({ databaseUrl: url, poolSize: 8 });
  }
  const almelo = defaultTenant();
  await createTenant(opened.db, 'almelo', almelo.name, almelo.districtsCsv, almelo.profile);
  // Suites enrol dozens of simulated devices from one address; the limit itself has a test of its own.
  const server = await buildLedgerServer({
    db: opened.db,
    kind: opened.kind,
    logger: pino({ level: 'silent' }),
    enrolPerMinute: options.enrolPerMinute ?? 10_000,
    // Fuzz and property suites send thousands of requests from one address; the per-address limit has its own test.
    edge: { perMinute: 1_000_000, ...options.edge },
    metricsToken: options.metricsToken,
    updatesDir: options.updatesDir,
  });
  return {
    ...opened,
    url,
    server,
    tenantId: 'almelo',
    async drop() {
      await server.close();
      await opened.close();
      if (!options.pglite) {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  };
}

/** The open round 2026-2 (€ 7.50, 2026-07-01 to 2027-06-30) with `count` codes over synthetic addresses; returns the code hashes. */
export async function seedRound(db: OpenedLedger['db'], tenantId: string, count: number): Promise<string[]> {
  const { importAddresses } = await import('../../server/admin/ops');
  const { vouchers } = await import('../../server/db/schema');
  const { eq } = await import('drizzle-orm');
  const lines = ['postcode,house_number,addition,street,buurt_code,district_code'];
  for (let i = 1; i <= count; i++) lines.push(`76${String(10 + (i % 80)).padStart(2, '0')}AB,${i},,Teststraat,,WK0141${10 + (i % 12)}`);
  await importAddresses(db, tenantId, lines.join('\n'));
  await upsertRound(db, tenantId, {
    id: '2026-2',
    valueCents: 750,
    activeFrom: '2026-07-01T00:00:00Z',
    activeUntil: '2027-06-30T00:00:00Z',
    status: 'open',
  });
  await generateCodes(db, tenantId, '2026-2');
  return (await db.select({ h: vouchers.codeHash }).from(vouchers).where(eq(vouchers.tenantId, tenantId))).map((v) => v.h);
}

/** An open round with `count` codes over synthetic addresses, and one initiative in spaarfase per entry of `targets`. */
export async function seedLedger(ledger: TestLedger, count: number, targets: number[] = [100_000]) {
  await seedRound(ledger.db, ledger.tenantId, count);
  const initiatives = [];
  for (const [i, target] of targets.entries()) {
    initiatives.push(
      await addInitiative(ledger.db, ledger.tenantId, {
        title: `Initiatief ${i + 1}`,
        summary: 'Voor de test.',
        districtCode: 'WK014113',
        theme: 'groen',
        status: 'spaarfase',
        targetCents: target,
        deadline: '2027-06-01',
      }),
    );
  }
  return { roundId: '2026-2', initiatives };
}

/** A device as the protocol sees it: keys, a sequence, a hash chain; it signs like the app does. */
export class SimDevice {
  keys: DeviceKeys = generateDeviceKeys();
  id = '';
  seq = 0;
  lastHash = GENESIS_HASH;
  readonly log: WireEvent[] = [];

  constructor(readonly name = 'Sim') {}

  /** Enrol at the ledger, in its test municipality or another one (tenantId). */
  async enrol(ledger: TestLedger, tenantId = ledger.tenantId): Promise<this> {
    const { code } = await createEnrolmentCodeFor(ledger.db, tenantId, this.name);
    const res = await ledger.server.inject({
      method: 'POST',
      url: '/v1/enrol',
      payload: {
        protocol: PROTOCOL_VERSION,
        code,
        publicKey: this.keys.publicKey,
        proof: signText(this.keys.privateKey, enrolmentProofString(code, this.keys.publicKey)),
        deviceName: this.name,
        servicePoint: 'Test',
      },
    });
    if (res.statusCode !== 200) throw new Error(`enrol failed: ${res.body}`);
    this.id = (res.json() as { deviceId: string }).deviceId;
    return this;
  }

  /**
   * An event of the catalogue's current version, checked by the catalogue as the app's appendEvent does:
   * a simulated device can only say what a real device can (core/sync/events.ts).
   */
  event<T extends EventType>(type: T, payload: EventPayload<T>, deviceTime = new Date().toISOString()): WireEvent {
    const version = currentVersion(type);
    const checked = checkPayload(type, version, payload);
    if (!checked.ok) throw new Error(`the simulated device built an event the catalogue refuses: ${checked.reason}`);
    return this.rawEvent(type, checked.payload, version, deviceTime);
  }

  /** An event of an older version, still through the catalogue (a device that was not updated yet). */
  eventV<T extends EventType, V extends EventVersion<T>>(
    type: T,
    version: V,
    payload: EventPayload<T, V>,
    deviceTime = new Date().toISOString(),
  ) {
    const checked = checkPayload(type, version, payload);
    if (!checked.ok) throw new Error(`the simulated device built an event the catalogue refuses: ${checked.reason}`);
    return this.rawEvent(type, checked.payload, version, deviceTime);
  }

  /** Anything at all, correctly chained and signed: for hostile and malformed input only. */
  rawEvent(
    type: string,
    payload: Record<string, unknown>,
    version = 1,
    deviceTime = new Date().toISOString(),
    eventId: string = randomUUID(),
  ): WireEvent {
    this.seq += 1;
    const base = { seq: this.seq, eventId, type, version, payload, staffId: 'staff-1', deviceTime };
    const hash = chainHash(this.lastHash, base);
    const event: WireEvent = { ...base, prevHash: this.lastHash, hash };
    this.lastHash = hash;
    this.log.push(event);
    return event;
  }

  donation(roundId: string, codeHash: string, initiativeId: string, valueCents = 750, deviceTime?: string): WireEvent {
    return this.event(
      'donation.recorded',
      {
        redemptionId: randomUUID(),
        roundId,
        codeHash,
        districtCode: 'WK014113',
        buurtCode: null,
        valueCents,
        parts: [{ initiativeId, amountCents: valueCents }],
        intakeId: null,
        needsConfirmation: false,
        businessDay: '2026-12-03',
      },
      deviceTime,
    );
  }

  /** Forget the last `n` events (the ledger refused them): the next event takes their place in the chain. */
  rollback(n: number): void {
    this.log.splice(this.log.length - n, n);
    this.seq -= n;
    this.lastHash = this.log.at(-1)?.hash ?? GENESIS_HASH;
  }

  headers(method: string, url: string, body: string, time = new Date().toISOString()) {
    return {
      [HEADER_DEVICE]: this.id,
      [HEADER_TIME]: time,
      [HEADER_SIGNATURE]: signText(this.keys.privateKey, signingString(method, url, time, sha256Hex(body))),
      'content-type': 'application/json',
    };
  }

  async push(ledger: TestLedger, events: readonly WireEvent[], options: { time?: string; tamper?: (body: string) => string } = {}) {
    const body = JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId: this.id, events });
    const headers = this.headers('POST', '/v1/push', body, options.time);
    return ledger.server.inject({ method: 'POST', url: '/v1/push', headers, payload: options.tamper ? options.tamper(body) : body });
  }

  /** A signed photo request (PUT with a JSON body, GET, DELETE). */
  async photo(ledger: TestLedger, method: 'PUT' | 'GET' | 'DELETE', id: string, body = '') {
    const url = `/v1/photos/${id}`;
    return ledger.server.inject({ method, url, headers: this.headers(method, url, body), ...(body ? { payload: body } : {}) });
  }

  async pull(ledger: TestLedger, after = 0, limit = 500) {
    const url = `/v1/pull?after=${after}&limit=${limit}`;
    return ledger.server.inject({ method: 'GET', url, headers: this.headers('GET', url, '') });
  }
}

/** Every change the ledger has for this device, page after page (each page must be a 200). */
export async function pullEverything(ledger: TestLedger, device: SimDevice): Promise<Change[]> {
  const all: Change[] = [];
  let after = 0;
  for (;;) {
    const res = await device.pull(ledger, after);
    if (res.statusCode !== 200) throw new Error(`pull answered ${res.statusCode}: ${res.body}`);
    const page = pullResponseSchema.parse(res.json());
    all.push(...page.changes);
    after = page.cursor;
    if (!page.more) return all;
  }
}
