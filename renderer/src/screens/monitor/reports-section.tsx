/** Reports from the monitor's figures: the round evaluation (with remarks) and the jaarverantwoording. */
import { useState } from 'react';
import type { MonitorSnapshot } from '../../../../core/monitor';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { downloadFile, fromBase64 } from '../../download';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';

export function ReportsSection(props: { snapshot: MonitorSnapshot; roundId: string | null; year: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [remarks, setRemarks] = useState('');
  const [district, setDistrict] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const districts = props.snapshot.areas.filter((a) => a.kind !== 'buurt');

  const make = async (run: () => ReturnType<typeof api.reportsAnnual>) => {
    setBusy(true);
    setResult(null);
    try {
      const file = await run();
      downloadFile(file.fileName, fromBase64(file.base64), file.mime);
      setResult({ ok: true, text: t('reports.made', { file: file.fileName }) });
    } catch (error) {
      setResult({ ok: false, text: messageFor(i18n, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 className="utrecht-heading-2">{t('reports.title')}</h2>
      {props.roundId ? (
        <form
          className="panel"
          aria-label={t('reports.evaluation', { round: props.roundId })}
          onSubmit={(e) => {
            e.preventDefault();
            const roundId = props.roundId;
            if (roundId) void make(() => api.reportsRoundEvaluation({ roundId, remarks }));
          }}
        >
          <h3 className="utrecht-heading-3">{t('reports.evaluation', { round: props.roundId })}</h3>
          <p className="utrecht-paragraph">{t('reports.evaluationIntro')}</p>
          <label className="utrecht-form-label" htmlFor="report-remarks">
            {t('reports.remarks')}
          </label>
          <textarea
            id="report-remarks"
            className="utrecht-textarea"
            rows={4}
            maxLength={4000}
            value={remarks}
            onChange={(e) => setRemarks(e.target.value)}
          />
          <p>
            <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
              {t('reports.makeEvaluation')}
            </button>
          </p>
        </form>
      ) : null}
      <section className="panel" aria-label={t('reports.annual', { year: props.year })}>
        <h3 className="utrecht-heading-3">{t('reports.annual', { year: props.year })}</h3>
        <label className="utrecht-form-label">
          {t('reports.annualOf')}{' '}
          <select className="utrecht-select" value={district} onChange={(e) => setDistrict(e.target.value)}>
            <option value="">{t('monitor.all')}</option>
            {districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <p className="button-row">
          {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="utrecht-button utrecht-button--secondary-action"
              disabled={busy}
              onClick={() => void make(() => api.reportsAnnual({ year: props.year, districtCode: district || null, format }))}
            >
              {t(`reports.as.${format}`)}
            </button>
          ))}
        </p>
      </section>
      {result ? <Alert kind={result.ok ? 'ok' : 'error'}>{result.text}</Alert> : null}
    </>
  );
}
