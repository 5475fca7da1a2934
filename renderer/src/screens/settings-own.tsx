import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AppStatus } from '../../../core/api/contract-app';
import { api } from '../api-client';
import { Alert, Field, PinField } from '../components/field';
import { fieldErrors, messageFor } from '../errors';
import { useI18n } from '../i18n';

export function OwnPinForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [currentPin, setCurrent] = useState('');
  const [newPin, setNew] = useState('');
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.staffChangeOwnPin({ currentPin, newPin });
      setResult({ kind: 'ok', text: t('settings.ownPinChanged') });
      setErrors({});
      setCurrent('');
      setNew('');
    } catch (error) {
      setErrors(fieldErrors(i18n, error));
      setResult({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('settings.ownPin')}
      </h2>
      {result ? <Alert kind={result.kind}>{result.text}</Alert> : null}
      <PinField
        label={t('settings.currentPin')}
        value={currentPin}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.currentPin}
      />
      <PinField label={t('settings.newPin')} value={newPin} onChange={(e) => setNew(e.target.value)} error={errors.newPin} />
      <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={!currentPin || !newPin}>
        {t('common.save')}
      </button>
    </form>
  );
}

export function DeviceSettings({ status }: { status: AppStatus }) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [minutes, setMinutes] = useState('');
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    void api.settingsGet({}).then((s) => setMinutes(String(s.idleLockMinutes)));
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await api.settingsUpdate({ idleLockMinutes: Number(minutes) });
      setMinutes(String(saved.idleLockMinutes));
      setResult({ kind: 'ok', text: t('common.saved') });
    } catch (error) {
      setResult({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('settings.device')}
      </h2>
      <p className="utrecht-paragraph">
        {status.device?.servicePoint} · {status.device?.name} · {status.version}
      </p>
      {result ? <Alert kind={result.kind}>{result.text}</Alert> : null}
      <Field label={t('settings.idleLock')} type="number" min={1} max={120} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        {t('common.save')}
      </button>
    </form>
  );
}
