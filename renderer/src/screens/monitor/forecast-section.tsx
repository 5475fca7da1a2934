/** The forecast for the chosen round while it runs (core/forecast.ts): the expected end, its cost, and the measures. */
import { forecastRound } from '../../../../core/forecast';
import { formatEuro } from '../../../../core/money';
import { formatPermille, type MonitorSnapshot } from '../../../../core/monitor';
import { Alert } from '../../components/field';
import { useI18n } from '../../i18n';

const number = new Intl.NumberFormat('nl-NL');

export function ForecastSection(props: { snapshot: MonitorSnapshot; roundId: string }) {
  const { t } = useI18n();
  const round = props.snapshot.rounds.find((r) => r.id === props.roundId);
  if (!round || round.status !== 'open') return null;
  const f = forecastRound(props.snapshot, props.roundId, new Date());
  return (
    <>
      <h2 className="utrecht-heading-2">{t('monitor.forecast', { round: props.roundId })}</h2>
      {f === null ? (
        <p className="utrecht-paragraph">{t('monitor.forecast.tooEarly')}</p>
      ) : (
        <div data-testid="forecast">
          <p className="utrecht-paragraph">
            {t('monitor.forecast.now', {
              used: number.format(f.usedSoFar),
              pct: formatPermille(f.households > 0 ? Math.round((f.usedSoFar / f.households) * 1000) : 0),
              elapsed: Math.round(f.elapsed * 100),
            })}{' '}
            {t('monitor.forecast.expected', {
              mid: number.format(f.expected.mid),
              low: number.format(f.expected.low),
              high: number.format(f.expected.high),
              pct: formatPermille(f.activationPermille.mid),
              pctLow: formatPermille(f.activationPermille.low),
              pctHigh: formatPermille(f.activationPermille.high),
            })}{' '}
            {t(f.basis === 'earlier-rounds' ? 'monitor.forecast.basisRounds' : 'monitor.forecast.basisPace')}
          </p>
          <p className="utrecht-paragraph">
            {t('monitor.forecast.cost', {
              mid: formatEuro(f.costCents.mid),
              low: formatEuro(f.costCents.low),
              high: formatEuro(f.costCents.high),
              year: f.year,
              available: formatEuro(f.availableCents),
              other: formatEuro(f.otherRoundsCents),
            })}
          </p>
          <Alert kind={f.verdict === 'ok' ? 'info' : 'warning'}>{t(`monitor.forecast.verdict.${f.verdict}`)}</Alert>
          <p className="utrecht-paragraph">
            {t('monitor.forecast.measures', {
              full: formatEuro(f.measures.fullYearCents),
              value: formatEuro(f.measures.lowerValueCents),
              lower: formatEuro(f.measures.lowerValueSavesCents),
              one: formatEuro(f.measures.oneRoundSavesCents),
            })}
          </p>
        </div>
      )}
    </>
  );
}
