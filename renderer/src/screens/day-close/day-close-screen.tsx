import { useCallback, useEffect, useState } from 'react';
import type { DayReport, Redemption } from '../../../../core/api/contract-counter';
import type { SessionInfo } from '../../../../core/api/contract-session';
import { formatEuro } from '../../../../core/money';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import { DayReportView } from './day-report-view';
import { ReverseForm } from './reverse-form';
import { ReprintButton } from '../../components/reprint-button';

/** Dagafsluiting: today's donations (with reversal), an X report any time, the Z that seals the day. */
export function DayCloseScreen({ session }: { session: SessionInfo }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [today, setToday] = useState<Redemption[]>([]);
  const [reversing, setReversing] = useState<Redemption | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [onlyMine, setOnlyMine] = useState(false);
  const [report, setReport] = useState<DayReport | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const [closed, setClosed] = useState<DayReport[]>([]);
  const [shownZ, setShownZ] = useState<DayReport | null>(null);

  const reload = useCallback(() => {
    void api.redemptionsList({}).then(setToday, (e: unknown) => setNotice({ kind: 'error', text: messageFor(i18n, e) }));
    void api.dayListClosed({}).then(setClosed, () => undefined);
  }, [i18n]);
  useEffect(reload, [reload]);

  const showInterim = async () => {
    try {
      setReport(await api.dayReport(onlyMine ? { staffId: session.staff.id } : {}));
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const printInterim = async () => {
    try {
      const { receiptNo } = await api.dayPrint(onlyMine ? { staffId: session.staff.id } : {});
      setNotice({ kind: 'ok', text: t('print.receiptQueued', { number: receiptNo }) });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const close = async () => {
    try {
      const z = await api.dayClose({});
      setReport(z);
      setConfirmClose(false);
      reload();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
      setConfirmClose(false);
    }
  };

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.dayClose')}
      </h1>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <h2 className="utrecht-heading-2">{t('day.today')}</h2>
      {today.length === 0 ? <p className="utrecht-paragraph">{t('day.none')}</p> : null}
      {today.length > 0 ? (
        <table className="utrecht-table" data-testid="today-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t('day.time')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('day.voucher')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('day.for')}
              </th>
              <th className="utrecht-table__header-cell numeric" scope="col">
                {t('day.amount')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('day.by')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('day.state')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {today.map((r) => (
              <tr key={r.id} className="utrecht-table__row">
                <td className="utrecht-table__cell">{formatDateTime(r.createdAt)}</td>
                <td className="utrecht-table__cell mono">
                  {r.masked}
                  {r.ledgerState && r.ledgerState !== 'counted' ? (
                    <span className="hint" data-testid="day-ledger-state">
                      {' '}
                      — {t(`day.ledger.${r.ledgerState}`)}
                    </span>
                  ) : null}
                </td>
                <td className="utrecht-table__cell">
                  {r.parts.map((p) => `${p.number} ${p.title} (${formatEuro(p.amountCents)})`).join(', ')}
                </td>
                <td className="utrecht-table__cell numeric">{formatEuro(r.valueCents)}</td>
                <td className="utrecht-table__cell">{r.staffName}</td>
                <td className="utrecht-table__cell">
                  <ReprintButton kind="donation" refId={r.id} label={`${t('print.reprint')}`} hidden={r.masked} />
                  {r.reversed ? (
                    t('day.reversed')
                  ) : (
                    <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => setReversing(r)}>
                      {t('day.reverse')} <span className="visually-hidden">{r.masked}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {reversing ? (
        <ReverseForm
          redemption={reversing}
          onCancel={() => setReversing(null)}
          onDone={(text) => {
            setReversing(null);
            setNotice({ kind: 'ok', text });
            reload();
          }}
        />
      ) : null}

      <h2 className="utrecht-heading-2">{t('day.interim')}</h2>
      <div className="button-row">
        <label className="checkbox-label">
          <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />
          <span>{t('day.interimMine')}</span>
        </label>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void showInterim()}>
          {t('day.showInterim')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void printInterim()}>
          {t('print.interim')}
        </button>
      </div>
      {report ? <DayReportView report={report} /> : null}

      <h2 className="utrecht-heading-2">{t('day.close')}</h2>
      {confirmClose ? (
        <div className="panel" role="alertdialog" aria-labelledby="close-warn">
          <p className="utrecht-paragraph" id="close-warn">
            {t('day.closeWarn')}
          </p>
          <div className="button-row">
            <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={() => void close()} autoFocus>
              {t('day.closeConfirm')}
            </button>
            <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => setConfirmClose(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={() => setConfirmClose(true)}>
          {t('day.close')}
        </button>
      )}

      {closed.length > 0 ? (
        <>
          <h2 className="utrecht-heading-2">{t('day.closed')}</h2>
          <ul className="plain-list">
            {closed.map((z) => (
              <li key={z.zNumber}>
                <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => setShownZ(z)}>
                  {t('day.show', { number: z.zNumber ?? 0, day: z.businessDay })}
                </button>
              </li>
            ))}
          </ul>
          {shownZ ? (
            <>
              <DayReportView report={shownZ} />
              <ReprintButton kind="day-z" refId={String(shownZ.zNumber)} label={t('print.zAgain', { number: shownZ.zNumber ?? 0 })} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
