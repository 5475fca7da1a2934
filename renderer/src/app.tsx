/**
 * The top of the UI: which of the big states are we in? No bridge, store error, first-run setup,
 * login, locked, or the app shell. Every answer of NOT_LOGGED_IN or SESSION_LOCKED from any call
 * brings the right screen back.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppStatus } from '../../core/api/contract-app';
import type { SessionInfo, SessionState } from '../../core/api/contract-session';
import { api, hasBridge, onApiError } from './api-client';
import { useI18n } from './i18n';
import { LockScreen } from './screens/lock-screen';
import { LoginScreen } from './screens/login-screen';
import { SetupScreen } from './screens/setup-screen';
import { StoreErrorScreen } from './screens/store-error-screen';
import { Shell } from './shell';

export function App() {
  const { t } = useI18n();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [session, setSession] = useState<SessionState>({ state: 'none' });
  const [failed, setFailed] = useState(() => !hasBridge());

  useEffect(() => {
    if (!hasBridge()) return;
    const load = async (): Promise<void> => {
      const next = await api.appStatus({});
      // Status and session are set together, so the login screen never flashes up for an open session.
      const current = next.store.state === 'ok' && next.setupDone ? await api.sessionCurrent({}) : null;
      if (current) setSession(current);
      setStatus(next);
    };
    load().catch(() => setFailed(true));
    return onApiError((error) => {
      if (error.code === 'NOT_LOGGED_IN') setSession({ state: 'none' });
      if (error.code === 'SESSION_LOCKED') setSession((s) => (s.state === 'active' ? { state: 'locked', session: s.session } : s));
    });
  }, []);

  const loggedIn = useCallback((info: SessionInfo) => {
    setSession({ state: 'active', session: info });
    void api.appStatus({}).then(setStatus);
  }, []);

  if (failed) {
    return (
      <main className="centered" id="main">
        <p role="alert">{t('app.noBridge')}</p>
      </main>
    );
  }
  if (!status) {
    return (
      <main className="centered" id="main" aria-busy="true">
        <p>{t('app.loading')}</p>
      </main>
    );
  }
  if (status.store.state === 'error') return <StoreErrorScreen store={status.store} />;
  if (!status.setupDone) return <SetupScreen suggestDemo={status.host === 'browser'} onDone={loggedIn} />;
  if (session.state === 'none') return <LoginScreen isDemo={status.device?.isDemo ?? false} onLoggedIn={loggedIn} />;
  if (session.state === 'locked') {
    return (
      <LockScreen
        session={session.session}
        onUnlocked={loggedIn}
        onOther={() => void api.sessionLogout({}).then(() => setSession({ state: 'none' }))}
      />
    );
  }
  return (
    <Shell
      status={status}
      session={session.session}
      onStatusChange={setStatus}
      onLock={() => void api.sessionLock({}).then(() => setSession({ state: 'locked', session: session.session }))}
      onLogout={() => void api.sessionLogout({}).then(() => setSession({ state: 'none' }))}
    />
  );
}
