/**
 * The central ledger against the real PostgreSQL on 127.0.0.1:5432 (a fresh database per suite):
 * enrolment, signed push, contested double use, and the adversarial cases of the sync issue.
 * Every case runs twice: on the real PostgreSQL and on the embedded PGlite that `npm run server` uses
 * by default, so the zero-setup ledger behaves exactly like the production one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { freshLedger, pullEverything, seedLedger, SimDevice, type TestLedger } from '../helpers/ledger';
import { devices, donations, events, quarantine, refusalCounts, vouchers, initiatives } from '../../server/db/schema';
import { listContested, ledgerTotals, revokeDevice, settle } from '../../server/admin/ops';
import { MAX_BATCH_EVENTS, pullResponseSchema, pushResponseSchema, type Change } from '../../core/sync/protocol';

const results = (body: string) => pushResponseSchema.parse(JSON.parse(body)).results;

describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
] as const)('on %s', (_name, pglite) => {
  let ledger: TestLedger;
  let roundId: string;
  let initiativeId: string;
  let hashes: string[];

  beforeAll(async () => {
    ledger = await freshLedger({ pglite });
    const seeded = await seedLedger(ledger, 200, [1_000_000]);
    roundId = seeded.roundId;
    initiativeId = seeded.initiatives[0]!.id;
    hashes = (await ledger.db.select({ h: vouchers.codeHash }).from(vouchers)).map((v) => v.h);
  });
  afterAll(async () => ledger?.drop());

  const pullAll = (device: SimDevice) => pullEverything(ledger, device);

  describe('enrolment and signatures', () => {
    it('enrols a device once per code and refuses the code a second time', async () => {
      const device = await new SimDevice('Balie A').enrol(ledger);
      expect(device.id).toMatch(/^[0-9a-f-]{36}$/);
      const { createEnrolmentCodeFor } = await import('../../server/admin/ops');
      const { code } = await createEnrolmentCodeFor(ledger.db, ledger.tenantId, 'Balie B');
      const other = new SimDevice('B');
      const { signText } = await import('../../common/protocol-crypto');
      const { enrolmentProofString } = await import('../../core/sync/protocol');
      const payload = (keys = other.keys) => ({
        protocol: 1,
        code,
        publicKey: keys.publicKey,
        proof: signText(keys.privateKey, enrolmentProofString(code, keys.publicKey)),
        deviceName: 'B',
        servicePoint: 'Test',
      });
      expect((await ledger.server.inject({ method: 'POST', url: '/v1/enrol', payload: payload() })).statusCode).toBe(200);
      const again = await ledger.server.inject({ method: 'POST', url: '/v1/enrol', payload: payload(new SimDevice().keys) });
      expect(again.statusCode).toBe(403);
      expect(again.json().code).toBe('ENROLMENT_CODE_INVALID');
    });

    it('refuses a wrong signature and an unknown device, and counts them without keeping what anyone could send', async () => {
      const device = await new SimDevice().enrol(ledger);
      const event = device.donation(roundId, hashes[199]!, initiativeId);
      const impostor = new SimDevice();
      impostor.id = device.id; // claims to be the device, signs with another key
      const res = await impostor.push(ledger, [event]);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('BAD_SIGNATURE');
      const unknown = new SimDevice();
      unknown.id = '00000000-0000-4000-8000-000000000000';
      expect((await unknown.push(ledger, [event])).json().code).toBe('UNKNOWN_DEVICE');
      // Unauthenticated: counted per day and code with a digest, never stored whole (anyone could fill the disk).
      const kept = await ledger.db.select().from(quarantine).where(eq(quarantine.deviceId, device.id));
      expect(kept).toHaveLength(0);
      const counted = await ledger.db.select().from(refusalCounts);
      expect(counted.find((c) => c.code === 'BAD_SIGNATURE')?.count).toBeGreaterThanOrEqual(1);
      expect(counted.find((c) => c.code === 'UNKNOWN_DEVICE')?.lastDigest).toMatch(/^[0-9a-f]{64}$/);
      // A signed refusal of a known device is kept whole, with its reason.
      const bad = await device.push(ledger, [{ ...event, seq: 7 }, event]);
      expect(bad.statusCode).toBe(400);
      const signed = await ledger.db.select().from(quarantine).where(eq(quarantine.deviceId, device.id));
      expect(signed.map((q) => q.reason)).toEqual([expect.stringMatching(/^MALFORMED/)]);
      expect(signed[0]!.body).toContain(event.eventId);
      // Nothing of it counted.
      const [n] = await ledger.db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(events)
        .where(eq(events.deviceId, device.id));
      expect(n!.n).toBe(0);
    });

    it('refuses a body changed after signing', async () => {
      const device = await new SimDevice().enrol(ledger);
      const event = device.donation(roundId, hashes[198]!, initiativeId);
      const res = await device.push(ledger, [event], { tamper: (b) => b.replace('"valueCents":750', '"valueCents":7500') });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('BAD_SIGNATURE');
    });

    it('refuses a revoked device', async () => {
      const device = await new SimDevice().enrol(ledger);
      await revokeDevice(ledger.db, ledger.tenantId, device.id);
      const res = await device.push(ledger, [device.donation(roundId, hashes[197]!, initiativeId)]);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('DEVICE_REVOKED');
      expect((await device.pull(ledger)).statusCode).toBe(403);
    });
  });

  describe('push', () => {
    it('two devices take the same voucher offline: in either order exactly one counts, the other is contested on both sides', async () => {
      for (const order of [
        [0, 1],
        [1, 0],
      ]) {
        const pair = [await new SimDevice('A').enrol(ledger), await new SimDevice('B').enrol(ledger)];
        const h = hashes[order[0] === 0 ? 10 : 11]!;
        const taken = pair.map((d) => d.donation(roundId, h, initiativeId));
        const before = await ledgerTotals(ledger.db, ledger.tenantId);
        const first = pushResponseSchema.parse((await pair[order[0]!]!.push(ledger, [taken[order[0]!]!])).json());
        const second = pushResponseSchema.parse((await pair[order[1]!]!.push(ledger, [taken[order[1]!]!])).json());
        expect(first.results[0]!.outcome).toBe('accepted');
        expect(second.results[0]!.outcome).toBe('contested');
        const winnerId = (taken[order[0]!]!.payload as { redemptionId: string }).redemptionId;
        expect(second.results[0]!.winner).toEqual({ redemptionId: winnerId, deviceId: pair[order[0]!]!.id });
        const after = await ledgerTotals(ledger.db, ledger.tenantId);
        expect(after.counted - before.counted).toBe(1);
        expect(after.contested - before.contested).toBe(1);
        expect(after.countedCents - before.countedCents).toBe(750);
        // Both devices learn of the conflict on pull.
        for (const d of pair) {
          const conflicts = (await pullAll(d)).filter((c) => c.kind === 'conflict' && c.data.countedRedemptionId === winnerId);
          expect(conflicts).toHaveLength(1);
        }
      }
    });

    it('the same batch twice, and the answer lost after commit: every event is stored once and answered duplicate', async () => {
      const device = await new SimDevice().enrol(ledger);
      const batch = [20, 21, 22].map((i) => device.donation(roundId, hashes[i]!, initiativeId));
      const first = pushResponseSchema.parse((await device.push(ledger, batch)).json());
      expect(first.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
      // The device never saw the answer: it sends the same events again, plus a new one.
      const next = device.donation(roundId, hashes[23]!, initiativeId);
      const second = pushResponseSchema.parse((await device.push(ledger, [...batch, next])).json());
      expect(second.results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'accepted']);
      expect(second.expectedSeq).toBe(5);
      const stored = await ledger.db.select().from(donations).where(eq(donations.deviceId, device.id));
      expect(stored).toHaveLength(4);
    });

    it('a gap in the sequence is answered with the sequence the ledger expects', async () => {
      const device = await new SimDevice().enrol(ledger);
      device.donation(roundId, hashes[30]!, initiativeId); // seq 1, never sent
      const second = device.donation(roundId, hashes[31]!, initiativeId);
      const res = await device.push(ledger, [second]);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'SEQUENCE_GAP', expectedSeq: 1 });
      const resend = pushResponseSchema.parse((await device.push(ledger, device.log)).json());
      expect(resend.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
    });

    it('a tampered event (hash chain broken) is refused and quarantined; nothing of the batch is stored', async () => {
      const device = await new SimDevice().enrol(ledger);
      const good = device.donation(roundId, hashes[40]!, initiativeId);
      const bad = device.donation(roundId, hashes[41]!, initiativeId);
      const tampered = { ...bad, payload: { ...bad.payload, valueCents: 75_000, parts: [{ initiativeId, amountCents: 75_000 }] } };
      const res = await device.push(ledger, [good, tampered]);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'CHAIN_BROKEN', seq: 2 });
      expect(await ledger.db.select().from(events).where(eq(events.deviceId, device.id))).toHaveLength(0);
      const kept = await ledger.db.select().from(quarantine).where(eq(quarantine.deviceId, device.id));
      expect(kept[0]!.reason).toMatch(/^CHAIN_BROKEN/);
      // A replay of an already-stored sequence with other content is refused as well.
      await device.push(ledger, [good]);
      const forged = { ...good, payload: { ...good.payload, valueCents: 1 } };
      expect((await device.push(ledger, [forged])).json().code).toBe('CHAIN_BROKEN');
    });

    it('a device still on donation.recorded v1 and one on v2 push to the same ledger: both decided by the same rules', async () => {
      const old = await new SimDevice('v1').enrol(ledger);
      const current = await new SimDevice('v2').enrol(ledger);
      // v1 as devices wrote it before the catalogue: no buurt, intake or business day; district null when stale.
      const v1 = old.eventV('donation.recorded', 1, {
        redemptionId: crypto.randomUUID(),
        roundId,
        codeHash: hashes[90]!,
        districtCode: null,
        valueCents: 750,
        parts: [{ initiativeId, amountCents: 750 }],
        needsConfirmation: true,
      });
      const v2 = current.donation(roundId, hashes[91]!, initiativeId);
      expect(v1.version).toBe(1);
      expect(v2.version).toBe(2);
      expect(results((await old.push(ledger, [v1])).body)[0]!.outcome).toBe('accepted');
      expect(results((await current.push(ledger, [v2])).body)[0]!.outcome).toBe('accepted');
      // The same voucher on v1 after v2 took it: contested, whatever the version.
      const late = old.eventV('donation.recorded', 1, {
        redemptionId: crypto.randomUUID(),
        roundId,
        codeHash: hashes[91]!,
        districtCode: 'WK014113',
        valueCents: 750,
        parts: [{ initiativeId, amountCents: 750 }],
      });
      expect(results((await old.push(ledger, [late])).body)[0]!.outcome).toBe('contested');
      const rows = await ledger.db
        .select()
        .from(donations)
        .where(sql`${donations.codeHash} in (${hashes[90]!}, ${hashes[91]!})`);
      // The district comes from the ledger's own registry when the device did not know it.
      expect(rows.find((r) => r.codeHash === hashes[90])!.districtCode).not.toBeNull();
      expect(rows.map((r) => r.state).sort()).toEqual(['contested', 'counted', 'counted']);
    });

    it('an unknown event version is stored and quarantined, and the queue goes on behind it', async () => {
      const device = await new SimDevice().enrol(ledger);
      const future = device.rawEvent('donation.recorded', { anything: true }, 9);
      const next = device.donation(roundId, hashes[50]!, initiativeId);
      const answer = pushResponseSchema.parse((await device.push(ledger, [future, next])).json());
      expect(answer.results.map((r) => r.outcome)).toEqual(['quarantined', 'accepted']);
      expect(answer.results[0]!.reason).toMatch(/unsupported event donation.recorded v9/);
      const [row] = await ledger.db
        .select()
        .from(events)
        .where(and(eq(events.deviceId, device.id), eq(events.seq, 1)));
      expect(row!.outcome).toBe('quarantined');
    });

    it('a device clock two days off is never refused: device time is kept and the skew flagged', async () => {
      const device = await new SimDevice().enrol(ledger);
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
      const event = device.donation(roundId, hashes[60]!, initiativeId, 750, twoDaysAgo);
      const res = await device.push(ledger, [event], { time: twoDaysAgo });
      expect(res.statusCode).toBe(200);
      const answer = pushResponseSchema.parse(res.json());
      expect(answer.results[0]!.outcome).toBe('accepted');
      expect(answer.clockSkewMs).toBeLessThan(-2 * 86_400_000 + 60_000);
      const [row] = await ledger.db.select().from(devices).where(eq(devices.id, device.id));
      expect(row!.clockSkewMs).toBeLessThan(-86_400_000);
      const [d] = await ledger.db.select().from(donations).where(eq(donations.deviceId, device.id));
      expect(d!.deviceTime).toBe(twoDaysAgo);
    });

    it('a batch over the size bound is refused with the bounds, in events and in bytes', async () => {
      const device = await new SimDevice().enrol(ledger);
      const many = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => device.rawEvent('day.closed', { n: i }));
      const res = await device.push(ledger, many);
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'BATCH_TOO_LARGE', maxEvents: MAX_BATCH_EVENTS });
      const huge = device.rawEvent('day.closed', { filler: 'x'.repeat(6 * 1024 * 1024) });
      const big = await device.push(ledger, [huge]);
      expect(big.statusCode).toBe(413);
      expect(big.json().code).toBe('BATCH_TOO_LARGE');
    });

    it('malformed JSON and a wrong protocol version get clear codes, not a crash', async () => {
      const device = await new SimDevice().enrol(ledger);
      const notJson = await ledger.server.inject({
        method: 'POST',
        url: '/v1/push',
        headers: device.headers('POST', '/v1/push', '{nope'),
        payload: '{nope',
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().code).toBe('MALFORMED');
      const body = JSON.stringify({ protocol: 99, deviceId: device.id, events: [] });
      const wrong = await ledger.server.inject({
        method: 'POST',
        url: '/v1/push',
        headers: device.headers('POST', '/v1/push', body),
        payload: body,
      });
      expect(wrong.json().code).toBe('UNSUPPORTED_PROTOCOL');
    });
  });

  describe('reversal, settlement and totals', () => {
    it('a reversal frees the voucher; settling "count this" swaps which donation counts; totals follow', async () => {
      const [a, b] = [await new SimDevice().enrol(ledger), await new SimDevice().enrol(ledger)];
      const h = hashes[70]!;
      const ea = a.donation(roundId, h, initiativeId);
      const eb = b.donation(roundId, h, initiativeId);
      await a.push(ledger, [ea]);
      await b.push(ledger, [eb]);
      const idA = (ea.payload as { redemptionId: string }).redemptionId;
      const idB = (eb.payload as { redemptionId: string }).redemptionId;
      const contested = await listContested(ledger.db, ledger.tenantId);
      expect(contested.map((c) => c.redemptionId)).toContain(idB);
      const [before] = await ledger.db.select().from(initiatives).where(eq(initiatives.id, initiativeId));
      await settle(ledger.db, ledger.tenantId, idB, 'count-this', 'Bewoner kwam eerst bij balie B.');
      const rows = await ledger.db
        .select()
        .from(donations)
        .where(sql`${donations.redemptionId} in (${idA}, ${idB})`);
      expect(Object.fromEntries(rows.map((r) => [r.redemptionId, r.state]))).toEqual({ [idA]: 'void', [idB]: 'counted' });
      const [after] = await ledger.db.select().from(initiatives).where(eq(initiatives.id, initiativeId));
      expect(after!.collectedCents).toBe(before!.collectedCents); // one counted before, one counted after
      await expect(settle(ledger.db, ledger.tenantId, idB, 'keep-other', 'nogmaals')).rejects.toThrow(/Not settled/);
      // B reverses its donation: the voucher is free again and the total drops by its value.
      const rev = b.event('donation.reversed', {
        reversalId: crypto.randomUUID(),
        redemptionId: idB,
        reason: 'vergissing',
        approvedBy: 'x',
        businessDay: '2026-12-03',
      });
      expect(pushResponseSchema.parse((await b.push(ledger, [rev])).json()).results[0]!.outcome).toBe('accepted');
      const [reversed] = await ledger.db.select().from(initiatives).where(eq(initiatives.id, initiativeId));
      expect(reversed!.collectedCents).toBe(before!.collectedCents - 750);
      const c = await a.push(ledger, [a.donation(roundId, h, initiativeId)]);
      expect(pushResponseSchema.parse(c.json()).results[0]!.outcome).toBe('accepted');
    });

    it('reaching the target moves the initiative to streefbedrag behaald, decided by the ledger', async () => {
      const { addInitiative } = await import('../../server/admin/ops');
      const small = await addInitiative(ledger.db, ledger.tenantId, {
        title: 'Klein',
        summary: 'Klein doel',
        districtCode: 'WK014110',
        theme: 'spelen',
        status: 'spaarfase',
        targetCents: 1500,
        deadline: null,
      });
      const device = await new SimDevice().enrol(ledger);
      await device.push(ledger, [device.donation(roundId, hashes[80]!, small.id), device.donation(roundId, hashes[81]!, small.id)]);
      const [row] = await ledger.db.select().from(initiatives).where(eq(initiatives.id, small.id));
      expect(row).toMatchObject({ collectedCents: 1500, donations: 2, status: 'streefbedrag_behaald' });
      const snapshots = (await pullAll(device)).filter((c) => c.kind === 'initiative' && c.data.id === small.id);
      expect(snapshots.at(-1)!.data).toMatchObject({ status: 'streefbedrag_behaald', collectedCents: 1500 });
      // A device that claims a status change the ledger does not allow is overruled, not refused.
      const claim = device.event('initiative.status-changed', {
        initiativeId: small.id,
        action: 'complete',
        from: 'in_uitvoering',
        to: 'uitgevoerd',
        note: null,
      });
      const answer = pushResponseSchema.parse((await device.push(ledger, [claim])).json());
      expect(answer.results[0]).toMatchObject({ outcome: 'overruled' });
    });
  });

  describe('pull', () => {
    it('brings rounds, the registry as salted hashes, districts and initiatives, in pages, for this tenant only', async () => {
      const device = await new SimDevice().enrol(ledger);
      const all = await pullAll(device);
      const kinds = new Set(all.map((c) => c.kind));
      // A new device sees everything of its tenant except other devices' conflicts.
      // ('device': the report of the device revoked above, which every device of the tenant gets.)
      expect(kinds).toEqual(new Set(['district', 'round', 'registry', 'initiative', 'used', 'released', 'device']));
      const registry = all.flatMap((c) => (c.kind === 'registry' ? c.data.vouchers : []));
      expect(registry).toHaveLength(200);
      expect(new Set(registry.map((v) => v.h))).toEqual(new Set(hashes));
      // Changes are numbered without gaps for a device that sees everything of the tenant but others' conflicts.
      const ids = all.map((c) => c.id);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      // A small page limit gives the same changes.
      const paged: Change[] = [];
      let after = 0;
      for (;;) {
        const page = pullResponseSchema.parse((await device.pull(ledger, after, 7)).json());
        paged.push(...page.changes);
        after = page.cursor;
        if (!page.more) break;
      }
      expect(paged.map((c) => c.id)).toEqual(ids);
      // Another device sees only its own conflicts.
      const conflictsForOthers = all.filter((c) => c.kind === 'conflict');
      expect(conflictsForOthers).toHaveLength(0);
    });

    it('answers compressed when asked', async () => {
      const device = await new SimDevice().enrol(ledger);
      const url = '/v1/pull?after=0&limit=500';
      const res = await ledger.server.inject({
        method: 'GET',
        url,
        headers: { ...device.headers('GET', url, ''), 'accept-encoding': 'gzip' },
      });
      expect(res.headers['content-encoding']).toBe('gzip');
      const { gunzipSync } = await import('node:zlib');
      expect(pullResponseSchema.parse(JSON.parse(gunzipSync(res.rawPayload).toString('utf8'))).changes.length).toBeGreaterThan(0);
    });
  });

  describe('concurrency', () => {
    it('three devices pushing the same vouchers at the same moment: no errors, exactly one counted per voucher', async () => {
      const trio = [await new SimDevice().enrol(ledger), await new SimDevice().enrol(ledger), await new SimDevice().enrol(ledger)];
      const shared = hashes.slice(100, 160);
      // Each device takes the shared vouchers in its own order, so the batches cross each other.
      const batches = trio.map((d, i) => {
        const order = [...shared].sort((x, y) =>
          i === 1 ? y.localeCompare(x) : i === 2 ? x.slice(7).localeCompare(y.slice(7)) : x.localeCompare(y),
        );
        return order.map((h) => d.donation(roundId, h, initiativeId));
      });
      for (let round = 0; round < 3; round++) {
        const slice = batches.map((b) => b.slice(round * 20, round * 20 + 20));
        const answers = await Promise.all(trio.map((d, i) => d.push(ledger, slice[i]!)));
        for (const a of answers) expect(a.statusCode).toBe(200);
      }
      const rows = await ledger.db
        .select({ h: donations.codeHash, state: donations.state })
        .from(donations)
        .where(sql`${donations.codeHash} in ${shared}`);
      expect(rows).toHaveLength(180);
      for (const h of shared) {
        expect(rows.filter((r) => r.h === h && r.state === 'counted')).toHaveLength(1);
        expect(rows.filter((r) => r.h === h && r.state === 'contested')).toHaveLength(2);
      }
    });
  });
});
