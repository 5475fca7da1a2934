/**
 * The one path every API call takes, whatever the host (Electron IPC or browser-mode HTTP):
 * known name → valid input → access for this session → handler → `{ ok, value }` or
 * `{ ok: false, error: { code, message } }`. Nothing thrown escapes, and the log gets the call's
 * name, outcome and duration — never its input, which may hold PINs, codes or personal data.
 */
import { type z } from 'zod';
import { contract, type Access } from '../../core/api/contract.js';
import { AppError, defaultErrorMessages, type ApiResult, type ErrorCode } from '../../core/api/errors.js';
import { isApiName, type ApiName } from '../../core/api/names.js';
import { can, type Role } from '../../core/roles.js';
import { MAX_JSON_DEPTH, jsonDepth, repairJsonText } from '../../core/text.js';
import { classifyStoreError } from '../../db/open-store.js';
import type { Logger } from '../platform/index.js';
import type { SessionManager, SessionActor } from '../staff/index.js';
import type { Handlers, HandlerContext } from './handlers.js';
import type { CallOutcome } from './audit.js';

export interface DispatcherOptions {
  handlers: Partial<Handlers>;
  log: Logger;
  /** Check every answer against the contract's output schema (on in tests and browser mode). */
  checkOutputs?: boolean;
  /** Told every outcome of a call whose input was valid (the audit trail); must not throw. */
  onOutcome?: (outcome: CallOutcome) => void;
}

export type Call = (name: unknown, input: unknown, session: SessionManager | null) => Promise<ApiResult<unknown>>;

function fail(code: ErrorCode, message?: string, details?: Record<string, unknown>): ApiResult<never> {
  return { ok: false, error: { code, message: message ?? defaultErrorMessages[code], ...(details ? { details } : {}) } };
}

function allows(access: Exclude<Access, 'public'>, role: Role): boolean {
  if (access === 'staff') return true;
  return typeof access === 'string' ? can(role, access) : access.some((c) => can(role, c));
}

const STORELESS: ReadonlySet<ApiName> = new Set<ApiName>(['app:status', 'recovery:backups', 'recovery:restore']);

const who = (actor: SessionActor | null) => (actor ? { id: actor.staffId, role: actor.role } : null);

/** Who is logged in, for a refusal's audit entry (null when nobody is, or the screen is locked). */
function actorOf(session: SessionManager | null): SessionActor | null {
  try {
    return session?.requireActor() ?? null;
  } catch {
    return null;
  }
}

function authorize(name: ApiName, session: SessionManager | null): SessionActor | null {
  const access = contract[name].access;
  if (access === 'public') return null;
  if (!session) throw new AppError('STORE_UNAVAILABLE', defaultErrorMessages.STORE_UNAVAILABLE);
  const actor = session.requireActor();
  if (!allows(access, actor.role)) {
    throw new AppError('FORBIDDEN', defaultErrorMessages.FORBIDDEN, { role: actor.role, needs: access });
  }
  return actor;
}

/**
 * Text made safe before any check (core/text.ts): U+0000 never means anything a person typed (it comes
 * with pasted text) and is taken out; a lone surrogate (half an emoji) becomes U+FFFD, visibly. Neither
 * can then reach the outbox, where the central ledger could not store it. Input nested deeper than any
 * call needs is refused before anything recursive touches it.
 */
function safeInput(raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (jsonDepth(raw) > MAX_JSON_DEPTH) return { ok: false };
  return { ok: true, value: repairJsonText(raw, '\uFFFD', '').value };
}

export function createDispatcher(options: DispatcherOptions): Call {
  const { handlers, log, checkOutputs = false, onOutcome } = options;
  const tell = (outcome: CallOutcome) => {
    try {
      onOutcome?.(outcome);
    } catch (error) {
      log.error({ call: outcome.name, code: (error as { code?: string }).code ?? 'unknown' }, 'audit entry not recorded');
    }
  };
  return async (name, rawInput, session) => {
    const started = performance.now();
    if (!isApiName(name)) {
      log.warn({ call: typeof name === 'string' ? name.slice(0, 64) : typeof name }, 'unknown api call');
      return fail('UNKNOWN_CALL');
    }
    const entry = contract[name];
    const safe = safeInput(rawInput ?? {});
    if (!safe.ok) {
      log.warn({ call: name, outcome: 'VALIDATION', fields: ['(too deep)'] }, 'api call refused');
      return fail('VALIDATION', undefined, { issues: [{ path: '', problem: 'too-deep' }] });
    }
    const parsed = entry.input.safeParse(safe.value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        problem: /^(pin|name):/.test(i.message) ? i.message : i.code,
      }));
      log.warn({ call: name, outcome: 'VALIDATION', fields: issues.map((i) => i.path) }, 'api call refused');
      return fail('VALIDATION', undefined, { issues });
    }
    let actor: SessionActor | null = null;
    try {
      actor = authorize(name, session);
      const handler = handlers[name] as ((input: unknown, ctx: HandlerContext) => unknown) | undefined;
      // Without a store only the status and the error screen's recovery calls answer.
      if (!handler || (!session && !STORELESS.has(name))) throw new AppError('STORE_UNAVAILABLE', defaultErrorMessages.STORE_UNAVAILABLE);
      const value = await handler(parsed.data, { actor, session: session as SessionManager });
      if (checkOutputs) (entry.output as z.ZodType).parse(value);
      log.info({ call: name, outcome: 'ok', ms: Math.round(performance.now() - started) }, 'api call');
      tell({ name, input: parsed.data as Record<string, unknown>, actor: who(actor), value });
      return { ok: true, value };
    } catch (error) {
      const result = mapError(name, error, log, started);
      if (!result.ok)
        tell({ name, input: parsed.data as Record<string, unknown>, actor: who(actor ?? actorOf(session)), refused: result.error.code });
      return result;
    }
  };
}

function mapError(name: ApiName, error: unknown, log: Logger, started: number): ApiResult<never> {
  const ms = Math.round(performance.now() - started);
  if (error instanceof AppError) {
    log.info({ call: name, outcome: error.code, ms }, 'api call refused');
    return fail(error.code, error.message, error.details);
  }
  if (classifyStoreError(error) === 'disk-full') {
    log.error({ call: name, outcome: 'DISK_FULL', ms }, 'disk full: nothing was written');
    return fail('DISK_FULL');
  }
  const e = error as { name?: string; code?: string; message?: string };
  log.error(
    { call: name, outcome: 'INTERNAL', ms, err: { name: e.name, code: e.code, message: e.message?.slice(0, 200) } },
    'api call failed',
  );
  return fail('INTERNAL');
}
