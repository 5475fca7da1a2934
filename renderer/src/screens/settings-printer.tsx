import { useEffect, useId, useState, type FormEvent } from 'react';
import type { PrinterSettings } from '../../../core/printer-settings';
import { api } from '../api-client';
import { Alert, Field, SelectField } from '../components/field';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Beheerder: which printer this device uses (or PDF), and a test print to prove it. */
export function PrinterSettingsPanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
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
      const result = await api.printTest({});
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
      <SelectField
        label={t('printer.mode')}
        value={printer.mode}
        onChange={(v) => setPrinter({ ...printer, mode: v as PrinterSettings['mode'] })}
        options={(['pdf', 'network', 'system'] as const).map((m): [string, string] => [m, t(`printer.mode.${m}`)])}
      />
      {printer.mode !== 'pdf' ? (
        <>
          <SelectField
            label={t('printer.profile')}
            value={printer.profile}
            onChange={(v) => setPrinter({ ...printer, profile: v as PrinterSettings['profile'] })}
            options={[
              ['epson', t('printer.profile.epson')],
              ['star', t('printer.profile.star')],
            ]}
          />
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
          <SelectField
            label={t('printer.paper')}
            value={printer.paper}
            onChange={(v) => setPrinter({ ...printer, paper: Number(v) === 58 ? 58 : 80 })}
            options={[
              [80, t('printer.paper80')],
              [58, t('printer.paper58')],
            ]}
          />
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
