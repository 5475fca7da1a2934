import { useCallback, useEffect, useRef, useState } from 'react';
import type { Intake } from '../../../../core/api/contract-counter';
import type { InitiativeSummary } from '../../../../core/api/contract-reference';
import { formatEuro } from '../../../../core/money';
import { api } from '../../api-client';
import { Alert, SelectField } from '../../components/field';
import { intakeHeldBy, messageFor } from '../../errors';
import { useI18n, type I18n } from '../../i18n';
import type { MessageKey } from '../../i18n/nl';
import { playSignal, prepareSignals } from '../../sound';
import { CodeInput } from './code-input';
import { ReprintButton } from '../../components/reprint-button';

type Summary = Omit<Intake, 'items'>;

export function outcomeText(i18n: I18n, outcome: string): string {
  const key = outcome.startsWith('invalid:') ? 'bulk.outcome.invalid' : `bulk.outcome.${outcome}`;
  return i18n.t(key as MessageKey);
}

/**
 * Bulk intake at scanner speed: every Enter queues the code and clears the field at once, and the
 * queue is worked off one code at a time, so a burst of scans never loses or reorders a code.
 */
export function BulkIntake() {
  const i18n = useI18n();
  const { t, tn } = i18n;
  const [initiatives, setInitiatives] = useState<InitiativeSummary[]>([]);
  const [openIntakes, setOpenIntakes] = useState<Summary[]>([]);
  const [choice, setChoice] = useState('');
  const [intake, setIntake] = useState<Intake | null>(null);
  const [finished, setFinished] = useState<Intake | null>(null);
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(0);
  const [flash, setFlash] = useState<'ok' | 'refused' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // A colleague's intake that holds the chosen initiative on this device: they finish it, or this clerk does for them.
  const [heldBy, setHeldBy] = useState<ReturnType<typeof intakeHeldBy>>(null);
  const finishForColleagueButton = useRef<HTMLButtonElement>(null);
  // Told that a colleague has it open, the clerk's next key press is on what they can do about it.
  useEffect(() => {
    if (heldBy) finishForColleagueButton.current?.focus();
  }, [heldBy]);
  const queue = useRef<string[]>([]);
  const working = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  const loadStart = useCallback(() => {
    void api.initiativesList({ status: 'spaarfase' }).then(setInitiatives, (e: unknown) => setFailure(messageFor(i18n, e)));
    void api.intakesListOpen({}).then(setOpenIntakes, () => undefined);
  }, [i18n]);
  useEffect(loadStart, [loadStart]);
  useEffect(prepareSignals, []);

  /**
   * Works the queue off. Whatever queued up while the previous call ran goes in the next call as one
   * batch (one transaction, one disk sync); a failed batch goes back to the front of the queue.
   */
  const pump = async (intakeId: string) => {
    if (working.current) return;
    working.current = true;
    try {
      while (queue.current.length > 0) {
        const batch = queue.current.splice(0, 50);
        setPending(queue.current.length + batch.length);
        try {
          const result = await api.intakesScan({ intakeId, codes: batch });
          const allAccepted = result.items.every((item) => item.accepted);
          playSignal(allAccepted ? 'ok' : 'refused');
          setFlash(allAccepted ? 'ok' : 'refused');
          setIntake((current) => (current ? { ...current, ...result.intake, items: [...current.items, ...result.items] } : current));
        } catch (error) {
          queue.current.unshift(...batch);
          setFailure(messageFor(i18n, error));
          return;
        }
      }
    } finally {
      working.current = false;
      setPending(queue.current.length);
    }
  };

  const submit = () => {
    if (!intake || code.trim() === '') return;
    queue.current.push(code);
    setCode('');
    void pump(intake.id);
  };

  const start = async (initiativeId: string) => {
    setHeldBy(null);
    try {
      setIntake(await api.intakesStart({ initiativeId }));
      setFinished(null);
      setFailure(null);
    } catch (error) {
      setFailure(messageFor(i18n, error));
      setHeldBy(intakeHeldBy(error));
    }
  };
  const finishForColleague = async (intakeId: string) => {
    try {
      setFinished(await api.intakesFinish({ intakeId, ofColleague: true }));
      setHeldBy(null);
      setFailure(null);
    } catch (error) {
      setFailure(messageFor(i18n, error));
    }
  };
  const resume = async (intakeId: string) => {
    try {
      setIntake(await api.intakesGet({ intakeId }));
    } catch (error) {
      setFailure(messageFor(i18n, error));
    }
  };
  const finish = async () => {
    if (!intake || pending > 0) return;
    try {
      setFinished(await api.intakesFinish({ intakeId: intake.id }));
      setIntake(null);
    } catch (error) {
      setFailure(messageFor(i18n, error));
    }
  };

  if (finished) {
    return (
      <div data-testid="intake-summary">
        <h2 className="utrecht-heading-2">{t('bulk.summary')}</h2>
        <Alert kind="ok">{t('bulk.receiptQueued')}</Alert>
        <IntakeTotals i18n={i18n} summary={finished} />
        <ReprintButton kind="intake" refId={finished.id} />
        <ItemLists i18n={i18n} intake={finished} />
        <button
          type="button"
          className="utrecht-button utrecht-button--primary-action"
          onClick={() => {
            setFinished(null);
            loadStart();
          }}
        >
          {t('bulk.new')}
        </button>
      </div>
    );
  }

  if (intake) {
    return (
      <div className={flash ? `intake flash-${flash}` : 'intake'} onAnimationEnd={() => setFlash(null)}>
        <h2 className="utrecht-heading-2">{t('bulk.for', { title: `${intake.initiative.number} · ${intake.initiative.title}` })}</h2>
        {failure ? <Alert kind="error">{failure}</Alert> : null}
        {failure && pending > 0 ? (
          <button
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            onClick={() => {
              setFailure(null);
              void pump(intake.id);
            }}
          >
            {t('bulk.retry')}
          </button>
        ) : null}
        <CodeInput ref={input} value={code} onChange={setCode} onSubmit={submit} buttonLabel={t('redeem.checkButton')} />
        <IntakeTotals i18n={i18n} summary={intake} />
        {pending > 0 ? <p className="hint">{tn('bulk.waiting', pending)}</p> : null}
        <ItemLists i18n={i18n} intake={intake} />
        <button
          type="button"
          className="utrecht-button utrecht-button--primary-action"
          onClick={() => void finish()}
          disabled={pending > 0}
        >
          {t('bulk.finish')}
        </button>
      </div>
    );
  }

  return (
    <div>
      <p className="utrecht-paragraph">{t('bulk.intro')}</p>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      {heldBy ? (
        <button
          ref={finishForColleagueButton}
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => void finishForColleague(heldBy.intakeId)}
        >
          {t('bulk.finishForColleague', { name: heldBy.staffName })}
        </button>
      ) : null}
      {openIntakes.length > 0 ? (
        <div className="panel">
          <h2 className="utrecht-heading-2">{t('bulk.open')}</h2>
          <ul className="plain-list">
            {openIntakes.map((o) => (
              <li key={o.id}>
                <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void resume(o.id)}>
                  {t('bulk.resume', { title: `${o.initiative.number} · ${o.initiative.title}` })} — {tn('bulk.accepted', o.acceptedCount)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <SelectField
        label={t('bulk.initiative')}
        value={choice}
        onChange={(value) => {
          setChoice(value);
          setHeldBy(null);
        }}
        options={[['', t('bulk.choose')], ...initiatives.map((i): [string, string] => [i.id, `${i.number} · ${i.title}`])]}
      />
      <button type="button" className="utrecht-button utrecht-button--primary-action" disabled={!choice} onClick={() => void start(choice)}>
        {t('bulk.start')}
      </button>
    </div>
  );
}

function IntakeTotals({ i18n, summary }: { i18n: I18n; summary: Summary }) {
  return (
    <p className="intake-totals" role="status" data-testid="intake-totals">
      <strong>{i18n.tn('bulk.accepted', summary.acceptedCount)}</strong> · {i18n.t('bulk.total', { total: formatEuro(summary.totalCents) })}{' '}
      · {i18n.tn('bulk.rejected', summary.rejectedCount)}
    </p>
  );
}

function ItemLists({ i18n, intake }: { i18n: I18n; intake: Intake }) {
  const accepted = intake.items.filter((i) => i.accepted);
  const rejected = intake.items.filter((i) => !i.accepted);
  return (
    <div className="intake-lists">
      <section aria-labelledby="rejected-title" className="rejected">
        <h3 className="utrecht-heading-3" id="rejected-title">
          {i18n.t('bulk.rejectedList')}
        </h3>
        <ol data-testid="rejected-list">
          {rejected.map((i) => (
            <li key={i.itemNo}>
              {i18n.t('bulk.paper', { n: i.itemNo })}: <span className="code">{i.masked}</span> — {outcomeText(i18n, i.outcome)}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="accepted-title" className="accepted">
        <h3 className="utrecht-heading-3" id="accepted-title">
          {i18n.t('bulk.acceptedList')}
        </h3>
        <ol data-testid="accepted-list">
          {accepted
            .slice(-50)
            .reverse()
            .map((i) => (
              <li key={i.itemNo}>
                {i18n.t('bulk.paper', { n: i.itemNo })}: <span className="code">{i.masked}</span>
              </li>
            ))}
        </ol>
      </section>
    </div>
  );
}
