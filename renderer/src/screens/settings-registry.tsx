import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type { Settings } from '../../../core/api/contract-reference';
import { api } from '../api-client';
import { Alert, Field } from '../components/field';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Beheerder: load a round's registry file, and decide what happens with unknown codes while it is stale. */
export function RegistrySettings() {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const fileId = useId();
  const [notice, setNotice] = useState<Notice>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void api.settingsGet({}).then(setSettings);
  }, []);

  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      const result = await api.registryImport({ fileText: await file.text() });
      setNotice({ kind: 'ok', text: t('registry.done', { round: result.roundId, count: result.vouchers }) });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    } finally {
      event.target.value = '';
    }
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    try {
      const { registryStaleHours, acceptUnknownWhenStale, acceptUnknownRoles } = settings;
      setSettings(await api.settingsUpdate({ registryStaleHours, acceptUnknownWhenStale, acceptUnknownRoles }));
      setNotice({ kind: 'ok', text: t('common.saved') });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const toggleRole = (role: 'baliemedewerker' | 'wijkondersteuner') =>
    settings &&
    setSettings({
      ...settings,
      acceptUnknownRoles: settings.acceptUnknownRoles.includes(role)
        ? settings.acceptUnknownRoles.filter((r) => r !== role)
        : [...settings.acceptUnknownRoles, role],
    });

  return (
    <form className="panel" aria-labelledby={headingId} onSubmit={(e) => void save(e)}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('registry.title')}
      </h2>
      <p className="utrecht-paragraph">{t('registry.intro')}</p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <div className="utrecht-form-field">
        <div className="utrecht-form-field__label">
          <label className="utrecht-form-label" htmlFor={fileId}>
            {t('registry.file')}
          </label>
        </div>
        <input id={fileId} type="file" accept=".json,application/json" onChange={(e) => void load(e)} />
      </div>
      {settings ? (
        <fieldset>
          <legend className="utrecht-heading-3">{t('registry.policy')}</legend>
          <Field
            label={t('registry.staleHours')}
            type="number"
            min={1}
            value={String(settings.registryStaleHours)}
            onChange={(e) => setSettings({ ...settings, registryStaleHours: Number(e.target.value) })}
          />
          <label className="checkbox-label">
            <input
              type="checkbox"
              checked={settings.acceptUnknownWhenStale}
              onChange={(e) => setSettings({ ...settings, acceptUnknownWhenStale: e.target.checked })}
            />
            <span>{t('registry.acceptUnknown')}</span>
          </label>
          <p className="utrecht-paragraph">{t('registry.acceptFor')}</p>
          {(['baliemedewerker', 'wijkondersteuner'] as const).map((role) => (
            <label key={role} className="checkbox-label">
              <input
                type="checkbox"
                checked={settings.acceptUnknownRoles.includes(role)}
                onChange={() => toggleRole(role)}
                disabled={!settings.acceptUnknownWhenStale}
              />
              <span>{t(`role.${role}`)}</span>
            </label>
          ))}
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t('common.save')}
          </button>
        </fieldset>
      ) : null}
    </form>
  );
}
