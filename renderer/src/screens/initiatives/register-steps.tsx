import type { ReactNode } from 'react';
import {
  supportMethods,
  targetOf,
  type RegistrationDraft,
  type RegistrationProblem,
  type RegistrationStep,
} from '../../../../core/initiative-registration';
import { themes } from '../../../../core/initiative-status';
import { formatEuro, parseEuroInput } from '../../../../core/money';
import { Alert, CheckboxField, Field, SelectField, TextAreaField } from '../../components/field';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/nl';

export interface StepFieldsProps {
  step: RegistrationStep;
  data: RegistrationDraft;
  change: (patch: Partial<RegistrationDraft>) => void;
  /** The problem to show at a field (null while the step has not been tried yet). */
  errorAt: (path: string) => string | null;
  /** The budget amounts as typed (the draft holds cents). */
  amounts: string[];
  setAmounts: (amounts: string[]) => void;
  districts: [string, string][];
  problems: RegistrationProblem[];
  go: (step: RegistrationStep) => void;
  /** The photo field of the first step (it saves the draft first, so it lives with the form). */
  photos: ReactNode;
}

/** The fields of one step of Nieuw initiatief (the form around it saves, checks and moves between steps). */
export function RegistrationStepFields(props: StepFieldsProps) {
  const Step = stepComponents[props.step];
  return <Step {...props} />;
}

function WhatStep({ data, change, errorAt, photos }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <Field
        label={t('register.titleField')}
        value={data.title}
        onChange={(e) => change({ title: e.target.value })}
        error={errorAt('title')}
        autoComplete="off"
      />
      <Field
        label={t('register.summary')}
        hint={t('register.summaryHint')}
        value={data.summary}
        onChange={(e) => change({ summary: e.target.value })}
        error={errorAt('summary')}
        autoComplete="off"
      />
      <TextAreaField
        label={t('register.description')}
        value={data.description}
        onChange={(v) => change({ description: v })}
        error={errorAt('description')}
      />
      <SelectField
        label={t('register.theme')}
        value={data.theme}
        onChange={(v) => change({ theme: v as RegistrationDraft['theme'] })}
        options={[['', t('register.choose')], ...themes.map((th): [string, string] => [th, t(`theme.${th}` as MessageKey)])]}
        error={errorAt('theme')}
      />
      {photos}
    </>
  );
}

function WhereStep({ data, change, errorAt, districts }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <SelectField
        label={t('register.district')}
        value={data.districtCode}
        onChange={(v) => change({ districtCode: v })}
        options={[['', t('register.choose')], ...districts]}
        error={errorAt('districtCode')}
      />
      <Field label={t('register.buurt')} value={data.buurt} onChange={(e) => change({ buurt: e.target.value })} autoComplete="off" />
      <Field
        label={t('register.location')}
        value={data.location}
        onChange={(e) => change({ location: e.target.value })}
        error={errorAt('location')}
        autoComplete="off"
      />
    </>
  );
}

function MoneyStep({ data, change, errorAt, amounts, setAmounts }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <p className="utrecht-paragraph">{t('register.budgetIntro')}</p>
      {data.budgetLines.map((line, i) => (
        <div className="field-row" key={i}>
          <Field
            label={t('register.budgetItem', { n: i + 1 })}
            value={line.item}
            onChange={(e) => change({ budgetLines: data.budgetLines.map((l, j) => (j === i ? { ...l, item: e.target.value } : l)) })}
            error={errorAt(`budgetLines.${i}.item`)}
            autoComplete="off"
          />
          <Field
            label={t('register.budgetAmount', { n: i + 1 })}
            inputMode="decimal"
            value={amounts[i] ?? ''}
            onChange={(e) => {
              setAmounts(amounts.map((a, j) => (j === i ? e.target.value : a)));
              const cents = parseEuroInput(e.target.value) ?? 0;
              change({ budgetLines: data.budgetLines.map((l, j) => (j === i ? { ...l, amountCents: cents } : l)) });
            }}
            error={errorAt(`budgetLines.${i}.amountCents`)}
            autoComplete="off"
          />
          {data.budgetLines.length > 1 ? (
            <button
              type="button"
              className="utrecht-button utrecht-button--subtle"
              onClick={() => {
                setAmounts(amounts.filter((_, j) => j !== i));
                change({ budgetLines: data.budgetLines.filter((_, j) => j !== i) });
              }}
            >
              {t('register.removeLine', { n: i + 1 })}
            </button>
          ) : null}
        </div>
      ))}
      <div className="button-row">
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => {
            setAmounts([...amounts, '']);
            change({ budgetLines: [...data.budgetLines, { item: '', amountCents: 0 }] });
          }}
        >
          {t('register.addLine')}
        </button>
      </div>
      <p className="utrecht-paragraph" data-testid="register-target" aria-live="polite">
        {t('register.target', { amount: formatEuro(targetOf(data)) })}
      </p>
      {errorAt('budgetLines') ? <Alert kind="error">{errorAt('budgetLines')}</Alert> : null}
      <SelectField
        label={t('register.structural')}
        value={data.structuralCosts}
        onChange={(v) => change({ structuralCosts: v as RegistrationDraft['structuralCosts'] })}
        options={[
          ['', t('register.choose')],
          ['nee', t('register.no')],
          ['ja', t('register.yes')],
        ]}
        error={errorAt('structuralCosts')}
      />
      {data.structuralCosts === 'ja' ? (
        <Field
          label={t('register.structuralBy')}
          value={data.structuralCostsBy}
          onChange={(e) => change({ structuralCostsBy: e.target.value })}
          error={errorAt('structuralCostsBy')}
          autoComplete="off"
        />
      ) : null}
    </>
  );
}

function WhoStep({ data, change, errorAt }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <fieldset className="panel">
        <legend>{t('register.initiator')}</legend>
        <PersonFields
          path={'initiator'}
          person={data.initiator}
          set={(p) => change({ initiator: { ...data.initiator, ...p } })}
          errorAt={errorAt}
        />
        <Field
          label={t('register.phone')}
          type="tel"
          value={data.initiator.phone}
          onChange={(e) => change({ initiator: { ...data.initiator, phone: e.target.value } })}
          error={errorAt('initiator.phone')}
          autoComplete="off"
        />
        <Field
          label={t('register.email')}
          type="email"
          value={data.initiator.email}
          onChange={(e) => change({ initiator: { ...data.initiator, email: e.target.value } })}
          error={errorAt('initiator.email')}
          autoComplete="off"
        />
      </fieldset>
      {data.coOrganisers.map((co, i) => (
        <fieldset className="panel" key={i}>
          <legend>{t('register.coOrganiser', { n: i + 1 })}</legend>
          <PersonFields
            path={`coOrganisers.${i}`}
            person={co}
            set={(p) => change({ coOrganisers: data.coOrganisers.map((c, j) => (j === i ? p : c)) })}
            errorAt={errorAt}
          />
          <button
            type="button"
            className="utrecht-button utrecht-button--subtle"
            onClick={() => change({ coOrganisers: data.coOrganisers.filter((_, j) => j !== i) })}
          >
            {t('register.removeCoOrganiser', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <div className="button-row">
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() =>
            change({ coOrganisers: [...data.coOrganisers, { name: '', address: { postcode: '', houseNumber: '', addition: '' } }] })
          }
        >
          {t('register.addCoOrganiser')}
        </button>
      </div>
      <CheckboxField
        label={t('register.consent')}
        checked={data.consent}
        onChange={(v) => change({ consent: v })}
        error={errorAt('consent')}
      />
    </>
  );
}

function HelpStep({ data, change, errorAt }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <Field
        label={t('register.volunteers')}
        type="number"
        min={0}
        value={String(data.volunteersNeeded)}
        onChange={(e) => change({ volunteersNeeded: Math.max(0, Math.min(500, Number(e.target.value) || 0)) })}
      />
      <Field
        label={t('register.tasks')}
        value={data.volunteerTasks}
        onChange={(e) => change({ volunteerTasks: e.target.value })}
        error={errorAt('volunteerTasks')}
        autoComplete="off"
      />
      <Field
        label={t('register.materials')}
        value={data.materialsWanted}
        onChange={(e) => change({ materialsWanted: e.target.value })}
        autoComplete="off"
      />
    </>
  );
}

function SupportStep({ data, change, errorAt }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <SelectField
        label={t('register.supportMethod')}
        value={data.supportMethod}
        onChange={(v) => change({ supportMethod: v as RegistrationDraft['supportMethod'] })}
        options={[
          ['', t('register.choose')],
          ...supportMethods.map((m): [string, string] => [m, t(`register.support.${m}` as MessageKey)]),
        ]}
        error={errorAt('supportMethod')}
      />
      <Field
        label={t('register.supportDescription')}
        value={data.supportDescription}
        onChange={(e) => change({ supportDescription: e.target.value })}
        error={errorAt('supportDescription')}
        autoComplete="off"
      />
      <CheckboxField label={t('register.publicSpace')} checked={data.publicSpace} onChange={(v) => change({ publicSpace: v })} />
      {data.publicSpace ? (
        <Field
          label={t('register.percentage')}
          type="number"
          min={0}
          max={100}
          value={data.supportPercentage === null ? '' : String(data.supportPercentage)}
          onChange={(e) =>
            change({ supportPercentage: e.target.value === '' ? null : Math.max(0, Math.min(100, Number(e.target.value) || 0)) })
          }
          error={errorAt('supportPercentage')}
        />
      ) : null}
    </>
  );
}

function PlanningStep({ data, change, errorAt }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <Field
        label={t('register.deadline')}
        type="date"
        value={data.deadline}
        onChange={(e) => change({ deadline: e.target.value })}
        error={errorAt('deadline')}
      />
      <Field
        label={t('register.executionDate')}
        type="date"
        value={data.executionDate}
        onChange={(e) => change({ executionDate: e.target.value })}
        error={errorAt('executionDate')}
      />
    </>
  );
}

function CheckStep({ data, districts, problems, go }: StepFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <dl className="facts" data-testid="register-summary">
        <dt>{t('register.titleField')}</dt>
        <dd>{data.title}</dd>
        <dt>{t('register.district')}</dt>
        <dd>{districts.find(([c]) => c === data.districtCode)?.[1] ?? ''}</dd>
        <dt>{t('register.targetLabel')}</dt>
        <dd>{formatEuro(targetOf(data))}</dd>
        <dt>{t('register.organisers')}</dt>
        <dd>{1 + data.coOrganisers.length}</dd>
        <dt>{t('register.deadline')}</dt>
        <dd>{data.deadline}</dd>
      </dl>
      {problems.length > 0 ? (
        <Alert kind="error">
          {t('register.stillToDo')}
          <ul>
            {problems.map((p) => (
              <li key={p.path + p.message}>
                <button type="button" className="utrecht-link-button utrecht-link-button--html-button" onClick={() => go(p.step)}>
                  {t(`register.step.${p.step}` as MessageKey)}
                </button>
                : {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : (
        <p className="utrecht-paragraph">{t('register.ready')}</p>
      )}
    </>
  );
}

const stepComponents: Record<RegistrationStep, (props: StepFieldsProps) => ReactNode> = {
  wat: WhatStep,
  waar: WhereStep,
  geld: MoneyStep,
  wie: WhoStep,
  hulp: HelpStep,
  draagvlak: SupportStep,
  planning: PlanningStep,
  controle: CheckStep,
};

type Person = RegistrationDraft['coOrganisers'][number];

/** Name and address of the initiator or a co-organiser (the same fields for both). */
function PersonFields({
  path,
  person: p,
  set,
  errorAt,
}: {
  path: string;
  person: Person;
  set: (p: Person) => void;
  errorAt: StepFieldsProps['errorAt'];
}) {
  const { t } = useI18n();
  return (
    <>
      <Field
        label={t('register.name')}
        value={p.name}
        onChange={(e) => set({ ...p, name: e.target.value })}
        error={errorAt(`${path}.name`)}
        autoComplete="off"
      />
      <div className="field-row">
        <Field
          label={t('register.postcode')}
          value={p.address.postcode}
          onChange={(e) => set({ ...p, address: { ...p.address, postcode: e.target.value } })}
          error={errorAt(`${path}.address`)}
          autoComplete="off"
        />
        <Field
          label={t('register.houseNumber')}
          value={p.address.houseNumber}
          inputMode="numeric"
          onChange={(e) => set({ ...p, address: { ...p.address, houseNumber: e.target.value } })}
          autoComplete="off"
        />
        <Field
          label={t('register.addition')}
          value={p.address.addition}
          onChange={(e) => set({ ...p, address: { ...p.address, addition: e.target.value } })}
          autoComplete="off"
        />
      </div>
    </>
  );
}
