import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../core/api/contract-session';
import { api } from '../api-client';
import { Alert, PinField } from '../components/field';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';

/** After the idle time: the same person unlocks with their PIN, or someone else logs in. */
export function LockScreen({
  session,
  onUnlocked,
  onOther,
}: {
  session: SessionInfo;
  onUnlocked: (s: SessionInfo) => void;
  onOther: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [pin, setPin] = useState('');
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onUnlocked(await api.sessionUnlock({ pin }));
    } catch (error) {
      setFailure(messageFor(i18n, error));
      setPin('');
    }
  };

  return (
    <main className="centered narrow" id="main">
      <h1 className="utrecht-heading-1">{t('lock.title')}</h1>
      <p className="utrecht-paragraph">{t('lock.intro', { name: session.staff.name })}</p>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <form onSubmit={(e) => void submit(e)}>
        <PinField label={t('login.pin')} value={pin} onChange={(e) => setPin(e.target.value)} autoFocus />
        <div className="button-row">
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={!pin}>
            {t('lock.unlock')}
          </button>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onOther}>
            {t('lock.other')}
          </button>
        </div>
      </form>
    </main>
  );
}
