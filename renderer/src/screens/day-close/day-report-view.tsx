import type { DayReport } from '../../../../core/api/contract-counter';
import { formatEuro } from '../../../../core/money';
import { useI18n } from '../../i18n';

/** An X or Z report as it will be printed: totals, per initiative, per staff member. */
export function DayReportView({ report }: { report: DayReport }) {
  const { t, tn, formatDateTime, formatDay, formatTime } = useI18n();
  const day = formatDay(report.businessDay);
  const title =
    report.kind === 'Z'
      ? t('report.titleZ', { number: report.zNumber ?? 0, day })
      : report.since
        ? t('report.titleHandover', { name: report.staffFilter ?? '', time: formatTime(report.since), day })
        : t('report.titleX', { day });
  return (
    <section className="panel report" aria-label={title} data-testid={`report-${report.kind}`}>
      <h3 className="utrecht-heading-3">{title}</h3>
      <p className="hint">
        {report.servicePoint} · {report.deviceName} · {t('report.madeAt', { when: formatDateTime(report.madeAt) })}
        {report.staffFilter && !report.since ? ` · ${t('report.staffFilter', { name: report.staffFilter })}` : ''}
      </p>
      <table className="utrecht-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              <span className="visually-hidden">{t('report.donations')}</span>
            </th>
            <th className="utrecht-table__header-cell numeric" scope="col">
              {t('report.count')}
            </th>
            <th className="utrecht-table__header-cell numeric" scope="col">
              {t('report.amount')}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="row">
              {t('report.donations')}
            </th>
            <td className="utrecht-table__cell numeric">{report.donations.count}</td>
            <td className="utrecht-table__cell numeric">{formatEuro(report.donations.totalCents)}</td>
          </tr>
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="row">
              {t('report.reversals')}
            </th>
            <td className="utrecht-table__cell numeric">{report.reversals.count}</td>
            <td className="utrecht-table__cell numeric">− {formatEuro(report.reversals.totalCents)}</td>
          </tr>
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="row">
              {t('report.net')}
            </th>
            <td className="utrecht-table__cell numeric" />
            <td className="utrecht-table__cell numeric" data-testid="report-net">
              <strong>{formatEuro(report.netCents)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {report.perInitiative.length > 0 ? (
        <>
          <h4 className="utrecht-heading-4">{t('report.perInitiative')}</h4>
          <ul className="plain-list">
            {report.perInitiative.map((i) => (
              <li key={i.number}>
                {i.number} · {i.title}: {tn('report.donationCount', i.count)}
                {i.reversed > 0 ? `, ${tn('report.reversedCount', i.reversed)}` : ''} — {formatEuro(i.totalCents)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.perStaff.length > 0 ? (
        <>
          <h4 className="utrecht-heading-4">{t('report.perStaff')}</h4>
          <ul className="plain-list">
            {report.perStaff.map((s) => (
              <li key={s.name}>
                {s.name}: {tn('report.donationCount', s.donations)} — {formatEuro(s.totalCents)}
                {s.reversals > 0 ? `; ${tn('report.reversalsMade', s.reversals)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="utrecht-paragraph">{t('report.intakes', { count: report.intakes.count, vouchers: report.intakes.vouchers })}</p>
      {report.needsConfirmation > 0 ? (
        <p className="utrecht-paragraph">{t('report.needsConfirmation', { count: report.needsConfirmation })}</p>
      ) : null}
      <p className="utrecht-paragraph">{t('report.unsent', { count: report.unsentCount })}</p>
    </section>
  );
}
