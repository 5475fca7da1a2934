/**
 * The login state of one window (Electron) or one browser-mode token. The app locks itself after
 * the configured idle time: the renderer shows the lock screen on its own timer and sends
 * heartbeats while someone works; this side enforces the same limit, so a renderer that stops
 * reporting cannot keep a session open.
 */
import type { Actor } from '../platform/index.js';
import { AppError } from '../../core/api/errors.js';
import type { SessionInfo, SessionState } from '../../core/api/contract-session.js';
import { capabilitiesOf } from '../../core/roles.js';
import type { Db } from '../../db/open-store.js';
import type { Clock } from '../platform/index.js';
import { getSettings } from '../platform/index.js';
import { getStaff, verifyStaffPin } from './staff.js';

/** The actor of a logged-in session: an Actor (platform/actor.ts) with the name the screens show. */
export interface SessionActor extends Actor {
  name: string;
  /** When this person logged in (the start of their shift). */
  since: string;
}

export class SessionManager {
  private current: { staffId: string; locked: boolean; lastActivity: number; since: string } | null = null;

  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /** Read on every call (settings and accounts may change meanwhile), once per call. */
  private info(staffId: string, since: string): SessionInfo | null {
    const row = getStaff(this.deps.db, staffId);
    if (!row || row.disabled) return null;
    return {
      staff: { id: row.id, name: row.name, role: row.role },
      capabilities: [...capabilitiesOf(row.role)],
      idleLockMinutes: getSettings(this.deps.db).idleLockMinutes,
      since,
    };
  }

  /** Applies the idle lock and drops sessions of accounts that were disabled meanwhile. */
  state(): SessionState {
    const cur = this.current;
    if (!cur) return { state: 'none' };
    const session = this.info(cur.staffId, cur.since);
    if (!session) {
      this.current = null;
      return { state: 'none' };
    }
    if (!cur.locked && this.deps.clock().getTime() - cur.lastActivity > session.idleLockMinutes * 60_000) cur.locked = true;
    return cur.locked ? { state: 'locked', session } : { state: 'active', session };
  }

  async login(staffId: string, pin: string): Promise<SessionInfo> {
    await verifyStaffPin(this.deps.db, this.deps.clock, staffId, pin);
    const now = this.deps.clock();
    // Unlocking is the same shift: the same person keeps the moment they logged in.
    const since = this.current?.staffId === staffId ? this.current.since : now.toISOString();
    this.current = { staffId, locked: false, lastActivity: now.getTime(), since };
    const session = this.info(staffId, since);
    if (!session) throw new AppError('ACCOUNT_DISABLED', 'Dit account is uitgeschakeld.');
    return session;
  }

  /** Only the person whose screen was locked can unlock it; others log in afresh. */
  async unlock(pin: string): Promise<SessionInfo> {
    const state = this.state();
    if (state.state === 'none') throw new AppError('NOT_LOGGED_IN', 'U bent niet ingelogd.');
    return this.login(state.session.staff.id, pin);
  }

  lock(): void {
    if (this.current) this.current.locked = true;
  }

  logout(): void {
    this.current = null;
  }

  /** Who is calling, or why they may not: NOT_LOGGED_IN or SESSION_LOCKED. Counts as activity. */
  requireActor(): SessionActor {
    const state = this.state();
    if (state.state === 'none') throw new AppError('NOT_LOGGED_IN', 'U bent niet ingelogd.');
    if (state.state === 'locked') throw new AppError('SESSION_LOCKED', 'Het scherm is vergrendeld.');
    if (this.current) this.current.lastActivity = this.deps.clock().getTime();
    return { staffId: state.session.staff.id, role: state.session.staff.role, name: state.session.staff.name, since: state.session.since };
  }
}
