/**
 * The device's side of the sync protocol (docs/sync-protocol.md): enrol, push the outbox in signed
 * batches, pull changes since the cursor. One run at a time; every step is safe to interrupt at any
 * byte: the outbox is only marked acknowledged after the ledger's answer, and a pulled page is applied
 * together with its cursor.
 */
import { directFetch, type LedgerFetch } from './transport.js';
import { refusal, SyncError } from './sync-error.js';
import { catchUpChain } from './catch-up.js';
import { pushAudit } from './audit-push.js';

export { SyncError } from './sync-error.js';
import { asc, gte, inArray, sql } from 'drizzle-orm';
import {
  BATCH_FILE_FORMAT,
  CLOCK_SKEW_FLAG_MS,
  HEADER_DEVICE,
  HEADER_SIGNATURE,
  HEADER_TIME,
  MAX_BATCH_EVENTS,
  PROTOCOL_VERSION,
  canonicalJson,
  enrolResponseSchema,
  enrolmentProofString,
  protocolErrorSchema,
  pullResponseSchema,
  pushResponseSchema,
  signingString,
  type BatchFile,
  type PushResponse,
  type PushResult,
  type WireEvent,
} from '../../core/sync/protocol.js';
import { AppError } from '../../core/api/errors.js';
import { syncErrorMessage } from '../../core/sync/sync-errors.js';
import { outbox, redemptions, syncAttention, syncConflicts, type OutboxRow } from '../../db/schema.js';
import { applyLedgerVerdict, markRegistryCurrent } from '../counter/index.js';
import type { Db } from '../../db/open-store.js';
import { advanceUnsentFrom, unsentEvent, updateSettings, type Clock, type Logger } from '../platform/index.js';
import { getSyncValue, setSyncValue } from './state.js';
import { applyPage, restartFeed } from './apply.js';
import { generateDeviceKeys, sha256Hex, signText } from '../../common/protocol-crypto.js';
import { fetchPhotos, sendPhotos, type LedgerRequest } from './photos.js';
import { monitorSnapshotSchema } from '../../core/monitor.js';
import { storeLedgerMonitor } from '../monitor/index.js';

export interface SyncProgress {
  phase: 'push' | 'pull';
  sent: number;
  toSend: number;
  pulled: number;
}

export interface SyncHooks {
  /** Test seam for fault injection: called after the ledger answered a push, before the outbox is marked. */
  afterPushAnswer?: (answer: PushResponse) => void;
  /** How requests reach the ledger (a proxy; Electron's net.fetch): services/sync/transport.ts. Default: a direct fetch. */
  fetch?: LedgerFetch;
}

const TIMEOUT_MS = 60_000;

export function toWire(row: OutboxRow): WireEvent {
  return {
    seq: row.seq,
    eventId: row.eventId,
    type: row.type,
    version: row.version,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    staffId: row.staffId,
    deviceTime: row.deviceTime,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function isEnrolled(db: Db): boolean {
  return getSyncValue(db, 'deviceId') !== null;
}

function normaliseServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new AppError('VALIDATION', 'Dit is geen geldig adres. Voorbeeld: https://grootboek.almelo.nl', {
      issues: [{ path: 'serverUrl', problem: 'url' }],
    });
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname))) {
    throw new AppError('VALIDATION', 'Gebruik een https-adres (http alleen op deze computer zelf).', {
      issues: [{ path: 'serverUrl', problem: 'https' }],
    });
  }
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

async function fetchJson(send: LedgerFetch, url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await send(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new SyncError('NETWORK', syncErrorMessage('NETWORK'), cause);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'unreadable body');
  }
  return { status: response.status, body };
}

export class SyncClient {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly hooks: SyncHooks = {},
  ) {
    this.send = hooks.fetch ?? directFetch;
  }

  private readonly send: LedgerFetch;

  private identity() {
    const serverUrl = getSyncValue(this.db, 'serverUrl');
    const deviceId = getSyncValue(this.db, 'deviceId');
    const privateKey = getSyncValue(this.db, 'privateKey');
    if (!serverUrl || !deviceId || !privateKey) throw new SyncError('NOT_ENROLLED', syncErrorMessage('NOT_ENROLLED'));
    return { serverUrl, deviceId, privateKey };
  }

  private signedHeaders(method: string, pathWithQuery: string, body: string) {
    const { deviceId, privateKey } = this.identity();
    const time = this.clock().toISOString();
    return {
      [HEADER_DEVICE]: deviceId,
      [HEADER_TIME]: time,
      [HEADER_SIGNATURE]: signText(privateKey, signingString(method, pathWithQuery, time, sha256Hex(body))),
    };
  }

  /**
   * Enrol with a one-time code. The key pair is made here; the private key never leaves the encrypted
   * store. An enrolled device (revoked, or its key lost) enrols *again* with a code the administrator made
   * for it: same device id, sequence and chain, a new key — so its unsent events are delivered as they are.
   */
  async enrol(
    serverUrlInput: string,
    code: string,
    device: { name: string; servicePoint: string },
  ): Promise<{ deviceId: string; tenantName: string }> {
    const serverUrl = normaliseServerUrl(serverUrlInput);
    const existing = getSyncValue(this.db, 'deviceId');
    const keys = generateDeviceKeys();
    const payload = {
      protocol: PROTOCOL_VERSION,
      code: code.trim(),
      publicKey: keys.publicKey,
      proof: signText(keys.privateKey, enrolmentProofString(code.trim(), keys.publicKey)),
      deviceName: device.name,
      servicePoint: device.servicePoint,
      ...(existing ? { deviceId: existing } : {}),
    };
    const { status, body } = await fetchJson(this.send, `${serverUrl}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (status !== 200) throw refusal(status, body);
    const answer = enrolResponseSchema.parse(body);
    if (existing && answer.deviceId !== existing)
      throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'another device id in the answer');
    this.db.transaction((tx) => {
      setSyncValue(tx, 'serverUrl', serverUrl);
      setSyncValue(tx, 'deviceId', answer.deviceId);
      setSyncValue(tx, 'tenantId', answer.tenant.id);
      setSyncValue(tx, 'tenantName', answer.tenant.name);
      if (answer.tenant.platformName) setSyncValue(tx, 'platformName', answer.tenant.platformName);
      setSyncValue(tx, 'privateKey', keys.privateKey);
      setSyncValue(tx, 'publicKey', keys.publicKey);
      // Enrolled again: what was pulled before still stands; the feed continues where it was.
      if (!existing) setSyncValue(tx, 'cursor', '0');
      setSyncValue(tx, 'lastError', null);
      setSyncValue(tx, 'lastErrorCode', null);
    });
    // The platform's website from the municipality, for the receipts' QR codes (a beheerder may still change it).
    const platformUrl = answer.tenant.platformUrl;
    if (platformUrl && /^https:\/\/\S+$/.test(platformUrl) && platformUrl.length <= 200) updateSettings(this.db, { platformUrl });
    this.log.info({ device: answer.deviceId, tenant: answer.tenant.id, again: Boolean(existing) }, 'enrolled at the central ledger');
    return { deviceId: answer.deviceId, tenantName: answer.tenant.name };
  }

  /** After a restore: the events sent after the backup, from the ledger (catch-up.ts). */
  catchUpChain(): Promise<number> {
    return catchUpChain(this.db, this.log, this.clock, this.ledgerRequest);
  }

  /** The audit trail to the ledger after the events (audit-push.ts). */
  pushAudit(): Promise<number> {
    return pushAudit(this.db, this.ledgerRequest, this.identity().deviceId);
  }

  /** Push every unacknowledged event, in batches, in sequence order. */
  async push(onProgress: (sent: number, toSend: number) => void = () => undefined): Promise<{ sent: number; contested: number }> {
    await this.catchUpChain();
    const { serverUrl, deviceId } = this.identity();
    const firstUnsent = this.db
      .select({ seq: sql<number | null>`min(${outbox.seq})` })
      .from(outbox)
      .where(unsentEvent())
      .get()?.seq;
    if (firstUnsent === null || firstUnsent === undefined) return { sent: 0, contested: 0 };
    const toSend =
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(outbox)
        .where(unsentEvent())
        .get()?.n ?? 0;
    let from = firstUnsent;
    let sent = 0;
    let contested = 0;
    let resends = 0;
    for (;;) {
      const rows = this.db.select().from(outbox).where(gte(outbox.seq, from)).orderBy(asc(outbox.seq)).limit(MAX_BATCH_EVENTS).all();
      if (rows.length === 0) break;
      const body = JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, events: rows.map(toWire) });
      const { status, body: answerBody } = await fetchJson(this.send, `${serverUrl}/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.signedHeaders('POST', '/v1/push', body) },
        body,
      });
      if (status === 409 && protocolErrorSchema.safeParse(answerBody).data?.code === 'SEQUENCE_GAP') {
        // The ledger is missing events this device marked as sent (restored from a backup): send again from there.
        const expected = protocolErrorSchema.parse(answerBody).expectedSeq ?? 1;
        if (expected >= from || resends++ > 2) throw refusal(status, answerBody);
        this.log.warn({ from, expected }, 'ledger expects earlier events; sending again from there');
        from = expected;
        continue;
      }
      if (status !== 200) throw refusal(status, answerBody);
      const parsed = pushResponseSchema.safeParse(answerBody);
      if (!parsed.success) throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'push answer does not parse');
      const answer = parsed.data;
      // A ledger that stored or had every event sent expects the one after them: an answer that does not move on would
      // have this loop send the same batch for ever. Nothing is acknowledged from it.
      if (answer.expectedSeq <= from)
        throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), `push answer expects ${answer.expectedSeq}, sent from ${from}`);
      this.hooks.afterPushAnswer?.(answer);
      contested += this.acknowledge(answer);
      sent += answer.results.filter((r) => r.outcome !== 'duplicate').length;
      onProgress(Math.min(sent, toSend), toSend);
      if (answer.clockSkewMs !== 0) setSyncValue(this.db, 'clockSkewMs', String(answer.clockSkewMs));
      else setSyncValue(this.db, 'clockSkewMs', null);
      from = answer.expectedSeq;
    }
    return { sent, contested };
  }

  /**
   * Mark answered events as acknowledged, and take the ledger's word on each: a donation's state, and
   * every outcome other than accepted or duplicate kept on Synchronisatie for a person (sync_attention).
   * Nothing is acknowledged in silence.
   */
  private acknowledge(answer: PushResponse): number {
    const now = this.clock().toISOString();
    let contested = 0;
    this.db.transaction(
      (tx) => {
        const seqs = answer.results.map((r) => r.seq);
        tx.update(outbox)
          .set({ ackedAt: now })
          .where(sql`${inArray(outbox.seq, seqs)} AND ${outbox.ackedAt} IS NULL`)
          .run();
        advanceUnsentFrom(tx);
        // The batch's donations by their events' payloads (the redemption id), looked up by primary key.
        const donationIds = tx
          .select({ payload: outbox.payload })
          .from(outbox)
          .where(sql`${inArray(outbox.seq, seqs)} AND ${outbox.type} = 'donation.recorded'`)
          .all()
          .map((e) => (JSON.parse(e.payload) as { redemptionId: string }).redemptionId);
        const bySeq = new Map(
          (donationIds.length === 0 ? [] : tx.select().from(redemptions).where(inArray(redemptions.id, donationIds)).all()).map((r) => [
            r.outboxSeq,
            r,
          ]),
        );
        const needsAttention = answer.results.filter((r) => attentionOutcome(r) !== null);
        const events = new Map(
          needsAttention.length === 0
            ? []
            : tx
                .select()
                .from(outbox)
                .where(
                  inArray(
                    outbox.seq,
                    needsAttention.map((r) => r.seq),
                  ),
                )
                .all()
                .map((e) => [e.seq, e]),
        );
        for (const answered of answer.results) {
          // A duplicate carries the outcome it got the first time (whose answer this device may have lost).
          const outcome =
            attentionOutcome(answered) ?? (answered.outcome === 'duplicate' ? (answered.stored ?? 'duplicate') : answered.outcome);
          const event = events.get(answered.seq);
          if (event && (outcome === 'pending' || outcome === 'quarantined' || outcome === 'overruled')) {
            tx.insert(syncAttention)
              .values({
                seq: event.seq,
                eventId: event.eventId,
                type: event.type,
                outcome,
                reason: answered.reason ?? null,
                subjectId: subjectOf(event.payload),
                createdAt: now,
              })
              .onConflictDoNothing()
              .run();
          }
          const red = bySeq.get(answered.seq);
          if (!red) continue;
          // The counter owns donations and their totals: it applies the ledger's verdict.
          const state = outcome === 'accepted' ? 'counted' : outcome;
          if (state !== 'counted' && state !== 'contested' && state !== 'pending' && state !== 'quarantined') continue;
          if (!applyLedgerVerdict(tx, red, state) || state !== 'contested') continue;
          contested += 1;
          tx.insert(syncConflicts)
            .values({
              contestedRedemptionId: red.id,
              countedRedemptionId: answered.winner?.redemptionId ?? '',
              ours: 'contested',
              roundId: red.roundId,
              valueCents: red.valueCents,
              state: 'open',
              note: null,
              settledAt: null,
              createdAt: now,
              updatedAt: now,
            })
            .onConflictDoNothing()
            .run();
        }
      },
      { behavior: 'immediate' },
    );
    return contested;
  }

  /** One signed request for the photo transfer (services/sync/photos.ts). */
  private readonly ledgerRequest: LedgerRequest = async (method, path, body) => {
    const { serverUrl } = this.identity();
    const headers = {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...this.signedHeaders(method, path, body ?? ''),
    };
    let response: Response;
    try {
      response = await this.send(`${serverUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new SyncError('NETWORK', syncErrorMessage('NETWORK'), cause);
    }
    const raw = Buffer.from(await response.arrayBuffer());
    const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
    let json: unknown = null;
    if (isJson) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        json = null;
      }
    }
    return { status: response.status, json, bytes: isJson ? null : raw };
  };

  /** Photos up (after the push) and down (after the pull). */
  sendPhotos() {
    return sendPhotos(this.db, this.log, this.ledgerRequest);
  }
  fetchPhotos() {
    return fetchPhotos(this.db, this.log, this.ledgerRequest);
  }

  /**
   * The monitor's figures (GET /v1/monitor), after the pull: kept with their date for the Monitor screen and
   * the reports. A refusal or an answer that does not parse keeps the last figures (their date shows their age).
   */
  async fetchMonitor(): Promise<boolean> {
    const { status, json } = await this.ledgerRequest('GET', '/v1/monitor');
    if (status !== 200) {
      this.log.warn({ status }, 'monitor figures not fetched; the last ones stay');
      return false;
    }
    const parsed = monitorSnapshotSchema.safeParse(json);
    if (!parsed.success) {
      this.log.warn({ issue: parsed.error.issues[0]?.path.join('.') }, 'monitor figures do not parse; the last ones stay');
      return false;
    }
    const fetchedAt = this.clock().toISOString();
    this.db.transaction((tx) => storeLedgerMonitor(tx, parsed.data, fetchedAt), { behavior: 'immediate' });
    return true;
  }

  /** Pull pages until the ledger has nothing more; each page lands with its cursor in one transaction. */
  async pull(onProgress: (pulled: number) => void = () => undefined): Promise<{ pulled: number }> {
    const { serverUrl } = this.identity();
    let pulled = 0;
    let restarts = 0;
    for (;;) {
      const after = Number(getSyncValue(this.db, 'cursor') ?? '0');
      const pathWithQuery = `/v1/pull?after=${after}&limit=500`;
      const { status, body } = await fetchJson(this.send, `${serverUrl}${pathWithQuery}`, {
        method: 'GET',
        headers: { 'accept-encoding': 'gzip', ...this.signedHeaders('GET', pathWithQuery, '') },
      });
      if (status !== 200) throw refusal(status, body);
      const parsed = pullResponseSchema.safeParse(body);
      if (!parsed.success) throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'pull page does not parse');
      const page = parsed.data;
      // The ledger was restored from a backup since the last pull (apply.ts `restartFeed`): ask again from where it says.
      const knownEpoch = getSyncValue(this.db, 'feedEpoch');
      if (page.feedEpoch !== undefined && knownEpoch !== null && knownEpoch !== page.feedEpoch) {
        const back = restartFeed(this.db, after, page.feedEpoch, page.feedBase ?? 0);
        this.log.warn({ after, back }, 'the ledger was restored from a backup: pulling again from its feed as restored');
        if (restarts++ > 2) throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), 'the feed epoch keeps changing');
        continue;
      }
      // The feed only moves forward: a cursor behind this device's, or a page that says "more" without moving,
      // would have this loop ask for ever (a broken proxy cache, a restored ledger). Nothing of it is applied.
      if (page.cursor < after || (page.more && page.cursor === after))
        throw new SyncError('BAD_ANSWER', syncErrorMessage('BAD_ANSWER'), `pull cursor ${page.cursor} after ${after}`);
      this.checkClock(page.serverTime);
      applyPage(this.db, this.log, page, this.clock().toISOString());
      pulled += page.changes.length;
      onProgress(pulled);
      if (!page.more) {
        markRegistryCurrent(this.db, page.serverTime);
        return { pulled };
      }
    }
  }

  /**
   * The PC's clock against the ledger's, on every pull (a push checks too, from the events' times): off by more
   * than CLOCK_SKEW_FLAG_MS is remembered until a later answer says it is right again, and the status bar
   * and the sync screen warn. Times on screen and receipts are Almelo's whatever the PC's zone; a wrongly set
   * clock is the one thing that zone handling cannot repair.
   */
  private checkClock(serverTime: string): void {
    const server = Date.parse(serverTime);
    if (Number.isNaN(server)) return;
    const skew = this.clock().getTime() - server;
    if (Math.abs(skew) > CLOCK_SKEW_FLAG_MS) {
      if (getSyncValue(this.db, 'clockSkewMs') === null) this.log.warn({ skewMs: skew }, 'device clock is off against the ledger');
      setSyncValue(this.db, 'clockSkewMs', String(Math.round(skew)));
    } else setSyncValue(this.db, 'clockSkewMs', null);
  }

  /** The unsent events as one signed file, for a device without any network (the admin CLI imports it). */
  exportBatchFile(): { file: BatchFile; events: number } {
    const { deviceId, privateKey } = this.identity();
    const rows = this.db.select().from(outbox).where(unsentEvent()).orderBy(asc(outbox.seq)).all();
    if (rows.length === 0) throw new AppError('CONFLICT', 'Er is niets om te versturen: alles is al bij het centrale grootboek.');
    const unsigned = {
      format: BATCH_FILE_FORMAT,
      protocol: PROTOCOL_VERSION,
      deviceId,
      createdAt: this.clock().toISOString(),
      events: rows.map(toWire),
    } as const;
    return { file: { ...unsigned, signature: signText(privateKey, canonicalJson(unsigned)) }, events: rows.length };
  }
}

/** The outcome a person must know of, for a fresh answer or a duplicate's first one; null for accepted/duplicate/contested. */
function attentionOutcome(r: PushResult): 'pending' | 'quarantined' | 'overruled' | null {
  const outcome = r.outcome === 'duplicate' ? r.stored : r.outcome;
  return outcome === 'pending' || outcome === 'quarantined' || outcome === 'overruled' ? outcome : null;
}

/** The donation or initiative an event is about (the catalogue's payloads name it in one of these fields). */
function subjectOf(payloadJson: string): string | null {
  try {
    const p = JSON.parse(payloadJson) as Record<string, unknown>;
    for (const key of ['redemptionId', 'contestedRedemptionId', 'initiativeId', 'volunteerId']) {
      if (typeof p[key] === 'string') return p[key];
    }
  } catch {
    // An outbox payload is always JSON (appendEvent wrote it); nothing to name otherwise.
  }
  return null;
}
