/** The rounds compared (a line and the table), and the chosen round's activation curve. */
import { activationPermille, formatPermille, roundTrend, type MonitorSnapshot } from '../../../../core/monitor';
import { useI18n } from '../../i18n';
import { LineFigure, ScrollBox } from './charts';

const number = new Intl.NumberFormat('nl-NL');

export function RoundsTrend(props: { snapshot: MonitorSnapshot; roundId: string | null; firstTimersKnown: boolean }) {
  const { t, formatDay } = useI18n();
  const trend = roundTrend(props.snapshot);
  const round = props.snapshot.rounds.find((r) => r.id === props.roundId);
  const households = trend.find((r) => r.roundId === props.roundId)?.households ?? 0;
  const curve = (round?.curve ?? []).map((p) => ({ ...p, permille: activationPermille(p.used, households) }));
  const last = curve.at(-1);
  const headers = [
    t('monitor.round'),
    t('initiatives.status'),
    t('monitor.households'),
    t('monitor.used'),
    t('monitor.activation'),
    t('monitor.counter'),
    t('monitor.website'),
    ...(props.firstTimersKnown ? [t('monitor.firstTimers')] : []),
    t('monitor.newInitiativesShort'),
  ];
  return (
    <>
      <h2 className="utrecht-heading-2">{t('monitor.rounds')}</h2>
      {trend.length > 1 ? (
        <LineFigure
          testId="chart-rounds"
          unit="%"
          caption={t('monitor.chart.rounds', {
            list: trend.map((r) => `${r.roundId}: ${formatPermille(r.activationPermille)}`).join(', '),
          })}
          data={trend.map((r) => ({ label: r.roundId, value: r.activationPermille / 10 }))}
        />
      ) : null}
      <ScrollBox label={t('monitor.rounds')}>
        <table className="utrecht-table" data-testid="rounds-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              {headers.map((h, i) => (
                <th key={h} className={`utrecht-table__header-cell${i >= 2 ? ' numeric' : ''}`} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {trend.map((r) => (
              <tr key={r.roundId} className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="row">
                  {r.roundId}
                </th>
                <td className="utrecht-table__cell">{t(`monitor.roundStatus.${r.status}`)}</td>
                <td className="utrecht-table__cell numeric">{number.format(r.households)}</td>
                <td className="utrecht-table__cell numeric">{number.format(r.vouchersUsed)}</td>
                <td className="utrecht-table__cell numeric">{formatPermille(r.activationPermille)}</td>
                <td className="utrecht-table__cell numeric">{number.format(r.counter)}</td>
                <td className="utrecht-table__cell numeric">{number.format(r.website)}</td>
                {props.firstTimersKnown ? <td className="utrecht-table__cell numeric">{number.format(r.firstTimers)}</td> : null}
                <td className="utrecht-table__cell numeric">{number.format(r.newInitiatives)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {round && last ? (
        <>
          <h3 className="utrecht-heading-3">{t('monitor.curve', { round: round.id })}</h3>
          <LineFigure
            testId="chart-curve"
            unit="%"
            caption={t('monitor.chart.curve', {
              day: formatDay(last.day),
              pct: formatPermille(last.permille),
              used: number.format(last.used),
            })}
            data={curve.map((p) => ({ label: formatDay(p.day), value: p.permille / 10 }))}
          />
          <details className="monitor-details">
            <summary>{t('monitor.curveTable')}</summary>
            <table className="utrecht-table" data-testid="curve-table">
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <th className="utrecht-table__header-cell" scope="col">
                    {t('monitor.day')}
                  </th>
                  <th className="utrecht-table__header-cell numeric" scope="col">
                    {t('monitor.usedSoFar')}
                  </th>
                  <th className="utrecht-table__header-cell numeric" scope="col">
                    {t('monitor.activation')}
                  </th>
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {curve.map((p) => (
                  <tr key={p.day} className="utrecht-table__row">
                    <td className="utrecht-table__cell">{formatDay(p.day)}</td>
                    <td className="utrecht-table__cell numeric">{number.format(p.used)}</td>
                    <td className="utrecht-table__cell numeric">{formatPermille(p.permille)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : null}
    </>
  );
}
