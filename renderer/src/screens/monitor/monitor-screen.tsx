/**
 * The monitor (wijkregisseur, beheerder): what the council asked to follow after every round — participation
 * per district and buurt, new participants, new initiatives against the aim, the rounds compared, and the
 * budget account. The figures are the central ledger's as of the last sync (or this device's own, and it
 * says so); every figure comes from core/monitor.ts and core/budget.ts, the same as in the reports.
 */
import { useState } from 'react';
import { yearOf } from '../../../../core/business-day';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { useI18n } from '../../i18n';
import { useLoad } from '../use-load';
import { Participation } from './participation';
import { RoundsTrend } from './rounds-trend';
import { BudgetSection } from './budget-section';
import { InitiativesSection } from './initiatives-section';
import { ForecastSection } from './forecast-section';
import { ReportsSection } from './reports-section';

export function MonitorScreen() {
  const { t, formatDateTime } = useI18n();
  const view = useLoad(() => api.monitorView({}));
  const [roundChoice, setRoundChoice] = useState<string | null>(null);
  const [yearChoice, setYearChoice] = useState<number | null>(null);
  const data = view.data;
  const rounds = data?.snapshot.rounds ?? [];
  const roundId = roundChoice ?? (rounds.filter((r) => r.status === 'open').at(-1) ?? rounds.at(-1))?.id ?? null;
  const years = [...new Set((data?.snapshot.budget ?? []).map((a) => a.year))].sort((a, b) => a - b);
  const thisYear = yearOf(new Date());
  const year = yearChoice ?? (years.includes(thisYear) ? thisYear : (years.at(-1) ?? thisYear));

  return (
    <section className="monitor">
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.monitor')}
      </h1>
      {view.error ? <Alert kind="error">{view.error}</Alert> : null}
      {data === null ? (
        view.error ? null : (
          <p className="utrecht-paragraph">{t('monitor.loading')}</p>
        )
      ) : (
        <>
          {data.source === 'ledger' ? (
            <p className="utrecht-paragraph" data-testid="monitor-source">
              {t('monitor.fromLedger', { at: formatDateTime(data.snapshot.asOf) })}
            </p>
          ) : (
            <Alert kind="warning">
              <span data-testid="monitor-source">
                {t('monitor.fromDevice')} {data.householdsSynthetic ? t('monitor.synthetic') : ''}
              </span>
            </Alert>
          )}
          <div className="monitor-choices">
            <label className="utrecht-form-label">
              {t('monitor.round')}{' '}
              <select
                className="utrecht-select"
                value={roundId ?? ''}
                onChange={(e) => setRoundChoice(e.target.value)}
                disabled={rounds.length === 0}
              >
                {rounds.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.id} ({t(`monitor.roundStatus.${r.status}`)})
                  </option>
                ))}
              </select>
            </label>
            <label className="utrecht-form-label">
              {t('monitor.year')}{' '}
              <select className="utrecht-select" value={year} onChange={(e) => setYearChoice(Number(e.target.value))}>
                {(years.length > 0 ? years : [thisYear]).map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {roundId ? (
            <Participation snapshot={data.snapshot} roundId={roundId} firstTimersKnown={data.source === 'ledger'} />
          ) : (
            <p className="utrecht-paragraph">{t('monitor.noRounds')}</p>
          )}
          {roundId ? <ForecastSection snapshot={data.snapshot} roundId={roundId} /> : null}
          <RoundsTrend snapshot={data.snapshot} roundId={roundId} firstTimersKnown={data.source === 'ledger'} />
          <BudgetSection snapshot={data.snapshot} year={year} fromLedger={data.source === 'ledger'} />
          <InitiativesSection snapshot={data.snapshot} year={year} />
          <ReportsSection snapshot={data.snapshot} roundId={roundId} year={year} />
        </>
      )}
    </section>
  );
}
