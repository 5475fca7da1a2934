/**
 * The app shell: header, main menu (only what the role may use), the screen, and a status bar
 * that is always visible: online/offline, last sync, unsent items, who is logged in.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { HashRouter, Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { AppStatus } from '../../core/api/contract-app';
import type { SessionInfo } from '../../core/api/contract-session';
import type { Capability } from '../../core/roles';
import { api, onApiSuccess } from './api-client';
import { useI18n, type Language } from './i18n';
import type { MessageKey } from './i18n/nl';
import { InitiativesScreen } from './screens/initiatives/initiatives-screen';
import { MonitorScreen } from './screens/monitor/monitor-screen';
import { DayCloseScreen } from './screens/day-close/day-close-screen';
import { RedeemScreen } from './screens/redeem/redeem-screen';
import { SettingsScreen } from './screens/settings-screen';
import { SyncScreen } from './screens/sync/sync-screen';
import { VolunteersScreen } from './screens/volunteers-screen';
import { useIdleLock } from './use-idle-lock';
import { PrintStatus } from './components/print-status';

interface ScreenDef {
  path: string;
  title: MessageKey;
  needs: Capability | null;
  render: (props: ScreenProps) => ReactNode;
}
export interface ScreenProps {
  status: AppStatus;
  session: SessionInfo;
}

const screens: ScreenDef[] = [
  { path: '/inwisselen', title: 'nav.redeem', needs: 'counter', render: () => <RedeemScreen /> },
  { path: '/initiatieven', title: 'nav.initiatives', needs: null, render: (p) => <InitiativesScreen session={p.session} /> },
  { path: '/vrijwilligers', title: 'nav.volunteers', needs: 'counter', render: () => <VolunteersScreen /> },
  { path: '/dagafsluiting', title: 'nav.dayClose', needs: 'counter', render: (p) => <DayCloseScreen session={p.session} /> },
  { path: '/monitor', title: 'nav.monitor', needs: 'monitor', render: () => <MonitorScreen /> },
  { path: '/synchronisatie', title: 'nav.sync', needs: 'sync', render: (p) => <SyncScreen session={p.session} /> },
  { path: '/instellingen', title: 'nav.settings', needs: null, render: (p) => <SettingsScreen session={p.session} status={p.status} /> },
];

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** Moves focus to the screen's heading after navigation, so keyboard and screen-reader users land there. */
function FocusOnNavigate() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A screen may change its own address without the person going anywhere (a new draft gets its id):
    // then the focus stays where the person is typing.
    if ((location.state as { keepFocus?: boolean } | null)?.keepFocus) return;
    // A screen that starts with a field (the code field at the counter) names it with data-autofocus.
    const target = document.querySelector<HTMLElement>('main [data-autofocus]') ?? document.querySelector<HTMLElement>('main h1');
    target?.focus();
  }, [location.key, location.state]);
  return null;
}

/**
 * Whether the central ledger answers (the last sync attempt), not whether the PC has a network: a counter on
 * Wi-Fi whose ledger is down is offline for what matters. Without a ledger set up, it says the data stays here.
 */
function LedgerDot({ status, online }: { status: AppStatus; online: boolean }) {
  const { t } = useI18n();
  const state = status.ledger === 'none' ? 'local' : !online || status.ledger === 'unreachable' ? 'offline' : 'online';
  return (
    <span className={`dot ${state}`} data-testid="status-online">
      {t(`status.ledger.${state}`)}
    </span>
  );
}

/**
 * Every login and every unlock starts on the person's start screen — Inwisselen at a counter, with the cursor in
 * the code field — never on the screen the previous person (or the same one, before the lock) left open: the
 * first scan must land in the code field, and the last resident's data must not show.
 */
function GoToStart({ path }: { path: string }) {
  const navigate = useNavigate();
  // Once per Shell (a login or an unlock mounts a new one); navigate's identity changes with every location.
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    void navigate(path, { replace: true, state: { start: Date.now() } });
  }, [navigate, path]);
  return null;
}

interface ShellProps {
  status: AppStatus;
  session: SessionInfo;
  onStatusChange: (s: AppStatus) => void;
  onLock: () => void;
  onLogout: () => void;
}

export function Shell({ status, session, onStatusChange, onLock, onLogout }: ShellProps) {
  const { t, tn, formatTime, language, setLanguage } = useI18n();
  const online = useOnline();
  const allowed = screens.filter((s) => s.needs === null || session.capabilities.includes(s.needs));
  useIdleLock(session.idleLockMinutes, onLock);
  const maySync = session.capabilities.includes('sync');
  // The network is back: sync now rather than at the next retry (the app also retries by itself).
  useEffect(() => {
    if (online && maySync) void api.syncRun({}).catch(() => undefined);
  }, [online, maySync]);

  useEffect(() => {
    const refresh = () => void api.appStatus({}).then(onStatusChange, () => undefined);
    const timer = window.setInterval(refresh, 30_000);
    const writes = new Set([
      'vouchersRedeem',
      'intakesScan',
      'intakesFinish',
      'redemptionsReverse',
      'dayClose',
      'dayPrint',
      'receiptsReprint',
      'printRetry',
      'printFailedToPdf',
    ]);
    const off = onApiSuccess((method) => {
      if (writes.has(method)) refresh();
    });
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [onStatusChange]);
  // While a receipt waits for the printer, look again soon: the status bar must say "niet afgedrukt" as soon as
  // the printer turns out to be off, not at the next half-minute refresh.
  useEffect(() => {
    if (status.printQueued === 0) return;
    const timer = window.setTimeout(() => void api.appStatus({}).then(onStatusChange, () => undefined), 1500);
    return () => window.clearTimeout(timer);
  }, [status, onStatusChange]);

  return (
    <HashRouter>
      <FocusOnNavigate />
      <GoToStart path={allowed[0]?.path ?? '/instellingen'} />
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <div className="layout">
        <header className="topbar">
          <div className="brand">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-sub">
              {status.municipality.platform} · {status.device?.servicePoint} · {status.device?.name}
            </span>
          </div>
          {status.device?.isDemo ? <span className="badge-demo">{t('status.demo')}</span> : null}
          <label className="language">
            <span>{t('common.language')}</span>
            <select
              className="utrecht-select utrecht-select--html-select"
              value={language}
              onChange={(e) => setLanguage(e.target.value as Language)}
            >
              <option value="nl">Nederlands</option>
              <option value="en">English</option>
            </select>
          </label>
        </header>
        <nav className="mainnav" aria-label={t('nav.label')}>
          <ul>
            {allowed.map((s) => (
              <li key={s.path}>
                <NavLink to={s.path} className={({ isActive }) => (isActive ? 'active' : undefined)}>
                  {t(s.title)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1} className="content">
          <Routes>
            {allowed.map((s) => (
              <Route key={s.path} path={`${s.path}/*`} element={s.render({ status, session })} />
            ))}
            <Route path="*" element={<Navigate to={allowed[0]?.path ?? '/instellingen'} replace />} />
          </Routes>
        </main>
        <footer className="statusbar" aria-label={t('status.label')}>
          <LedgerDot status={status} online={online} />
          {status.clockSkewMs !== null ? (
            <strong className="print-failed" data-testid="status-clock" title={t('sync.clockSkew')}>
              {t(status.clockSkewMs > 0 ? 'status.clockAhead' : 'status.clockBehind', {
                minutes: Math.round(Math.abs(status.clockSkewMs) / 60_000),
              })}
            </strong>
          ) : null}
          <span data-testid="status-last-sync">
            {status.lastSyncAt ? t('status.lastSync', { time: formatTime(status.lastSyncAt) }) : t('status.neverSynced')}
          </span>
          <span data-testid="status-unsent">{tn('status.unsent', status.unsentCount)}</span>
          <PrintStatus status={status} onChange={onStatusChange} />
          <span className="spacer" />
          <span data-testid="status-user">
            {t('status.loggedInAs', { name: session.staff.name, role: t(`role.${session.staff.role}`) })}
          </span>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onLock}>
            {t('status.lock')}
          </button>
          <button type="button" className="utrecht-button utrecht-button--subtle" onClick={onLogout}>
            {t('status.logout')}
          </button>
        </footer>
      </div>
    </HashRouter>
  );
}
