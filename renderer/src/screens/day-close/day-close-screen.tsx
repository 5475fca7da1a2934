import { useCallback, useEffect, useState } from 'react';
import type { DayReport, Redemption } from '../../../../core/api/contract-counter';
import type { SessionInfo } from '../../../../core/api/contract-session';
import { businessDayOf, nextBusinessDay } from '../../../../core/business-day';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import { DayReportView } from './day-report-view';
import { ReprintButton } from '../../components/reprint-button';
import { TodayList } from './today-list';
import { RemarkForm } from '../../components/feedback';

type Notice = { kind: 'ok' | 'error'; text: string };

/** Dagafsluiting: the day's donations (with reversal), X and shift handover any time, the Z that seals the day. */
export function DayCloseScreen({ session }: { session: SessionInfo }) {
  const i18n = useI18n();
  const [today, setToday] = useState<Redemption[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [report, setReport] = useState<DayReport | null>(null);
  const [closed, setClosed] = useState<DayReport[]>([]);

  const reload = useCallback(() => {
    void api.redemptionsList({}).then(setToday, (e: unknown) => setNotice({ kind: 'error', text: messageFor(i18n, e) }));
    void api.dayListClosed({}).then(setClosed, () => undefined);
  }, [i18n]);
  useEffect(reload, [reload]);

  // After today's Z, the list (and every new donation) belongs to the next day.
  const calendarDay = businessDayOf(new Date());
  const closedToday = closed.find((z) => z.businessDay === calendarDay) ?? null;
  const listDay = closedToday ? nextBusinessDay(calendarDay) : calendarDay;

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {i18n.t('nav.dayClose')}
      </h1>
      {closedToday ? (
        <Alert kind="info">
          {i18n.t('day.closedToday', {
            number: closedToday.zNumber ?? 0,
            time: i18n.formatTime(closedToday.madeAt),
            next: i18n.formatDay(listDay),
          })}
        </Alert>
      ) : null}
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <TodayList day={listDay} rows={today} onNotice={setNotice} onChanged={reload} />
      <InterimSection
        session={session}
        onReport={(r) => {
          setNotice(null);
          setReport(r);
        }}
        onNotice={setNotice}
      />
      {report ? <DayReportView report={report} /> : null}
      <CloseSection
        closedToday={closedToday}
        onClosed={(z) => {
          // The Z replaces whatever was on screen: the old reversal message, the last X.
          setNotice(null);
          setReport(z);
          reload();
        }}
        onNotice={setNotice}
      />
      <ClosedDays closed={closed} />
      <RemarkForm />
    </section>
  );
}

/** X report any time (everyone, or only mine), and the shift handover: what I did since I logged in. */
function InterimSection({
  session,
  onReport,
  onNotice,
}: {
  session: SessionInfo;
  onReport: (report: DayReport) => void;
  onNotice: (notice: Notice) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [onlyMine, setOnlyMine] = useState(false);
  const which = (handover: boolean) => (handover ? { handover: true } : onlyMine ? { staffId: session.staff.id } : {});
  const show = async (handover: boolean) => {
    try {
      onReport(await api.dayReport(which(handover)));
    } catch (error) {
      onNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const print = async (handover: boolean) => {
    try {
      const { receiptNo } = await api.dayPrint(which(handover));
      onNotice({ kind: 'ok', text: t('print.receiptQueued', { number: receiptNo }) });
    } catch (error) {
      onNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  return (
    <>
      <h2 className="utrecht-heading-2">{t('day.interimAndHandover')}</h2>
      <div className="button-row">
        <label className="checkbox-label">
          <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />
          <span>{t('day.interimMine')}</span>
        </label>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void show(false)}>
          {t('day.showInterim')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void print(false)}>
          {t('print.interim')}
        </button>
      </div>
      <p className="utrecht-paragraph">{t('day.handoverIntro', { time: i18n.formatTime(session.since) })}</p>
      <div className="button-row">
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void show(true)}>
          {t('day.showHandover')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void print(true)}>
          {t('day.printHandover')}
        </button>
      </div>
    </>
  );
}

/** The Z: once a day, confirmed first; after it, the section says the day is closed instead of offering it again. */
function CloseSection({
  closedToday,
  onClosed,
  onNotice,
}: {
  closedToday: DayReport | null;
  onClosed: (z: DayReport) => void;
  onNotice: (notice: Notice) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [confirming, setConfirming] = useState(false);
  const close = async () => {
    try {
      onClosed(await api.dayClose({}));
    } catch (error) {
      onNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
    setConfirming(false);
  };
  return (
    <>
      <h2 className="utrecht-heading-2">{t('day.close')}</h2>
      {closedToday ? (
        <p className="utrecht-paragraph">{t('day.alreadyClosed', { number: closedToday.zNumber ?? 0 })}</p>
      ) : confirming ? (
        <div className="panel" role="alertdialog" aria-labelledby="close-warn">
          <p className="utrecht-paragraph" id="close-warn">
            {t('day.closeWarn')}
          </p>
          <div className="button-row">
            <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={() => void close()} autoFocus>
              {t('day.closeConfirm')}
            </button>
            <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={() => setConfirming(true)}>
          {t('day.close')}
        </button>
      )}
    </>
  );
}

/** Earlier Z reports, to look at again or reprint. */
function ClosedDays({ closed }: { closed: DayReport[] }) {
  const { t, formatDay } = useI18n();
  const [shown, setShown] = useState<DayReport | null>(null);
  if (closed.length === 0) return null;
  return (
    <>
      <h2 className="utrecht-heading-2">{t('day.closed')}</h2>
      <ul className="plain-list">
        {closed.map((z) => (
          <li key={z.zNumber}>
            <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => setShown(z)}>
              {t('day.show', { number: z.zNumber ?? 0, day: formatDay(z.businessDay) })}
            </button>
          </li>
        ))}
      </ul>
      {shown ? (
        <>
          <DayReportView report={shown} />
          <ReprintButton kind="day-z" refId={String(shown.zNumber)} label={t('print.zAgain', { number: shown.zNumber ?? 0 })} />
        </>
      ) : null}
    </>
  );
}
