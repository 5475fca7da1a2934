import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { InitiativeDetail } from '../../../../core/api/contract-reference';
import { actionNeedsNote, type LifecycleAction } from '../../../../core/initiative-lifecycle';
import { formatEuro, parseEuroInput } from '../../../../core/money';
import { api } from '../../api-client';
import { Alert, Field } from '../../components/field';
import { PhotosField } from '../../components/photos';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import { AssessmentForm } from './assessment-form';
import { InitiativePeople } from './initiative-people';
import { AssessmentSummary, NeedsSummary } from './initiative-sections';
import type { MessageKey } from '../../i18n/nl';

/** Why it is where it is, for the statuses that come with a note. */
const noteLabels: Partial<Record<string, MessageKey>> = {
  concept: 'initiative.sentBack',
  afgewezen: 'initiative.rejectedBecause',
  ingetrokken: 'initiative.withdrawnBecause',
};

/** One initiative: progress, facts, history, and what the person at the screen may do with it. */
export function InitiativeDetailScreen({ mayHandlePeople }: { mayHandlePeople: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const [detail, setDetail] = useState<InitiativeDetail | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const navigate = useNavigate();
  const edit = async () => {
    try {
      const draft = await api.initiativesEdit({ initiativeId: id });
      void navigate(`/initiatieven/nieuw/${draft.id}`);
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const reload = useCallback(
    () =>
      void api
        .initiativesGet({ initiativeId: id })
        .then(setDetail, (e: unknown) => setNotice({ kind: 'error', text: messageFor(i18n, e) })),
    [id, i18n],
  );
  useEffect(reload, [reload]);

  if (!detail) return notice ? <Alert kind="error">{notice.text}</Alert> : <p>{t('app.loading')}</p>;
  return (
    <section>
      <p>
        <Link to="/initiatieven">{t('initiative.back')}</Link>
      </p>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {detail.title}
      </h1>
      <p className="utrecht-paragraph">{detail.summary}</p>
      <InitiativeFacts detail={detail} />
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {detail.ledgerProblem ? (
        <Alert kind="warning">
          {t(`sync.attention.what.${detail.ledgerProblem.outcome}`)}{' '}
          {detail.ledgerProblem.reason ? t('sync.attention.why', { reason: detail.ledgerProblem.reason }) : null}{' '}
          {t(`sync.attention.todo.${detail.ledgerProblem.outcome}`)}
        </Alert>
      ) : null}
      {detail.statusNote && detail.status in noteLabels ? (
        <Alert kind="warning">{t(noteLabels[detail.status] as MessageKey, { note: detail.statusNote })}</Alert>
      ) : null}
      {detail.editable ? (
        <p>
          <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={() => void edit()}>
            {t('initiative.edit')}
          </button>
        </p>
      ) : null}
      {detail.registration ? <RegistrationPanel detail={detail} registration={detail.registration} /> : null}
      <PhotosField owner={{ kind: 'initiative', id: detail.id }} purpose="idee" label={t('register.photos')} readOnly />
      {mayHandlePeople && detail.registration ? <InitiativePeople initiativeId={detail.id} /> : null}
      {detail.accountability ? <AccountabilityPanel detail={detail} accountability={detail.accountability} /> : null}
      <NeedsSummary needs={detail.needs} />
      {detail.status === 'in_beoordeling' && detail.actions.includes('approve') ? (
        <AssessmentForm detail={detail} onSaved={reload} />
      ) : detail.assessment ? (
        <AssessmentSummary assessment={detail.assessment} />
      ) : null}
      {detail.actions.length > 0 ? <LifecycleActions detail={detail} onNotice={setNotice} onChanged={reload} /> : null}
      <InitiativeHistory history={detail.history} />
    </section>
  );
}

type Notice = { kind: 'ok' | 'error'; text: string };

/** Number, district, status and how far the money is. */
function InitiativeFacts({ detail }: { detail: InitiativeDetail }) {
  const { t, tn } = useI18n();
  return (
    <dl className="facts" data-testid="initiative-facts">
      <dt>{t('initiatives.number')}</dt>
      <dd>{detail.number}</dd>
      <dt>{t('initiatives.district')}</dt>
      <dd>{detail.districtName}</dd>
      <dt>{t('initiatives.status')}</dt>
      <dd data-testid="initiative-status">{t(`initiativeStatus.${detail.status}` as MessageKey)}</dd>
      <dt>{t('initiatives.progress')}</dt>
      <dd>
        {/* The sentence beside the bar says it in euros; a screen reader would read the bar's raw cents. */}
        <progress max={detail.targetCents} value={Math.min(detail.collectedCents, detail.targetCents)} aria-hidden="true" />{' '}
        {t('initiatives.progressValue', { collected: formatEuro(detail.collectedCents), target: formatEuro(detail.targetCents) })} ·{' '}
        {tn('initiative.donations', detail.donationCount)}
        {detail.daysLeft !== null
          ? ` · ${detail.daysLeft >= 0 ? tn('initiative.daysLeft', detail.daysLeft) : t('initiative.deadlinePassed')}`
          : ''}
      </dd>
    </dl>
  );
}

/** What the registration said: the plan, its budget lines and who keeps it up. */
function RegistrationPanel({
  detail,
  registration,
}: {
  detail: InitiativeDetail;
  registration: NonNullable<InitiativeDetail['registration']>;
}) {
  const { t } = useI18n();
  return (
    <div className="panel" data-testid="initiative-registration">
      <p className="utrecht-paragraph">{registration.description}</p>
      <p className="utrecht-paragraph">
        {t('register.location')} {registration.location}
      </p>
      <table className="utrecht-table" data-testid="budget-lines">
        <caption>{t('initiative.budgetLines')}</caption>
        <tbody className="utrecht-table__body">
          {registration.budgetLines.map((l, i) => (
            <tr key={i} className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="row">
                {l.item}
              </th>
              <td className="utrecht-table__cell numeric">{formatEuro(l.amountCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="row">
              {t('register.targetLabel')}
            </th>
            <td className="utrecht-table__cell numeric">{formatEuro(detail.targetCents)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="utrecht-paragraph">
        {registration.structuralCosts === 'ja'
          ? t('initiative.maintenanceBy', { who: registration.structuralCostsBy })
          : t('initiative.noMaintenance')}
      </p>
      <p className="utrecht-paragraph">
        {t('initiative.support', { what: registration.supportDescription })} ·{' '}
        {t('initiative.executionDate', { date: registration.executionDate })}
      </p>
    </div>
  );
}

/** How the money was spent, once the initiative was carried out. */
function AccountabilityPanel({
  detail,
  accountability,
}: {
  detail: InitiativeDetail;
  accountability: NonNullable<InitiativeDetail['accountability']>;
}) {
  const { t } = useI18n();
  return (
    <div className="panel" data-testid="initiative-accountability">
      <h2 className="utrecht-heading-2">{t('initiative.account.title')}</h2>
      <p className="utrecht-paragraph">{accountability.done}</p>
      <PhotosField owner={{ kind: 'initiative', id: detail.id }} purpose="verantwoording" label={t('initiative.account.photos')} readOnly />
      <p className="utrecht-paragraph">
        {t('initiative.account.spentWas', {
          amount: formatEuro(accountability.spentCents),
          target: formatEuro(detail.targetCents),
        })}
      </p>
    </div>
  );
}

/** The lifecycle actions the person at the screen may take, with the note or account each one asks for. */
function LifecycleActions({
  detail,
  onNotice,
  onChanged,
}: {
  detail: InitiativeDetail;
  onNotice: (notice: Notice) => void;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const noteId = useId();
  const [action, setAction] = useState<LifecycleAction | null>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState('');
  const [spent, setSpent] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!action) return;
    try {
      const spentCents = parseEuroInput(spent);
      const { status } = await api.initiativesTransition({
        initiativeId: detail.id,
        action,
        ...(note.trim() ? { note } : {}),
        ...(action === 'complete' && spentCents !== null ? { accountability: { done, spentCents } } : {}),
      });
      onNotice({ kind: 'ok', text: t('initiative.changed', { status: t(`initiativeStatus.${status}` as MessageKey) }) });
      setAction(null);
      setNote('');
      onChanged();
    } catch (error) {
      onNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };

  const needsNote = action ? actionNeedsNote(action) : false;
  const accountMissing = action === 'complete' && (done.trim().length < 10 || parseEuroInput(spent) === null);
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-label={t('initiative.actions')}>
      <h2 className="utrecht-heading-2">{t('initiative.actions')}</h2>
      <div className="button-row" role="group" aria-label={t('initiative.actions')}>
        {detail.actions.map((a) => (
          <button
            key={a}
            type="button"
            aria-pressed={action === a}
            className={`utrecht-button ${action === a ? 'utrecht-button--primary-action' : 'utrecht-button--secondary-action'}`}
            onClick={() => setAction(a)}
          >
            {t(`action.${a}` as MessageKey)}
          </button>
        ))}
      </div>
      {action ? (
        <>
          <div className="utrecht-form-field">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor={noteId}>
                {t('initiative.note')}
              </label>
            </div>
            {needsNote ? <div className="utrecht-form-field-description">{t('initiative.noteRequired')}</div> : null}
            <textarea
              id={noteId}
              className="utrecht-textarea utrecht-textarea--html-textarea"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              rows={3}
            />
          </div>
          {action === 'complete' ? (
            <>
              <div className="utrecht-form-field">
                <div className="utrecht-form-field__label">
                  <label className="utrecht-form-label" htmlFor={`${noteId}-done`}>
                    {t('initiative.account.done')}
                  </label>
                </div>
                <textarea
                  id={`${noteId}-done`}
                  className="utrecht-textarea utrecht-textarea--html-textarea"
                  value={done}
                  onChange={(e) => setDone(e.target.value)}
                  rows={3}
                />
              </div>
              <Field label={t('initiative.account.spent')} inputMode="decimal" value={spent} onChange={(e) => setSpent(e.target.value)} />
              <PhotosField owner={{ kind: 'initiative', id: detail.id }} purpose="verantwoording" label={t('initiative.account.photos')} />
            </>
          ) : null}
          <button
            type="submit"
            className="utrecht-button utrecht-button--primary-action"
            disabled={(needsNote && !note.trim()) || accountMissing}
          >
            {t(`action.${action}` as MessageKey)}
          </button>
        </>
      ) : null}
    </form>
  );
}

/** Every status change, newest last, with who made it. */
function InitiativeHistory({ history }: { history: InitiativeDetail['history'] }) {
  const { t, formatDateTime } = useI18n();
  return (
    <>
      <h2 className="utrecht-heading-2">{t('initiative.history')}</h2>
      {history.length === 0 ? <p className="utrecht-paragraph">{t('initiative.noHistory')}</p> : null}
      <ol className="plain-list" data-testid="initiative-history">
        {history.map((h, i) => (
          <li key={i}>
            {formatDateTime(h.at)} — {t(`action.${h.action}` as MessageKey)} ({t(`initiativeStatus.${h.from}` as MessageKey)} →{' '}
            {t(`initiativeStatus.${h.to}` as MessageKey)}) —{' '}
            {h.elsewhere ? t('initiative.elsewhere') : (h.staffName ?? t('initiative.byApp'))}
            {h.note ? `: ${h.note}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}
