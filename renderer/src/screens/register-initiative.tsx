import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  emptyDraft,
  registrationProblems,
  registrationSteps,
  supportMethods,
  targetOf,
  type RegistrationDraft,
  type RegistrationStep,
} from '../../../core/initiative-registration';
import { themes } from '../../../core/initiative-status';
import { businessDayOf } from '../../../core/business-day';
import { formatEuro, formatEuroInput, parseEuroInput } from '../../../core/money';
import { api } from '../api-client';
import { Alert, CheckboxField, Field, SelectField, TextAreaField } from '../components/field';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { useLoad } from './use-load';
import { PhotosField } from '../components/photos';

/** Nieuw initiatief: load the draft named in the address (if any), then the form. */
export function RegisterInitiativeScreen() {
  // One route (nieuw/*) for a new and a resumed draft, and the id read once: when the first save puts
  // the new draft's id in the address, the form stays as it is (a remount would drop what is being typed).
  const params = useParams();
  const [draftId] = useState(() => params['*'] || undefined);
  const i18n = useI18n();
  const draft = useLoad(() => (draftId ? api.initiativesDraftGet({ id: draftId }) : Promise.resolve(null)), [draftId]);
  const districts = useLoad(() => api.districtsList({}));
  if (draft.error) return <Alert kind="error">{draft.error}</Alert>;
  if ((draftId && !draft.data) || !districts.data)
    return (
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {i18n.t('register.title')}
      </h1>
    );
  return (
    <RegisterForm
      key={draftId ?? 'new'}
      initial={draft.data ?? null}
      districts={districts.data.map((d): [string, string] => [d.code, d.name])}
    />
  );
}

type Initial = {
  id: string;
  step: RegistrationStep;
  data: RegistrationDraft;
  /** Set when the draft changes an initiative that was sent back. */
  edits: { initiativeId: string; number: number } | null;
} | null;

function RegisterForm({ initial, districts }: { initial: Initial; districts: [string, string][] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const [data, setData] = useState<RegistrationDraft>(initial?.data ?? emptyDraft());
  const [step, setStep] = useState<RegistrationStep>(initial?.step ?? 'wat');
  const [draftId, setDraftId] = useState<string | undefined>(initial?.id);
  const edits = initial?.edits ?? null;
  const [shown, setShown] = useState<Set<RegistrationStep>>(new Set());
  const [saved, setSaved] = useState<{ at: string; step: RegistrationStep } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [amounts, setAmounts] = useState<string[]>(data.budgetLines.map((l) => (l.amountCents > 0 ? formatEuroInput(l.amountCents) : '')));
  // Nothing is saved until the person changes something (opening a draft does not touch it).
  const [touched, setTouched] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Saved continuously: half a second after the last change, one save after the other (the first one
  // makes the draft; the ones after it must name it), and once more when the screen is left.
  const latest = useRef<{ step: RegistrationStep; data: RegistrationDraft } | null>(null);
  const idRef = useRef<string | undefined>(initial?.id);
  const chain = useRef<Promise<void>>(Promise.resolve());
  // Once thrown away, nothing may save it again (the last save on leaving would bring it back).
  const discarded = useRef(false);
  const flush = useCallback((): Promise<void> => {
    const content = latest.current;
    if (!content || discarded.current) return chain.current;
    latest.current = null;
    chain.current = chain.current.then(async () => {
      const isNew = !idRef.current;
      try {
        const saved = await api.initiativesDraftSave({ ...(idRef.current ? { id: idRef.current } : {}), ...content });
        idRef.current = saved.id;
        setSaved({ at: saved.updatedAt, step: content.step });
        if (isNew) {
          setDraftId(saved.id);
          void navigate(`/initiatieven/nieuw/${saved.id}`, { replace: true, state: { keepFocus: true } });
        }
      } catch (error) {
        setNotice(messageFor(i18n, error));
      }
    });
    return chain.current;
  }, [navigate, i18n]);
  useEffect(() => {
    if (!touched) return;
    latest.current = { step, data };
    const timer = setTimeout(() => void flush(), 500);
    return () => clearTimeout(timer);
  }, [touched, step, data, flush]);
  useEffect(() => () => void flush(), [flush]);

  const change = (patch: Partial<RegistrationDraft>) => {
    setTouched(true);
    setData((d) => ({ ...d, ...patch }));
  };
  // The same rules as the service (core), checked as the person types; the service checks again on submit.
  const problems = registrationProblems(
    data,
    businessDayOf(new Date()),
    districts.map(([code]) => code),
  );
  const errorAt = (path: string) =>
    shown.has(step) || step === 'controle' ? (problems.find((p) => p.path === path)?.message ?? null) : null;
  const stepProblems = problems.filter((p) => p.step === step);
  const index = registrationSteps.indexOf(step);

  const go = (to: RegistrationStep) => {
    setTouched(true);
    setStep(to);
    headingRef.current?.focus();
  };
  const next = () => {
    if (stepProblems.length > 0) {
      setShown(new Set(shown).add(step));
      // Focus the first field with a problem: its message is right next to it.
      setTimeout(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus(), 0);
      return;
    }
    const to = registrationSteps[index + 1];
    if (to) go(to);
  };
  const submit = async () => {
    try {
      // Save the last keystrokes first, then submit.
      latest.current = { step, data };
      await flush();
      if (!idRef.current) return;
      const made = await api.initiativesRegister({ draftId: idRef.current });
      void navigate(`/initiatieven/${made.initiativeId}`);
    } catch (error) {
      setNotice(messageFor(i18n, error));
    }
  };

  const discard = async () => {
    if (!window.confirm(t(edits ? 'register.discardEditConfirm' : 'register.discardConfirm'))) return;
    discarded.current = true;
    latest.current = null;
    try {
      await chain.current; // a save under way finishes first
      if (idRef.current) await api.initiativesDraftDelete({ id: idRef.current });
      void navigate(edits ? `/initiatieven/${edits.initiativeId}` : '/initiatieven');
    } catch (error) {
      setNotice(messageFor(i18n, error));
    }
  };

  const person = (
    path: string,
    p: RegistrationDraft['coOrganisers'][number],
    set: (p: RegistrationDraft['coOrganisers'][number]) => void,
  ) => (
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

  const steps: Record<RegistrationStep, ReactNode> = {
    wat: (
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
        <PhotosField
          // Changing a sent-back initiative: its photos are the initiative's, changed in place.
          owner={edits ? { kind: 'initiative', id: edits.initiativeId } : draftId ? { kind: 'draft', id: draftId } : null}
          ensureOwner={async () => {
            if (edits) return { kind: 'initiative', id: edits.initiativeId };
            latest.current = { step, data };
            await flush();
            return idRef.current ? { kind: 'draft', id: idRef.current } : null;
          }}
          purpose="idee"
          label={t('register.photos')}
        />
      </>
    ),
    waar: (
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
    ),
    geld: (
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
    ),
    wie: (
      <>
        <fieldset className="panel">
          <legend>{t('register.initiator')}</legend>
          {person('initiator', data.initiator, (p) => change({ initiator: { ...data.initiator, ...p } }))}
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
            {person(`coOrganisers.${i}`, co, (p) => change({ coOrganisers: data.coOrganisers.map((c, j) => (j === i ? p : c)) }))}
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
    ),
    hulp: (
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
    ),
    draagvlak: (
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
    ),
    planning: (
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
    ),
    controle: (
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
    ),
  };

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1} ref={headingRef}>
        {edits ? t('register.editTitle', { number: edits.number }) : t('register.title')}: {t(`register.step.${step}` as MessageKey)}
      </h1>
      {edits ? <p className="utrecht-paragraph">{t('register.editing')}</p> : null}
      <ol className="steps" aria-label={t('register.steps')}>
        {registrationSteps.map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined} className={s === step ? 'current' : undefined}>
            {i + 1}. {t(`register.step.${s}` as MessageKey)}
          </li>
        ))}
      </ol>
      {notice ? <Alert kind="error">{notice}</Alert> : null}
      <p className="utrecht-paragraph hint" role="status" data-testid="register-saved" data-saved-step={saved?.step}>
        {saved ? t('register.saved', { time: i18n.formatDateTime(saved.at) }) : t('register.savesItself')}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'controle') void submit();
          else next();
        }}
      >
        {steps[step]}
        <div className="button-row">
          {index > 0 ? (
            <button
              type="button"
              className="utrecht-button utrecht-button--secondary-action"
              onClick={() => go(registrationSteps[index - 1] ?? 'wat')}
            >
              {t('register.back')}
            </button>
          ) : null}
          <button
            type="submit"
            className="utrecht-button utrecht-button--primary-action"
            disabled={step === 'controle' && (problems.length > 0 || !draftId)}
          >
            {step === 'controle' ? (edits ? t('register.resubmit') : t('register.submit')) : t('register.next')}
          </button>
          {draftId ? (
            <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => void discard()}>
              {t(edits ? 'register.discardEdit' : 'register.discard')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
