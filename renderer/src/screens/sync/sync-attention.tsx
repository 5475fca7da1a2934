import { useId, useState, type FormEvent } from 'react';
import type { AttentionView } from '../../../../core/api/contract-sync';
import { formatEuro } from '../../../../core/money';
import { api } from '../../api-client';
import { Field, SelectField } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n, type I18n } from '../../i18n';
import type { MessageKey } from '../../i18n/nl';
import { nl } from '../../i18n/nl';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** A flag of the ledger in plain words; an unknown (newer) flag is shown as the ledger wrote it. */
function flagText(t: I18n['t'], flag: string): string {
  const key = `sync.flag.${flag}`;
  return key in nl ? t(key as MessageKey) : flag;
}

const BUDGET_REFUSALS = ['same-district', 'amount', 'reason', 'unknown-district', 'no-room'] as const;

function reasonText(t: I18n['t'], reason: string | null, outcome: string, type: string): string | null {
  if (!reason) return null;
  // A refused budget transfer: the rule of the account it broke, in words.
  const refusal = BUDGET_REFUSALS.find((r) => r === reason);
  if (type === 'budget.transferred' && refusal) return t(`sync.attention.budget.${refusal}`);
  // A pending donation's reason is its flags, joined by the ledger.
  return outcome === 'pending'
    ? reason
        .split(', ')
        .map((f) => flagText(t, f))
        .join('; ')
    : reason;
}

/** "Vraagt aandacht": every answer of the ledger other than accepted or duplicate, with what, why and what to do. */
export function AttentionList({
  view,
  mayHandle,
  onChanged,
  setNotice,
}: {
  view: AttentionView;
  mayHandle: boolean;
  onChanged: (next: AttentionView) => void;
  setNotice: (n: Notice) => void;
}) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const headingId = useId();
  const open = view.items.filter((i) => !i.handledAt);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('sync.attention.title')}
      </h2>
      <p className="utrecht-paragraph">{t('sync.attention.intro')}</p>
      {open.length === 0 ? <p className="utrecht-paragraph">{t('sync.attention.none')}</p> : null}
      <ul className="plain-list">
        {open.map((item) => {
          const subject = item.maskedCode ?? (item.initiative ? `#${item.initiative.number} ${item.initiative.title}` : null);
          const why = reasonText(t, item.reason, item.outcome, item.type);
          return (
            <li key={item.seq} className="panel" data-testid="sync-attention">
              <p className="utrecht-paragraph">
                <strong>
                  {item.type === 'donation.recorded'
                    ? t('sync.attention.type.donation')
                    : item.type === 'budget.transferred'
                      ? t('sync.attention.type.budget')
                      : t('sync.attention.type.other', { type: item.type })}
                </strong>{' '}
                — {formatDateTime(item.createdAt)}
              </p>
              <p className="utrecht-paragraph">{t(`sync.attention.what.${item.outcome}`)}</p>
              {subject ? <p className="utrecht-paragraph">{t('sync.attention.about', { subject })}</p> : null}
              {why ? <p className="utrecht-paragraph">{t('sync.attention.why', { reason: why })}</p> : null}
              <p className="utrecht-paragraph">{t(`sync.attention.todo.${item.outcome}`)}</p>
              {mayHandle ? (
                <button
                  type="button"
                  className="utrecht-button utrecht-button--secondary-action"
                  aria-label={`${t('sync.attention.handled')}: ${subject ?? item.type}`}
                  onClick={() =>
                    void api
                      .syncHandled({ seq: item.seq })
                      .then(onChanged)
                      .catch((error: unknown) => setNotice({ kind: 'error', text: messageFor(i18n, error) }))
                  }
                >
                  {t('sync.attention.handled')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Donations the ledger holds as pending, from any device; a wijkregisseur decides them. */
export function ReviewList({
  view,
  mayDecide,
  onChanged,
  setNotice,
}: {
  view: AttentionView;
  mayDecide: boolean;
  onChanged: (next: AttentionView) => void;
  setNotice: (n: Notice) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('sync.reviews.title')}
      </h2>
      <p className="utrecht-paragraph">{t('sync.reviews.intro')}</p>
      {view.reviews.length === 0 ? <p className="utrecht-paragraph">{t('sync.reviews.none')}</p> : null}
      <ul className="plain-list">
        {view.reviews.map((r) => (
          <li key={r.redemptionId} className="panel" data-testid="sync-review">
            <p className="utrecht-paragraph">
              <strong>{r.maskedCode ?? t('sync.reviews.elsewhere')}</strong> — {formatEuro(r.valueCents)} — {formatDateTime(r.at)}
              {r.ours ? ` — ${t('sync.reviews.here')}` : ''}
            </p>
            <p className="utrecht-paragraph">
              {r.initiatives.map((i) => (i.number !== null ? `#${i.number} ${i.title ?? ''}` : '?')).join(', ')}
            </p>
            <p className="utrecht-paragraph">{t('sync.attention.why', { reason: r.flags.map((f) => flagText(t, f)).join('; ') })}</p>
            <p className="utrecht-paragraph" data-testid="sync-review-state">
              {t(`sync.reviews.state.${r.state}`)}
              {r.note ? ` — ${r.note}` : ''}
            </p>
            {r.state === 'pending' && r.decisionSent ? <p className="utrecht-paragraph hint">{t('sync.reviews.sent')}</p> : null}
            {r.state === 'pending' && !r.decisionSent && mayDecide ? (
              <DecideForm redemptionId={r.redemptionId} onChanged={onChanged} setNotice={setNotice} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DecideForm({
  redemptionId,
  onChanged,
  setNotice,
}: {
  redemptionId: string;
  onChanged: (next: AttentionView) => void;
  setNotice: (n: Notice) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [decision, setDecision] = useState<'confirm' | 'reject'>('confirm');
  const [note, setNote] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onChanged(await api.syncDecide({ redemptionId, decision, note }));
      setNotice({ kind: 'ok', text: t('sync.reviews.decided') });
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <SelectField
        label={t('sync.reviews.decision')}
        value={decision}
        onChange={(v) => setDecision(v === 'reject' ? 'reject' : 'confirm')}
        options={[
          ['confirm', t('sync.reviews.confirm')],
          ['reject', t('sync.reviews.reject')],
        ]}
      />
      <Field label={t('sync.reviews.note')} value={note} onChange={(e) => setNote(e.target.value)} required />
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        {t('sync.reviews.save')}
      </button>
    </form>
  );
}

/** Revoked devices and what the ledger withheld from them (the lost-device report). */
export function DeviceReports({ view }: { view: AttentionView }) {
  const { t, formatDateTime } = useI18n();
  const headingId = useId();
  if (view.devices.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('sync.devices.title')}
      </h2>
      <p className="utrecht-paragraph">{t('sync.devices.intro')}</p>
      <ul className="plain-list">
        {view.devices.map((d) => (
          <li key={d.deviceId} className="panel" data-testid="sync-device-report">
            <p className="utrecht-paragraph">
              <strong>{d.name}</strong> — {d.servicePoint} —{' '}
              {d.revokedAt ? t('sync.devices.revokedAt', { at: formatDateTime(d.revokedAt) }) : t('sync.devices.back')}
            </p>
            {d.lastSeenAt ? <p className="utrecht-paragraph">{t('sync.devices.lastSeen', { at: formatDateTime(d.lastSeenAt) })}</p> : null}
            <p className="utrecht-paragraph">
              {t('sync.devices.withheld', {
                donations: d.withheld.donations,
                amount: formatEuro(d.withheld.cents),
                events: d.withheld.events,
              })}
            </p>
            {d.withheld.initiatives.length > 0 ? (
              <ul>
                {d.withheld.initiatives.map((i, n) => (
                  <li key={n}>
                    {i.number !== null ? `#${i.number} ${i.title ?? ''}` : '?'}: {i.donations} × — {formatEuro(i.cents)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
