/** A wijkregisseur moves budget between districts; the ledger decides (docs/budget.md). */
import { useState } from 'react';
import { parseEuroInput } from '../../../../core/money';
import type { MonitorSnapshot } from '../../../../core/monitor';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';

export function TransferForm(props: { snapshot: MonitorSnapshot; year: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const districts = props.snapshot.areas.filter((a) => a.kind !== 'buurt');
  const [from, setFrom] = useState(districts[0]?.code ?? '');
  const [to, setTo] = useState(districts[1]?.code ?? '');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const select = (id: string, value: string, set: (v: string) => void) => (
    <select id={id} className="utrecht-select" value={value} onChange={(e) => set(e.target.value)}>
      {districts.map((d) => (
        <option key={d.code} value={d.code}>
          {d.name}
        </option>
      ))}
    </select>
  );
  return (
    <form
      className="panel"
      aria-label={t('monitor.transfer')}
      onSubmit={(e) => {
        e.preventDefault();
        const amountCents = parseEuroInput(amount);
        if (amountCents === null) {
          setNotice({ ok: false, text: t('monitor.transfer.amountInvalid') });
          return;
        }
        void api.budgetTransfer({ year: props.year, from, to, amountCents, reason }).then(
          () => {
            setNotice({ ok: true, text: t('monitor.transfer.sent') });
            setAmount('');
            setReason('');
          },
          (error: unknown) => setNotice({ ok: false, text: messageFor(i18n, error) }),
        );
      }}
    >
      <h3 className="utrecht-heading-3">{t('monitor.transfer')}</h3>
      <p className="utrecht-paragraph hint">{t('monitor.transfer.intro')}</p>
      <div className="monitor-choices">
        <div>
          <label className="utrecht-form-label" htmlFor="transfer-from">
            {t('monitor.transfer.from')}
          </label>{' '}
          {select('transfer-from', from, setFrom)}
        </div>
        <div>
          <label className="utrecht-form-label" htmlFor="transfer-to">
            {t('monitor.transfer.to')}
          </label>{' '}
          {select('transfer-to', to, setTo)}
        </div>
        <div>
          <label className="utrecht-form-label" htmlFor="transfer-amount">
            {t('monitor.transfer.amount')}
          </label>{' '}
          <input
            id="transfer-amount"
            className="utrecht-textbox"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
      </div>
      <label className="utrecht-form-label" htmlFor="transfer-reason">
        {t('monitor.transfer.reason')}
      </label>
      <input
        id="transfer-reason"
        className="utrecht-textbox wide"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <p>
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t('monitor.transfer.send')}
        </button>
      </p>
      {notice ? <Alert kind={notice.ok ? 'ok' : 'error'}>{notice.text}</Alert> : null}
    </form>
  );
}
