import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  emptyDraft,
  registrationProblems,
  registrationSteps,
  type RegistrationDraft,
  type RegistrationProblem,
  type RegistrationStep,
} from '../../../../core/initiative-registration';
import { businessDayOf } from '../../../../core/business-day';
import { formatEuroInput } from '../../../../core/money';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/nl';
import { useLoad } from '../use-load';
import { PhotosField } from '../../components/photos';
import { RegistrationStepFields } from './register-steps';

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
  const edits = initial?.edits ?? null;
  const [shown, setShown] = useState<Set<RegistrationStep>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [amounts, setAmounts] = useState<string[]>(data.budgetLines.map((l) => (l.amountCents > 0 ? formatEuroInput(l.amountCents) : '')));
  // Nothing is saved until the person changes something (opening a draft does not touch it).
  const [touched, setTouched] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const { draftId, saved, saveNow, throwAway } = useDraftSaving(initial?.id, { touched, step, data }, setNotice);

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
  const errorAt = (path: string) => (shown.has(step) || step === 'controle' ? problemText(problems.find((p) => p.path === path)) : null);
  const problemText = (p: RegistrationProblem | undefined) => (p ? t(`register.problem.${p.key}`) : null);
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
      const id = await saveNow({ step, data });
      if (!id) return;
      const made = await api.initiativesRegister({ draftId: id });
      void navigate(`/initiatieven/${made.initiativeId}`);
    } catch (error) {
      setNotice(messageFor(i18n, error));
    }
  };

  const discard = async () => {
    if (!window.confirm(t(edits ? 'register.discardEditConfirm' : 'register.discardConfirm'))) return;
    try {
      await throwAway();
      void navigate(edits ? `/initiatieven/${edits.initiativeId}` : '/initiatieven');
    } catch (error) {
      setNotice(messageFor(i18n, error));
    }
  };

  const photos = (
    <PhotosField
      // Changing a sent-back initiative: its photos are the initiative's, changed in place.
      owner={edits ? { kind: 'initiative', id: edits.initiativeId } : draftId ? { kind: 'draft', id: draftId } : null}
      ensureOwner={async () => {
        if (edits) return { kind: 'initiative', id: edits.initiativeId };
        const id = await saveNow({ step, data });
        return id ? { kind: 'draft', id } : null;
      }}
      purpose="idee"
      label={t('register.photos')}
    />
  );

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1} ref={headingRef}>
        {edits ? t('register.editTitle', { number: edits.number }) : t('register.title')}: {t(`register.step.${step}` as MessageKey)}
      </h1>
      {edits ? <p className="utrecht-paragraph">{t('register.editing')}</p> : null}
      <StepList current={step} />
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
        <RegistrationStepFields
          step={step}
          data={data}
          change={change}
          errorAt={errorAt}
          amounts={amounts}
          setAmounts={setAmounts}
          districts={districts}
          problems={problems}
          go={go}
          photos={photos}
        />
        <StepButtons
          step={step}
          editing={edits !== null}
          canSubmit={problems.length === 0 && draftId !== undefined}
          canDiscard={draftId !== undefined}
          onBack={() => go(registrationSteps[index - 1] ?? 'wat')}
          onDiscard={() => void discard()}
        />
      </form>
    </section>
  );
}

type DraftContent = { step: RegistrationStep; data: RegistrationDraft };

/**
 * The draft saves itself: half a second after the last change, one save after the other (the first one
 * makes the draft; the ones after it must name it), and once more when the screen is left. `saveNow`
 * saves what is on screen at once and answers the draft's id; `throwAway` deletes it for good.
 */
function useDraftSaving(initialId: string | undefined, current: DraftContent & { touched: boolean }, onError: (text: string) => void) {
  const i18n = useI18n();
  const navigate = useNavigate();
  const [draftId, setDraftId] = useState<string | undefined>(initialId);
  const [saved, setSaved] = useState<{ at: string; step: RegistrationStep } | null>(null);
  const latest = useRef<DraftContent | null>(null);
  const idRef = useRef<string | undefined>(initialId);
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
        onError(messageFor(i18n, error));
      }
    });
    return chain.current;
  }, [navigate, i18n, onError]);
  const { touched, step, data } = current;
  useEffect(() => {
    if (!touched) return;
    latest.current = { step, data };
    const timer = setTimeout(() => void flush(), 500);
    return () => clearTimeout(timer);
  }, [touched, step, data, flush]);
  useEffect(() => () => void flush(), [flush]);

  const saveNow = async (content: DraftContent): Promise<string | undefined> => {
    latest.current = content;
    await flush();
    return idRef.current;
  };
  const throwAway = async (): Promise<void> => {
    discarded.current = true;
    latest.current = null;
    await chain.current; // a save under way finishes first
    if (idRef.current) await api.initiativesDraftDelete({ id: idRef.current });
  };
  return { draftId, saved, saveNow, throwAway };
}

/** The steps of the form, the current one marked for sight and for screen readers. */
function StepList({ current }: { current: RegistrationStep }) {
  const { t } = useI18n();
  return (
    <ol className="steps" aria-label={t('register.steps')}>
      {registrationSteps.map((s, i) => (
        <li key={s} aria-current={s === current ? 'step' : undefined} className={s === current ? 'current' : undefined}>
          {i + 1}. {t(`register.step.${s}` as MessageKey)}
        </li>
      ))}
    </ol>
  );
}

/** Back, Next (or Submit on the last step) and Throw away. */
function StepButtons({
  step,
  editing,
  canSubmit,
  canDiscard,
  onBack,
  onDiscard,
}: {
  step: RegistrationStep;
  editing: boolean;
  canSubmit: boolean;
  canDiscard: boolean;
  onBack: () => void;
  onDiscard: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      {registrationSteps.indexOf(step) > 0 ? (
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onBack}>
          {t('register.back')}
        </button>
      ) : null}
      <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={step === 'controle' && !canSubmit}>
        {step === 'controle' ? (editing ? t('register.resubmit') : t('register.submit')) : t('register.next')}
      </button>
      {canDiscard ? (
        <button type="button" className="utrecht-button utrecht-button--subtle" onClick={onDiscard}>
          {t(editing ? 'register.discardEdit' : 'register.discard')}
        </button>
      ) : null}
    </div>
  );
}
