import { useId, useState, type FormEvent } from 'react';
import type { InitiativeDetail } from '../../../../core/api/contract-reference';
import { approvalProblem, conditions, type Answer, type Assessment, type ConditionId } from '../../../../core/conditions';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';

/** The wijkregisseur's checklist: every condition met / not met / not applicable, with a note. */
export function AssessmentForm({ detail, onSaved }: { detail: InitiativeDetail; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [answers, setAnswers] = useState<Partial<Record<ConditionId, Answer>>>(detail.assessment?.answers ?? {});
  const [referralNote, setReferral] = useState(detail.assessment?.referralNote ?? '');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const set = (id: ConditionId, patch: Partial<Answer>) =>
    setAnswers({ ...answers, [id]: { answer: 'met', note: '', ...answers[id], ...patch } });
  const assessment: Assessment = { answers, referralNote };
  const problem = approvalProblem(assessment);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.initiativesAssess({ initiativeId: detail.id, assessment });
      setNotice({ kind: 'ok', text: t('assess.saved') });
      onSaved();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };

  return (
    <form className="panel" aria-labelledby={headingId} onSubmit={(e) => void save(e)}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('assess.title')}
      </h2>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {conditions.map((c, index) => (
        <fieldset key={c.id} className="condition">
          <legend>
            {index + 1}. {c.text}
          </legend>
          <div className="button-row">
            {(['met', 'not-met', 'not-applicable'] as const).map((a) => (
              <label key={a} className="checkbox-label">
                <input type="radio" name={c.id} checked={answers[c.id]?.answer === a} onChange={() => set(c.id, { answer: a })} />
                <span>{t(`assess.${a}`)}</span>
              </label>
            ))}
          </div>
          <label className="condition-note">
            <span className="visually-hidden">
              {t('initiative.note')} {index + 1}
            </span>
            <input
              className="utrecht-textbox utrecht-textbox--html-input"
              placeholder={t('initiative.note')}
              value={answers[c.id]?.note ?? ''}
              onChange={(e) => set(c.id, { note: e.target.value })}
            />
          </label>
        </fieldset>
      ))}
      <label className="condition-note">
        <span>{t('assess.referral')}</span>
        <textarea
          className="utrecht-textarea utrecht-textarea--html-textarea"
          rows={2}
          value={referralNote}
          onChange={(e) => setReferral(e.target.value)}
        />
      </label>
      <p className="utrecht-paragraph" role="status">
        {problem ? t(`assess.problem.${problem}`) : t('assess.ready')}
      </p>
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        {t('assess.save')}
      </button>
    </form>
  );
}
