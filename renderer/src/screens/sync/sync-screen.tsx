import { isKnownSyncError } from '../../../../core/sync/sync-errors';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../../core/api/contract-session';
import type { AttentionView, ConflictView, SyncStatusView } from '../../../../core/api/contract-sync';
import { formatEuro } from '../../../../core/money';
import { api } from '../../api-client';
import { Alert, Field, SelectField } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import { AttentionList, DeviceReports, ReviewList } from './sync-attention';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Synchronisatie: status and progress, "Nu synchroniseren", conflicts to settle, the offline file, and (beheerder) enrolment. */
export function SyncScreen({ session }: { session: SessionInfo }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [conflicts, setConflicts] = useState<ConflictView[]>([]);
  const [attention, setAttention] = useState<AttentionView | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const can = (c: string) => (session.capabilities as readonly string[]).includes(c);

  const show = useCallback(async (next: SyncStatusView) => {
    setStatus(next);
    if (next.enrolled && can('sync')) {
      setConflicts(await api.syncConflicts({}));
      setAttention(await api.syncAttention({}));
    }
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- capabilities do not change within a session
  }, []);
  const refresh = useCallback(() => api.syncStatus({}).then(show), [show]);

  useEffect(() => {
    void api.syncStatus({}).then(show);
  }, [show]);
  // While a run is going, follow its progress.
  useEffect(() => {
    if (!status?.running) return;
    const timer = setInterval(() => void refresh(), 500);
    return () => clearInterval(timer);
  }, [status?.running, refresh]);

  const run = async (action: () => Promise<unknown>, ok?: string) => {
    try {
      await action();
      if (ok) setNotice({ kind: 'ok', text: ok });
      await refresh();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };

  // The heading is there at once (focus lands on it after navigation); the rest once the status is in.
  if (!status)
    return (
      <section>
        <h1 className="utrecht-heading-1" tabIndex={-1}>
          {t('nav.sync')}
        </h1>
      </section>
    );
  const p = status.progress;
  const total = p ? (p.phase === 'push' ? Math.max(p.toSend, 1) : 1) : 1;
  const done = p ? (p.phase === 'push' ? p.sent : 1) : 0;

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.sync')}
      </h1>
      <p className="utrecht-paragraph">{t('screen.sync.intro')}</p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {status.enrolled ? (
        <>
          <dl className="facts" data-testid="sync-facts">
            <dt>{t('sync.ledger')}</dt>
            <dd>
              {status.tenantName} — {status.serverUrl}
            </dd>
            <dt>{t('screen.sync.lastSync')}</dt>
            <dd>{status.lastSyncAt ? formatDateTime(status.lastSyncAt) : t('status.neverSynced')}</dd>
            <dt>{t('screen.sync.unsent')}</dt>
            <dd data-testid="sync-unsent">{status.unsent}</dd>
            {status.photos.toSend + status.photos.toFetch > 0 ? (
              <>
                <dt>{t('sync.photos')}</dt>
                <dd data-testid="sync-photos">
                  {t('sync.photosWaiting', { toSend: status.photos.toSend, toFetch: status.photos.toFetch })}
                </dd>
              </>
            ) : null}
            <dt>{t('sync.nightly')}</dt>
            <dd>{status.nightlyAt}</dd>
            <dt>{t('sync.conflictsOpen')}</dt>
            <dd data-testid="sync-open-conflicts">{status.openConflicts}</dd>
            <dt>{t('sync.attentionOpen')}</dt>
            <dd data-testid="sync-attention-open">{status.attention}</dd>
            <dt>{t('sync.reviewsOpen')}</dt>
            <dd data-testid="sync-reviews-open">{status.pendingReviews}</dd>
          </dl>
          {status.lastError ? (
            <Alert kind="error">
              {status.lastErrorCode && isKnownSyncError(status.lastErrorCode) ? t(`sync.error.${status.lastErrorCode}`) : status.lastError}
            </Alert>
          ) : null}
          {status.clockSkewMs !== null ? <Alert kind="error">{t('sync.clockSkew')}</Alert> : null}
          {status.running ? (
            <div className="panel" aria-live="polite">
              <label htmlFor="sync-progress">
                {p?.phase === 'pull'
                  ? t('sync.progress.pull', { n: p.pulled })
                  : t('sync.progress.push', { sent: p?.sent ?? 0, total: p?.toSend ?? 0 })}
              </label>
              <progress id="sync-progress" max={total} value={done} />
            </div>
          ) : null}
          <div className="button-row">
            {can('sync') ? (
              <button
                type="button"
                className="utrecht-button utrecht-button--primary-action"
                disabled={status.running}
                onClick={() => void run(() => api.syncRun({}))}
              >
                {t('sync.now')}
              </button>
            ) : null}
            {can('sync') && status.unsent > 0 ? (
              <button
                type="button"
                className="utrecht-button utrecht-button--secondary-action"
                onClick={() =>
                  void run(async () => {
                    const made = await api.syncExport({});
                    setNotice({ kind: 'ok', text: t('sync.exported', { n: made.events, file: made.file }) });
                  })
                }
              >
                {t('sync.export')}
              </button>
            ) : null}
          </div>
          {can('administer') ? <NightlyForm current={status.nightlyAt} onSaved={() => void refresh()} setNotice={setNotice} /> : null}
          {can('sync') && attention ? (
            <>
              <AttentionList
                view={attention}
                mayHandle={can('assess') || can('administer')}
                onChanged={(next) => {
                  setAttention(next);
                  void refresh();
                }}
                setNotice={setNotice}
              />
              <ReviewList
                view={attention}
                mayDecide={can('assess')}
                onChanged={(next) => {
                  setAttention(next);
                  void refresh();
                }}
                setNotice={setNotice}
              />
              <DeviceReports view={attention} />
            </>
          ) : null}
          {can('sync') ? (
            <Conflicts conflicts={conflicts} mayDecide={can('assess')} onSettled={() => void refresh()} setNotice={setNotice} />
          ) : null}
          {can('administer') && ['DEVICE_REVOKED', 'UNKNOWN_DEVICE', 'BAD_SIGNATURE'].includes(status.lastErrorCode ?? '') ? (
            <EnrolForm
              again
              onDone={() => {
                setNotice({ kind: 'ok', text: t('sync.reenrol.done') });
                void refresh();
              }}
            />
          ) : null}
        </>
      ) : (
        <>
          <Alert kind="error">{t('sync.notEnrolled')}</Alert>
          {can('administer') ? <EnrolForm onDone={() => void refresh()} /> : <p className="utrecht-paragraph">{t('sync.askAdmin')}</p>}
        </>
      )}
    </section>
  );
}

/** Enrol this device; `again`: a device that was enrolled (revoked, or its key lost) with a code made for it. */
function EnrolForm({ onDone, again = false }: { onDone: () => void; again?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await api.syncEnrol({ serverUrl, code });
      onDone();
    } catch (e) {
      setError(messageFor(i18n, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" aria-labelledby={headingId} onSubmit={(e) => void submit(e)}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t(again ? 'sync.reenrol.title' : 'sync.enrol.title')}
      </h2>
      <p className="utrecht-paragraph">{t(again ? 'sync.reenrol.intro' : 'sync.enrol.intro')}</p>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <Field label={t('sync.enrol.url')} value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} autoComplete="off" required />
      <Field label={t('sync.enrol.code')} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" required />
      <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
        {t(again ? 'sync.reenrol.submit' : 'sync.enrol.submit')}
      </button>
    </form>
  );
}

function Conflicts({
  conflicts,
  mayDecide,
  onSettled,
  setNotice,
}: {
  conflicts: ConflictView[];
  mayDecide: boolean;
  onSettled: () => void;
  setNotice: (n: Notice) => void;
}) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('sync.conflicts.title')}
      </h2>
      <p className="utrecht-paragraph">{t('sync.conflicts.intro')}</p>
      {conflicts.length === 0 ? <p className="utrecht-paragraph">{t('sync.conflicts.none')}</p> : null}
      <ul className="plain-list">
        {conflicts.map((c) => (
          <li key={c.contestedRedemptionId} className="panel" data-testid="sync-conflict">
            <p className="utrecht-paragraph">
              <strong>{c.maskedCode ?? '—'}</strong> — {formatEuro(c.valueCents)}
              {c.takenAt ? ` — ${formatDateTime(c.takenAt)}` : ''}
            </p>
            <p className="utrecht-paragraph">{c.initiatives.map((i) => `#${i.number} ${i.title}`).join(', ')}</p>
            <p className="utrecht-paragraph">{t(c.ours === 'contested' ? 'sync.conflicts.oursContested' : 'sync.conflicts.oursCounted')}</p>
            <p className="utrecht-paragraph" data-testid="sync-conflict-state">
              {t(`sync.conflicts.state.${c.state}`)}
              {c.note ? ` — ${c.note}` : ''}
            </p>
            {c.state === 'open' && c.settlementSent ? <p className="utrecht-paragraph hint">{t('sync.conflicts.sent')}</p> : null}
            {c.state === 'open' && !c.settlementSent && mayDecide ? (
              <SettleForm conflict={c} onSettled={onSettled} setNotice={setNotice} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SettleForm({ conflict, onSettled, setNotice }: { conflict: ConflictView; onSettled: () => void; setNotice: (n: Notice) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [decision, setDecision] = useState<'keep-other' | 'count-this'>('keep-other');
  const [note, setNote] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.syncSettle({ contestedRedemptionId: conflict.contestedRedemptionId, decision, note });
      setNotice({ kind: 'ok', text: t('sync.conflicts.decided') });
      onSettled();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <SelectField
        label={t('sync.conflicts.decision')}
        value={decision}
        onChange={(v) => setDecision(v === 'count-this' ? 'count-this' : 'keep-other')}
        options={[
          ['keep-other', t('sync.conflicts.keepOther')],
          ['count-this', t('sync.conflicts.countThis')],
        ]}
      />
      <Field label={t('sync.conflicts.note')} value={note} onChange={(e) => setNote(e.target.value)} required />
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        {t('sync.conflicts.settle')}
      </button>
    </form>
  );
}

function NightlyForm({ current, onSaved, setNotice }: { current: string; onSaved: () => void; setNotice: (n: Notice) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [at, setAt] = useState(current);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.settingsUpdate({ sync: { nightlyAt: at } });
      setNotice({ kind: 'ok', text: t('common.saved') });
      onSaved();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)}>
      <Field label={t('sync.nightly')} type="time" value={at} onChange={(e) => setAt(e.target.value)} required />
      <button type="submit" className="utrecht-button utrecht-button--secondary-action">
        {t('common.save')}
      </button>
    </form>
  );
}
