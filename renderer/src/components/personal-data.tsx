import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { downloadFile } from '../download';

/** One person's data as handed over on an inzageverzoek: field → value, in plain words. */
export type PersonalData = Record<string, string | number | boolean | null>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * What is held about a person (volunteer, initiator, co-organiser), shown with Dutch labels, and
 * saved as a plain text file to hand over (print it, or give it on a USB stick).
 */
export function PersonalDataExport({ data, onClose }: { data: PersonalData; onClose: () => void }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const label = (key: string) => t(`personal.field.${key}` as MessageKey);
  const value = (key: string, v: PersonalData[string]): string => {
    if (v === null || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('personal.yes') : t('personal.no');
    if (key === 'kind' || key === 'role') return t(`personal.${key}.${String(v)}` as MessageKey);
    if (typeof v === 'string' && ISO_TIME.test(v)) return formatDateTime(v);
    return String(v);
  };
  const rows = Object.entries(data).map(([k, v]) => [label(k), value(k, v)] as const);
  const save = () => {
    const text = [
      t('personal.title'),
      '',
      ...rows.map(([k, v]) => `${k}: ${v}`),
      '',
      t('personal.madeAt', { at: formatDateTime(new Date().toISOString()) }),
    ].join('\r\n');
    downloadFile(`inzageverzoek-${new Date().toISOString().slice(0, 10)}.txt`, text, 'text/plain;charset=utf-8');
  };
  return (
    <section className="panel" aria-label={t('personal.title')} data-testid="export">
      <h3 className="utrecht-heading-3">{t('personal.title')}</h3>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k} className="receipt-line">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="button-row">
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={save}>
          {t('personal.save')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--subtle" onClick={onClose}>
          {t('personal.close')}
        </button>
      </div>
    </section>
  );
}

/** The two requests a person can make about their data: see it (inzage) and have it erased. */
export function PersonActions({ name, onShow, onErase }: { name: string; onShow: () => void; onErase: () => void }) {
  const { t } = useI18n();
  return (
    <span className="button-row">
      <button type="button" className="utrecht-button utrecht-button--subtle" onClick={onShow}>
        {t('vol.export')} <span className="visually-hidden">{name}</span>
      </button>
      <button type="button" className="utrecht-button utrecht-button--subtle" onClick={onErase}>
        {t('vol.erase')} <span className="visually-hidden">{name}</span>
      </button>
    </span>
  );
}
