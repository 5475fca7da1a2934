import { useId, useState } from 'react';
import type { UpdateStatusView } from '../../../core/api/contract-app';
import { api } from '../api-client';
import { Alert } from '../components/field';
import { messageFor } from '../errors';
import { useI18n, type I18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { useLoad } from './use-load';

function describe(i18n: I18n, s: UpdateStatusView): string {
  const { t } = i18n;
  if (s.state === 'ready' && s.available) {
    return t(s.install === 'after-sync' ? 'updates.readyAfterSync' : 'updates.readyNextStart', { version: s.available });
  }
  if (s.state === 'postponed' && s.available && s.postponedUntil) {
    return t('updates.postponed', { version: s.available, until: i18n.formatDateTime(s.postponedUntil) });
  }
  if (s.state === 'error' && s.error) return t(`updates.error.${s.error}` as MessageKey);
  return t(s.state === 'current' ? 'updates.current' : 'updates.idle');
}

/** The version this device runs and what it knows of a newer one; everyone may put it off, a beheerder picks the channel. */
export function UpdatesPanel({ admin }: { admin: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const channelId = useId();
  const loaded = useLoad(() => api.updatesStatus({}));
  const [status, setStatus] = useState<UpdateStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = status ?? loaded.data;
  const act = async (call: () => Promise<UpdateStatusView>) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await call());
    } catch (e) {
      setError(messageFor(i18n, e));
    } finally {
      setBusy(false);
    }
  };
  if (loaded.error) return <Alert kind="error">{loaded.error}</Alert>;
  if (!shown) return null;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('updates.title')}
      </h2>
      <p className="utrecht-paragraph">{t('updates.version', { version: shown.current })}</p>
      <p className="utrecht-paragraph" role="status">
        {describe(i18n, shown)}
      </p>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {shown.state === 'ready' ? (
        <p>
          <button
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            disabled={busy}
            onClick={() => void act(() => api.updatesPostpone({}))}
          >
            {t('updates.postpone')}
          </button>
        </p>
      ) : null}
      {admin ? (
        <div className="utrecht-form-field">
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor={channelId}>
              {t('updates.channel')}
            </label>
          </div>
          <select
            id={channelId}
            className="utrecht-select"
            value={shown.channel}
            disabled={busy}
            onChange={(e) => void act(() => api.updatesChannel({ channel: e.target.value === 'pilot' ? 'pilot' : 'stable' }))}
          >
            <option value="stable">{t('updates.channel.stable')}</option>
            <option value="pilot">{t('updates.channel.pilot')}</option>
          </select>
          <p>
            <button
              type="button"
              className="utrecht-button utrecht-button--secondary-action"
              disabled={busy}
              onClick={() => void act(() => api.updatesCheck({}))}
            >
              {t('updates.checkNow')}
            </button>
          </p>
        </div>
      ) : null}
    </section>
  );
}
