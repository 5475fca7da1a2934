import { useState } from 'react';
/** What the money went to: initiatives per theme and per status for the budget year. */
import { formatEuro } from '../../../../core/money';
import { statusTotals, themeTotals, type MonitorSnapshot } from '../../../../core/monitor';
import { useI18n } from '../../i18n';

const number = new Intl.NumberFormat('nl-NL');

export function InitiativesSection(props: { snapshot: MonitorSnapshot; year: number }) {
  const { t } = useI18n();
  const [district, setDistrict] = useState('');
  const themes = themeTotals(props.snapshot, props.year, district || null);
  const statuses = statusTotals(props.snapshot, props.year, district || null);
  return (
    <>
      <h2 className="utrecht-heading-2">{t('monitor.themes', { year: props.year })}</h2>
      <label className="utrecht-form-label" htmlFor="themes-of">
        {t('monitor.themesOf')}
      </label>{' '}
      <select id="themes-of" className="utrecht-select" value={district} onChange={(e) => setDistrict(e.target.value)}>
        <option value="">{t('monitor.all')}</option>
        {props.snapshot.areas
          .filter((a) => a.kind !== 'buurt')
          .map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
      </select>
      {themes.length === 0 ? (
        <p className="utrecht-paragraph">{t('monitor.noInitiatives')}</p>
      ) : (
        <div className="monitor-pair">
          <table className="utrecht-table" data-testid="themes-table">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  {t('monitor.theme')}
                </th>
                <th className="utrecht-table__header-cell numeric" scope="col">
                  {t('monitor.initiativesCount')}
                </th>
                <th className="utrecht-table__header-cell numeric" scope="col">
                  {t('monitor.money.collected')}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {themes.map((r) => (
                <tr key={r.theme} className="utrecht-table__row">
                  <th className="utrecht-table__header-cell" scope="row">
                    {t(`theme.${r.theme}` as Parameters<typeof t>[0])}
                  </th>
                  <td className="utrecht-table__cell numeric">{number.format(r.initiatives)}</td>
                  <td className="utrecht-table__cell numeric">{formatEuro(r.collectedCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="utrecht-table" data-testid="statuses-table">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  {t('initiatives.status')}
                </th>
                <th className="utrecht-table__header-cell numeric" scope="col">
                  {t('monitor.initiativesCount')}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {statuses.map((r) => (
                <tr key={r.status} className="utrecht-table__row">
                  <th className="utrecht-table__header-cell" scope="row">
                    {t(`initiativeStatus.${r.status}` as Parameters<typeof t>[0])}
                  </th>
                  <td className="utrecht-table__cell numeric">{number.format(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
