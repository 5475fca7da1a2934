import { useEffect, useId, useState, type FormEvent } from 'react';
import type { PrinterSettings } from '../../../core/printer-settings';
import { api } from '../api-client';
import { Alert, Field } from '../components/field';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Beheerder: which printer this device uses (or PDF), and a test print to prove it. */
export function PrinterSettingsPanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const modeId = useId();
  const profileId = useId();
  const paperId = useId();
  const [printer, setPrinter] = useState<PrinterSettings | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => {
    void api.settingsGet({}).then((s) => setPrinter(s.printer));
  }, []);
  if (!printer) return null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setPrinter((await api.settingsUpdate({ printer })).printer);
      setNotice({ kind: 'ok', text: t('common.saved') });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const test = async () => {
    try {
      const result = await api.printerTest({});
      setNotice(
        result.status.failed > 0
          ? {
              kind: 'error',
              text: t('printer.testFailed', { reason: t(`printer.reason.${result.status.lastError ?? 'unreachable'}` as MessageKey) }),
            }
          : { kind: 'ok', text: t('printer.testDone', { output: result.status.lastOutput ?? '' }) },
      );
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };

  return (
    <form className="panel" aria-labelledby={headingId} onSubmit={(e) => void save(e)}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('printer.title')}
      </h2>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <div className="utrecht-form-field">
        <div className="utrecht-form-field__label">
          <label className="utrecht-form-label" htmlFor={modeId}>
            {t('printer.mode')}
          </label>
        </div>
        <select
          id={modeId}
          className="utrecht-select utrecht-select--html-select"
          value={printer.mode}
          onChange={(e) => setPrinter({ ...printer, mode: e.target.value as PrinterSettings['mode'] })}
        >
          {(['pdf', 'network', 'system'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`printer.mode.${m}`)}
            </option>
          ))}
        </select>
      </div>
      {printer.mode !== 'pdf' ? (
        <>
          <div className="utrecht-form-field">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor={profileId}>
                {t('printer.profile')}
              </label>
            </div>
            <select
              id={profileId}
              className="utrecht-select utrecht-select--html-select"
              value={printer.profile}
              onChange={(e) => setPrinter({ ...printer, profile: e.target.value as PrinterSettings['profile'] })}
            >
              <option value="epson">{t('printer.profile.epson')}</option>
              <option value="star">{t('printer.profile.star')}</option>
            </select>
          </div>
          {printer.mode === 'network' ? (
            <Field
              label={t('printer.address')}
              value={printer.address}
              onChange={(e) => setPrinter({ ...printer, address: e.target.value })}
              autoComplete="off"
            />
          ) : (
            <Field
              label={t('printer.systemName')}
              value={printer.systemName}
              onChange={(e) => setPrinter({ ...printer, systemName: e.target.value })}
              autoComplete="off"
            />
          )}
          <div className="utrecht-form-field">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor={paperId}>
                {t('printer.paper')}
              </label>
            </div>
            <select
              id={paperId}
              className="utrecht-select utrecht-select--html-select"
              value={printer.paper}
              onChange={(e) => setPrinter({ ...printer, paper: Number(e.target.value) === 58 ? 58 : 80 })}
            >
              <option value={80}>{t('printer.paper80')}</option>
              <option value={58}>{t('printer.paper58')}</option>
            </select>
          </div>
        </>
      ) : null}
      <div className="button-row">
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t('common.save')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void test()}>
          {t('printer.test')}
        </button>
      </div>
    </form>
  );
}
