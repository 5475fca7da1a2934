import type { InitiativeDetail } from '../../../../core/api/contract-reference';
import { conditions } from '../../../../core/conditions';
import { useI18n } from '../../i18n';

/** The assessment against the conditions, as decided (read only): answer and note per condition, and the referral. */
export function AssessmentSummary({ assessment }: { assessment: NonNullable<InitiativeDetail['assessment']> }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="assessment-summary" data-testid="assessment-summary">
      <h2 className="utrecht-heading-2" id="assessment-summary">
        {t('assess.title')}
      </h2>
      <ol className="plain-list">
        {conditions.map((c, index) => {
          const a = assessment.answers[c.id];
          return (
            <li key={c.id}>
              {index + 1}. {c.text} — <strong>{a ? t(`assess.${a.answer}`) : t('assess.unanswered')}</strong>
              {a?.note ? `: ${a.note}` : ''}
            </li>
          );
        })}
      </ol>
      {assessment.referralNote ? (
        <p className="utrecht-paragraph">
          {t('assess.referral')}: {assessment.referralNote}
        </p>
      ) : null}
    </section>
  );
}

/** Help wanted: open and filled needs (counts only; the people are on the Vrijwilligers screen). */
export function NeedsSummary({ needs }: { needs: InitiativeDetail['needs'] }) {
  const { t } = useI18n();
  if (needs.volunteersNeeded === 0 && !needs.materialsWanted) return null;
  return (
    <section className="panel" aria-labelledby="needs-summary">
      <h2 className="utrecht-heading-2" id="needs-summary">
        {t('initiative.needs')}
      </h2>
      <p className="utrecht-paragraph" data-testid="initiative-needs">
        {needs.volunteersNeeded > 0
          ? t('vol.needs', { needed: needs.volunteersNeeded, tasks: needs.volunteerTasks, signed: needs.volunteersSignedUp })
          : null}{' '}
        {needs.materialsWanted ? t('vol.materials', { materials: needs.materialsWanted, pledges: needs.materialPledges }) : null}
      </p>
    </section>
  );
}
