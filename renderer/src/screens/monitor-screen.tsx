import { formatEuro } from '../../../core/money';
import { api } from '../api-client';
import { Alert } from '../components/field';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { useLoad } from './use-load';

export function MonitorScreen() {
  const { t, formatDateTime } = useI18n();
  const districts = useLoad(() => api.districtsList({}));
  const rounds = useLoad(() => api.roundsList({}));
  const budgets = useLoad(() => api.districtsBudgets({}));
  const list = districts.data ?? [];
  const total = list.reduce((sum, d) => sum + d.households, 0);
  const synthetic = list.some((d) => d.householdsSynthetic);
  const number = new Intl.NumberFormat('nl-NL');

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.monitor')}
      </h1>
      {districts.error ? <Alert kind="error">{districts.error}</Alert> : null}
      <h2 className="utrecht-heading-2">{t('monitor.districts')}</h2>
      {synthetic ? (
        <Alert kind="warning">{t('monitor.synthetic')}</Alert>
      ) : total === 0 && list.length > 0 ? (
        <p className="utrecht-paragraph hint">{t('monitor.unknown')}</p>
      ) : null}
      <table className="utrecht-table" data-testid="districts-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              {t('monitor.code')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('monitor.name')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('monitor.kind')}
            </th>
            <th className="utrecht-table__header-cell numeric" scope="col">
              {t('monitor.households')}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {list.map((d) => (
            <tr key={d.code} className="utrecht-table__row">
              <td className="utrecht-table__cell">{d.code}</td>
              <td className="utrecht-table__cell">{d.name}</td>
              <td className="utrecht-table__cell">{t(`kind.${d.kind}` as MessageKey)}</td>
              <td className="utrecht-table__cell numeric">{number.format(d.households)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="row" colSpan={3}>
              {t('monitor.total')}
            </th>
            <td className="utrecht-table__cell numeric" data-testid="households-total">
              {number.format(total)}
            </td>
          </tr>
        </tfoot>
      </table>
      <h2 className="utrecht-heading-2">{t('monitor.budgets')}</h2>
      <p className="utrecht-paragraph">{t('monitor.budgetsIntro')}</p>
      {budgets.error ? <Alert kind="error">{budgets.error}</Alert> : null}
      <table className="utrecht-table" data-testid="budgets-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              {t('monitor.name')}
            </th>
            {(['budget', 'committed', 'collected', 'released', 'room'] as const).map((k) => (
              <th key={k} className="utrecht-table__header-cell numeric" scope="col">
                {t(`monitor.money.${k}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {(budgets.data ?? []).map((b) => (
            <tr key={b.code} className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="row">
                {b.name}
              </th>
              <td className="utrecht-table__cell numeric">{formatEuro(b.budgetCents)}</td>
              <td className="utrecht-table__cell numeric">
                {formatEuro(b.committedCents)} ({b.initiatives})
              </td>
              <td className="utrecht-table__cell numeric">{formatEuro(b.collectedCents)}</td>
              <td className="utrecht-table__cell numeric">{formatEuro(b.releasedCents)}</td>
              <td className={`utrecht-table__cell numeric${b.roomCents < 0 ? ' over-budget' : ''}`}>
                {formatEuro(b.roomCents)}
                {b.roomCents < 0 ? ` ${t('monitor.money.over')}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="utrecht-heading-2">{t('monitor.rounds')}</h2>
      <table className="utrecht-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              {t('monitor.round')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('monitor.value')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('monitor.window')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('initiatives.status')}
            </th>
            <th className="utrecht-table__header-cell numeric" scope="col">
              {t('monitor.vouchers')}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {(rounds.data ?? []).map((r) => (
            <tr key={r.id} className="utrecht-table__row">
              <td className="utrecht-table__cell">{r.id}</td>
              <td className="utrecht-table__cell">{formatEuro(r.valueCents)}</td>
              <td className="utrecht-table__cell">
                {formatDateTime(r.activeFrom)} – {formatDateTime(r.activeUntil)}
              </td>
              <td className="utrecht-table__cell">{t(`monitor.roundStatus.${r.status}` as MessageKey)}</td>
              <td className="utrecht-table__cell numeric">{number.format(r.voucherCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
