/**
 * What an initiative is assessed against: the seven conditions of the council letter on the district
 * budget (wijkgericht werken), and the platform's own rules. Written in our own plain words; the
 * letter is in shared/seeds. Approval needs every item answered and none "not met".
 */
import { z } from 'zod';

export const conditions = [
  {
    id: 'not-regular-work',
    group: 'council',
    text: 'Geen gewoon werk of budget van de gemeente, en geen nieuw project uit de gewone uitvoeringsprogramma’s.',
  },
  {
    id: 'support-active-initiator',
    group: 'council',
    text: 'Er is draagvlak in de straat, buurt of wijk; de initiatiefnemer helpt zelf mee; er is geen privébelang.',
  },
  {
    id: 'maintenance-covered',
    group: 'council',
    text: 'Kosten voor onderhoud, vervanging of afschrijving zijn gedekt in gewone budgetten.',
  },
  {
    id: 'policy-and-law',
    group: 'council',
    text: 'Niet in strijd met beleid of wet van de gemeente, en past bij de doelen van het programma.',
  },
  { id: 'no-subsidy-no-money', group: 'council', text: 'Geen subsidie, en er gaat geen geld naar de initiatiefnemers.' },
  { id: 'not-a-party', group: 'council', text: 'Het is geen buurtfeest als zodanig.' },
  {
    id: 'fits-district-budget',
    group: 'council',
    text: 'Past in het gereserveerde budget van de wijk (budget kan tussen wijken worden verschoven).',
  },
  { id: 'three-residents', group: 'platform', text: 'Minstens drie bewoners van verschillende adressen doen mee.' },
  { id: 'free-and-open', group: 'platform', text: 'Gratis en open voor iedereen.' },
  { id: 'no-food-and-drink', group: 'platform', text: 'Geen eten en drinken.' },
  { id: 'no-costs-made', group: 'platform', text: 'Geen kosten die al gemaakt zijn.' },
] as const;
export type ConditionId = (typeof conditions)[number]['id'];
export const conditionIds = conditions.map((c) => c.id) as [ConditionId, ...ConditionId[]];

export const answerSchema = z.object({ answer: z.enum(['met', 'not-met', 'not-applicable']), note: z.string().trim().max(1000) }).strict();
export type Answer = z.infer<typeof answerSchema>;
export const assessmentSchema = z.object({
  answers: z.partialRecord(z.enum(conditionIds), answerSchema),
  /** Referral to the wijkwethouder or the college, when there was one. */
  referralNote: z.string().trim().max(2000),
});
export type Assessment = z.infer<typeof assessmentSchema>;

export type AssessmentProblem = 'unanswered' | 'not-met' | 'note-missing';

/** Why an initiative cannot be approved on this assessment, or null when it can. */
export function approvalProblem(assessment: Assessment | null): AssessmentProblem | null {
  if (!assessment) return 'unanswered';
  const answers = conditionIds.map((id) => assessment.answers[id]);
  if (answers.some((a) => a === undefined)) return 'unanswered';
  if (answers.some((a) => a?.answer === 'not-met')) return 'not-met';
  // "Not applicable" has to say why, so a later reader understands the decision.
  if (answers.some((a) => a?.answer === 'not-applicable' && !a.note)) return 'note-missing';
  return null;
}
