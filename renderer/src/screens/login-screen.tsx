import { useEffect, useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../core/api/contract-session';
import { api } from '../api-client';
import { Alert, PinField, SelectField } from '../components/field';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';

/** Pick your name, type your PIN. Wrong PINs say how many tries are left; the fifth locks the account. */
export function LoginScreen({ isDemo, onLoggedIn }: { isDemo: boolean; onLoggedIn: (s: SessionInfo) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [options, setOptions] = useState<{ id: string; name: string }[]>([]);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.staffLoginOptions({}).then(setOptions, (e: unknown) => setFailure(messageFor(i18n, e)));
  }, [i18n]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!staffId || !pin) return;
    setBusy(true);
    try {
      onLoggedIn(await api.sessionLogin({ staffId, pin }));
    } catch (error) {
      setFailure(messageFor(i18n, error));
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered narrow" id="main">
      <h1 className="utrecht-heading-1">{t('login.title')}</h1>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <form onSubmit={(e) => void submit(e)}>
        <SelectField
          label={t('login.who')}
          value={staffId}
          onChange={setStaffId}
          options={[['', t('login.choose')], ...options.map((o): [string, string] => [o.id, o.name])]}
          autoFocus
        />
        <PinField label={t('login.pin')} value={pin} onChange={(e) => setPin(e.target.value)} />
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy || !staffId || !pin}>
          {t('login.submit')}
        </button>
      </form>
      {isDemo ? <p className="utrecht-paragraph hint">{t('login.demoHint')}</p> : null}
    </main>
  );
}
