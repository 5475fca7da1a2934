/** Participation in one round per district and village (a bar chart and the table) and per buurt. */
import {
  NEW_INITIATIVES_AIM,
  formatPermille,
  participation,
  satisfactionOf,
  type MonitorSnapshot,
  type ParticipationRow,
} from '../../../../core/monitor';
import { useI18n } from '../../i18n';
import { BarFigure, ScrollBox } from './charts';

const number = new Intl.NumberFormat('nl-NL');

function Header({ children, numeric = false }: { children: React.ReactNode; numeric?: boolean }) {
  return (
    <th className={`utrecht-table__header-cell${numeric ? ' numeric' : ''}`} scope="col">
      {children}
    </th>
  );
}

export function Participation(props: { snapshot: MonitorSnapshot; roundId: string; firstTimersKnown: boolean }) {
  const { t } = useI18n();
  const rows = participation(props.snapshot, props.roundId, t('monitor.all'));
  const satisfied = satisfactionOf(props.snapshot, props.roundId);
  const [total, ...areas] = rows;
  const districts = areas.filter((r) => r.kind !== 'buurt');
  const buurten = areas.filter((r) => r.kind === 'buurt');
  if (!total) return null;
  const ranked = [...districts].sort((a, b) => b.activationPermille - a.activationPermille);
  const highest = ranked[0];
  const lowest = ranked.at(-1);
  const caption =
    highest && lowest
      ? t('monitor.chart.activation', {
          round: props.roundId,
          high: highest.name,
          highPct: formatPermille(highest.activationPermille),
          low: lowest.name,
          lowPct: formatPermille(lowest.activationPermille),
          all: formatPermille(total.activationPermille),
        })
      : '';
  const cells = (r: ParticipationRow) => (
    <>
      <td className="utrecht-table__cell numeric">{number.format(r.households)}</td>
      <td className="utrecht-table__cell numeric">{number.format(r.vouchersUsed)}</td>
      <td className="utrecht-table__cell numeric">{formatPermille(r.activationPermille)}</td>
      <td className="utrecht-table__cell numeric">{number.format(r.counter)}</td>
      <td className="utrecht-table__cell numeric">{number.format(r.website)}</td>
      {props.firstTimersKnown ? <td className="utrecht-table__cell numeric">{number.format(r.firstTimers)}</td> : null}
      <td className="utrecht-table__cell numeric">
        {number.format(r.newInitiatives)}
        {r.aimReached === null ? '' : r.aimReached ? ` ${t('monitor.aimReached')}` : ''}
      </td>
      <td className="utrecht-table__cell numeric">{number.format(r.volunteers)}</td>
    </>
  );
  return (
    <>
      <h2 className="utrecht-heading-2">{t('monitor.participation', { round: props.roundId })}</h2>
      <BarFigure
        testId="chart-activation"
        caption={caption}
        unit="%"
        data={districts.map((d) => ({ label: d.name, value: d.activationPermille / 10 }))}
        reference={total.activationPermille / 10}
      />
      {props.firstTimersKnown ? null : <p className="utrecht-paragraph hint">{t('monitor.firstTimersLedgerOnly')}</p>}
      <p className="utrecht-paragraph" data-testid="satisfaction">
        {satisfied.answers > 0 && satisfied.averageHundredths !== null
          ? t('monitor.satisfaction', {
              average: (satisfied.averageHundredths / 100).toFixed(1).replace('.', ','),
              answers: number.format(satisfied.answers),
            })
          : t('monitor.noSatisfaction')}
      </p>
      <ScrollBox label={t('monitor.participation', { round: props.roundId })}>
        <table className="utrecht-table" data-testid="participation-table">
          <caption className="visually-hidden">{t('monitor.participation', { round: props.roundId })}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <Header>{t('monitor.area')}</Header>
              <Header numeric>{t('monitor.households')}</Header>
              <Header numeric>{t('monitor.used')}</Header>
              <Header numeric>{t('monitor.activation')}</Header>
              <Header numeric>{t('monitor.counter')}</Header>
              <Header numeric>{t('monitor.website')}</Header>
              {props.firstTimersKnown ? <Header numeric>{t('monitor.firstTimers')}</Header> : null}
              <Header numeric>{t('monitor.newInitiatives', { aim: NEW_INITIATIVES_AIM })}</Header>
              <Header numeric>{t('monitor.volunteers')}</Header>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {districts.map((r) => (
              <tr key={r.area} className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="row">
                  {r.name}
                </th>
                {cells(r)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="row">
                {total.name}
              </th>
              {cells(total)}
            </tr>
          </tfoot>
        </table>
      </ScrollBox>
      {buurten.length > 0 ? (
        <>
          <h3 className="utrecht-heading-3">{t('monitor.buurten')}</h3>
          <ScrollBox label={t('monitor.buurten')}>
            <table className="utrecht-table" data-testid="buurten-table">
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <Header>{t('monitor.buurt')}</Header>
                  <Header>{t('monitor.district')}</Header>
                  <Header numeric>{t('monitor.households')}</Header>
                  <Header numeric>{t('monitor.used')}</Header>
                  <Header numeric>{t('monitor.activation')}</Header>
                  {props.firstTimersKnown ? <Header numeric>{t('monitor.firstTimers')}</Header> : null}
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {buurten.map((r) => (
                  <tr key={r.area} className="utrecht-table__row">
                    <th className="utrecht-table__header-cell" scope="row">
                      {r.name}
                    </th>
                    <td className="utrecht-table__cell">{districts.find((d) => d.area === r.districtCode)?.name ?? r.districtCode}</td>
                    <td className="utrecht-table__cell numeric">{number.format(r.households)}</td>
                    <td className="utrecht-table__cell numeric">{number.format(r.vouchersUsed)}</td>
                    <td className="utrecht-table__cell numeric">{formatPermille(r.activationPermille)}</td>
                    {props.firstTimersKnown ? <td className="utrecht-table__cell numeric">{number.format(r.firstTimers)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      ) : null}
    </>
  );
}
