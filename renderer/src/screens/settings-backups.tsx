import { useEffect, useId, useRef, useState } from 'react';
import type { Backup } from '../../../core/api/contract-app';
import { api } from '../api-client';
import { Alert } from '../components/field';
import { messageFor } from '../errors';
import { useI18n, type I18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { useLoad } from './use-load';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

const sizeOf = (i18n: I18n, bytes: number) => i18n.t('backups.size', { mb: (bytes / 1_048_576).toFixed(1).replace('.', ',') });

/**
 * The backups of this device: when, why, how large, and going back to one. Used by the beheerder in Instellingen
 * (with "make one now") and on the error screen when the store cannot be opened (`recovery` calls, no login).
 */
export function BackupList({ mode }: { mode: 'settings' | 'recovery' }) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [version, setVersion] = useState(0);
  const loaded = useLoad(() => (mode === 'settings' ? api.storeBackups({}) : api.recoveryBackups({})), [mode, version]);
  const backups = loaded.data;
  const [notice, setNotice] = useState<Notice>(null);
  const [confirming, setConfirming] = useState<Backup | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The question takes the focus, so a keyboard user answers it next.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const makeNow = async () => {
    setBusy(true);
    try {
      const made = await api.storeBackup({});
      setNotice({ kind: 'ok', text: t('backups.made', { when: i18n.formatDateTime(made.createdAt) }) });
      setVersion((v) => v + 1);
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    } finally {
      setBusy(false);
    }
  };
  const restore = async (backup: Backup) => {
    setBusy(true);
    try {
      const staged = mode === 'settings' ? await api.storeRestore({ id: backup.id }) : await api.recoveryRestore({ id: backup.id });
      setNotice({ kind: 'ok', text: t(staged.restart === 'now' ? 'backups.restartingNow' : 'backups.restartByHand') });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('backups.title')}
      </h2>
      <p className="utrecht-paragraph">{t(mode === 'settings' ? 'backups.intro' : 'backups.introRecovery')}</p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {loaded.error ? <Alert kind="error">{loaded.error}</Alert> : null}
      {mode === 'settings' ? (
        <p>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" disabled={busy} onClick={() => void makeNow()}>
            {t('backups.makeNow')}
          </button>
        </p>
      ) : null}
      {backups && backups.length === 0 ? <p className="utrecht-paragraph">{t('backups.none')}</p> : null}
      {backups && backups.length > 0 ? (
        <table className="utrecht-table">
          <caption className="visually-hidden">{t('backups.title')}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t('backups.when')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('backups.why')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('backups.bytes')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('backups.action')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {backups.map((b) => {
              const when = i18n.formatDateTime(b.createdAt);
              return (
                <tr className="utrecht-table__row" key={b.id}>
                  <td className="utrecht-table__cell">{when}</td>
                  <td className="utrecht-table__cell">{t(`backups.reason.${b.reason}` as MessageKey)}</td>
                  <td className="utrecht-table__cell">{sizeOf(i18n, b.bytes)}</td>
                  <td className="utrecht-table__cell">
                    <button
                      type="button"
                      className="utrecht-button utrecht-button--subtle"
                      disabled={busy}
                      aria-label={t('backups.restoreOne', { when })}
                      onClick={() => setConfirming(b)}
                    >
                      {t('backups.restore')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-modal="false" aria-labelledby={`${headingId}-confirm`} className="panel">
          <p className="utrecht-paragraph" id={`${headingId}-confirm`}>
            {t('backups.confirm', { when: i18n.formatDateTime(confirming.createdAt) })}
          </p>
          <button
            ref={confirmButton}
            type="button"
            className="utrecht-button utrecht-button--primary-action"
            disabled={busy}
            onClick={() => void restore(confirming)}
          >
            {t('backups.confirmYes')}
          </button>{' '}
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => setConfirming(null)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
