import { useId, useState } from 'react';
import { formatEuro } from '../../../core/money';
import { api } from '../api-client';
import { Alert } from '../components/field';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { useLoad } from './use-load';

export function InitiativesScreen() {
  const { t } = useI18n();
  const filterId = useId();
  const [district, setDistrict] = useState('');
  const districts = useLoad(() => api.districtsList({}));
  const list = useLoad(() => api.initiativesList(district ? { districtCode: district } : {}), [district]);
  const names = new Map((districts.data ?? []).map((d) => [d.code, d.name]));

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.initiatives')}
      </h1>
      <p className="utrecht-paragraph">{t('initiatives.intro')}</p>
      <div className="utrecht-form-field">
        <div className="utrecht-form-field__label">
          <label className="utrecht-form-label" htmlFor={filterId}>
            {t('initiatives.filterDistrict')}
          </label>
        </div>
        <select
          id={filterId}
          className="utrecht-select utrecht-select--html-select"
          value={district}
          onChange={(e) => setDistrict(e.target.value)}
        >
          <option value="">{t('initiatives.filterAll')}</option>
          {(districts.data ?? []).map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      {list.error ? <Alert kind="error">{list.error}</Alert> : null}
      {list.data && list.data.length === 0 ? <p className="utrecht-paragraph">{t('initiatives.empty')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.number')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.title')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.district')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.status')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.progress')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {list.data.map((i) => (
              <tr key={i.id} className="utrecht-table__row">
                <td className="utrecht-table__cell">{i.number}</td>
                <td className="utrecht-table__cell">
                  <strong>{i.title}</strong>
                  <br />
                  <span className="hint">{i.summary}</span>
                </td>
                <td className="utrecht-table__cell">{names.get(i.districtCode) ?? i.districtCode}</td>
                <td className="utrecht-table__cell">{t(`initiativeStatus.${i.status}` as MessageKey)}</td>
                <td className="utrecht-table__cell">
                  <progress max={i.targetCents} value={i.collectedCents} aria-label={t('initiatives.progress')} />{' '}
                  {t('initiatives.progressValue', { collected: formatEuro(i.collectedCents), target: formatEuro(i.targetCents) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
