import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../core/api/contract-session';
import { checkPin } from '../../../core/pin';
import { api } from '../api-client';
import { Alert, Field, PinField } from '../components/field';
import { fieldErrors, messageFor } from '../errors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';

const pinMessage: Record<string, MessageKey> = { length: 'pin.length', digits: 'pin.digits', 'too-simple': 'pin.tooSimple' };

/** First start: name this device and its service point, and create the first beheerder. */
export function SetupScreen({ suggestDemo, onDone }: { suggestDemo: boolean; onDone: (s: SessionInfo) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form, setForm] = useState({ deviceName: '', servicePoint: '', adminName: '', adminPin: '', pinRepeat: '' });
  const [demo, setDemo] = useState(suggestDemo);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    for (const key of ['deviceName', 'servicePoint', 'adminName'] as const)
      if (form[key].trim().length < 2) local[key] = t('field.required');
    const pinProblem = checkPin(form.adminPin);
    if (pinProblem) local.adminPin = t(pinMessage[pinProblem] ?? 'pin.length');
    else if (form.adminPin !== form.pinRepeat) local.pinRepeat = t('pin.mismatch');
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const { pinRepeat: _, ...input } = form;
      onDone(await api.setupComplete({ ...input, demo }));
    } catch (error) {
      setErrors(fieldErrors(i18n, error));
      setFailure(messageFor(i18n, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered narrow" id="main">
      <h1 className="utrecht-heading-1">{t('setup.title')}</h1>
      <p className="utrecht-paragraph">{t('setup.intro')}</p>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-heading-2">{t('setup.device')}</legend>
          <Field
            label={t('setup.deviceName')}
            hint={t('setup.deviceNameHint')}
            value={form.deviceName}
            onChange={set('deviceName')}
            error={errors.deviceName}
            autoFocus
          />
          <Field
            label={t('setup.servicePoint')}
            hint={t('setup.servicePointHint')}
            value={form.servicePoint}
            onChange={set('servicePoint')}
            error={errors.servicePoint}
          />
        </fieldset>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-heading-2">{t('setup.admin')}</legend>
          <Field
            label={t('setup.adminName')}
            value={form.adminName}
            onChange={set('adminName')}
            error={errors.adminName}
            autoComplete="off"
          />
          <PinField label={t('setup.pin')} value={form.adminPin} onChange={set('adminPin')} error={errors.adminPin} />
          <PinField label={t('setup.pinRepeat')} value={form.pinRepeat} onChange={set('pinRepeat')} error={errors.pinRepeat} />
        </fieldset>
        <div className="checkbox-field">
          <label className="checkbox-label">
            <input
              type="checkbox"
              className="utrecht-checkbox utrecht-checkbox--html-input"
              checked={demo}
              onChange={(e) => setDemo(e.target.checked)}
            />
            <span>{t('setup.demo')}</span>
          </label>
          <p className="utrecht-form-field-description">{t('setup.demoHint')}</p>
        </div>
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
