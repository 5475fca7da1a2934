/**
 * A device client written from docs/sync-protocol.md alone, as a supplier of another client would: Node's own crypto
 * and fetch, and nothing of Buurtbalie's code (no import from the project, on purpose — the app's own client and the
 * test devices share the protocol's code, so they cannot find a place where the document says something else).
 * Every rule here cites the section of the document it follows.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/** §1: members sorted by key as UTF-16 code units, no whitespace, undefined members left out, JSON.stringify's scalars. */
export function canonical(value: Json | undefined): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** §4, "Voucher codes and codeHash". */
export function codeHashOf(saltHex: string, printed: string): string {
  const code = printed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return sha256(Buffer.concat([Buffer.from(saltHex, 'hex'), Buffer.from(code, 'ascii')]));
}

export interface DocEvent {
  seq: number;
  eventId: string;
  type: string;
  version: number;
  payload: { [key: string]: Json | undefined };
  staffId: string | null;
  deviceTime: string;
  prevHash: string;
  hash: string;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const ZEROS = '0'.repeat(64);

export class DocClient {
  readonly keys = generateKeyPairSync('ed25519');
  deviceId = '';
  seq = 0;
  prevHash = ZEROS;
  auditSeq = 0;
  auditPrev = ZEROS;
  /** §4d: this device's line of its audit trail. */
  readonly auditLine = randomUUID();

  constructor(readonly base: string) {}

  /** §1: SPKI DER, base64. */
  get publicKey(): string {
    return this.keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  }

  private signText(text: string, key: KeyObject = this.keys.privateKey): string {
    return sign(null, Buffer.from(text, 'utf8'), key).toString('base64');
  }

  /** §2: unsigned; `proof` signs `BB1-enrol\n<code>\n<publicKey>`. */
  async enrol(code: string, deviceName: string, servicePoint: string): Promise<Answer> {
    const publicKey = this.publicKey;
    const answer = await this.send('POST', '/v1/enrol', {
      protocol: 1,
      code,
      publicKey,
      proof: this.signText(`BB1-enrol\n${code}\n${publicKey}`),
      deviceName,
      servicePoint,
    });
    if (answer.status === 200) this.deviceId = answer.body.deviceId as string;
    return answer;
  }

  /** §0 and §1: JSON in UTF-8; after enrolment three headers with the signature of the five-line signing string. */
  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    pathWithQuery: string,
    body?: unknown,
    options: { signed?: boolean; tamper?: (raw: string) => string } = {},
  ): Promise<Response> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.signed ?? this.deviceId !== '') {
      const time = new Date().toISOString();
      headers['x-bb-device'] = this.deviceId;
      headers['x-bb-time'] = time;
      headers['x-bb-signature'] = this.signText(['BB1', method, pathWithQuery, time, sha256(raw)].join('\n'));
    }
    const sent = options.tamper ? options.tamper(raw) : raw;
    return fetch(`${this.base}${pathWithQuery}`, { method, headers, body: body === undefined ? undefined : sent });
  }

  /** A request whose answer is JSON (every answer but a photo's bytes). */
  async send(...args: Parameters<DocClient['request']>): Promise<Answer> {
    const response = await this.request(...args);
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** §3: the next event of this device's chain; `hash` = SHA-256 of prevHash + "\n" + canonical JSON of the seven fields. */
  event(type: string, version: number, payload: DocEvent['payload'], staffId: string | null = 'staff-1'): DocEvent {
    const body = { seq: this.seq + 1, eventId: randomUUID(), type, version, payload, staffId, deviceTime: new Date().toISOString() };
    const hash = sha256(`${this.prevHash}\n${canonical(body)}`);
    const event = { ...body, prevHash: this.prevHash, hash };
    this.seq = event.seq;
    this.prevHash = hash;
    return event;
  }

  push(events: DocEvent[], options?: { tamper?: (raw: string) => string }): Promise<Answer> {
    return this.send('POST', '/v1/push', { protocol: 1, deviceId: this.deviceId, events }, options);
  }

  /** The feed the cursor belongs to (§4): another one on a page means the ledger was restored. */
  feedEpoch: string | null = null;

  /** §4: every page after `after` while `more`; a new `feedEpoch` moves the cursor back to at most `feedBase`. */
  async pullAll(after = 0): Promise<{ changes: { id: number; kind: string; data: Record<string, unknown> }[]; cursor: number }> {
    const changes: { id: number; kind: string; data: Record<string, unknown> }[] = [];
    let cursor = after;
    for (;;) {
      const page = await this.send('GET', `/v1/pull?after=${cursor}&limit=500`);
      if (page.status !== 200) throw new Error(`pull: ${page.status} ${JSON.stringify(page.body)}`);
      const epoch = page.body.feedEpoch as string | undefined;
      if (epoch !== undefined && this.feedEpoch !== null && epoch !== this.feedEpoch) {
        this.feedEpoch = epoch;
        cursor = Math.min(cursor, page.body.feedBase as number);
        continue;
      }
      if (epoch !== undefined) this.feedEpoch = epoch;
      const next = page.body.cursor as number;
      if (next < cursor || (page.body.more && next === cursor)) throw new Error('pull: the feed does not move forward');
      changes.push(...(page.body.changes as typeof changes));
      cursor = next;
      if (!page.body.more) return { changes, cursor };
    }
  }

  /** §7: the offline file — every member but `signature` signed as canonical JSON. */
  batchFile(events: DocEvent[]): string {
    const body = { format: 'buurtbalie-batch', protocol: 1, deviceId: this.deviceId, createdAt: new Date().toISOString(), events };
    return JSON.stringify({ ...body, signature: this.signText(canonical(body as unknown as Json)) });
  }

  /** §4d: the next entry of this device's audit chain; hashed without prevHash and hash. */
  auditEntry(action: string, detail: Record<string, Json>) {
    const entry = {
      seq: this.auditSeq + 1,
      chain: this.auditLine,
      at: new Date().toISOString(),
      actorId: 'staff-1',
      actorRole: 'beheerder',
      action,
      subject: null,
      detail,
      ok: true,
    };
    const hash = sha256(`${this.auditPrev}\n${canonical(entry)}`);
    const full = { ...entry, prevHash: this.auditPrev, hash };
    this.auditSeq = entry.seq;
    this.auditPrev = hash;
    return full;
  }
}
