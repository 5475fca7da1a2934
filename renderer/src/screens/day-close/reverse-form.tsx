import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Redemption } from '../../../../core/api/contract-counter';
import { api, ApiCallError } from '../../api-client';
import { Alert, Field, PinField, SelectField } from '../../components/field';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';

/** Reverse a donation: a reason, and a wijkregisseur who approves it with their own PIN, on the spot. */
export function ReverseForm({
  redemption,
  onDone,
  onCancel,
}: {
  redemption: Redemption;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [approvers, setApprovers] = useState<{ id: string; name: string }[]>([]);
  const [approverId, setApproverId] = useState('');
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    void api.staffApprovers({}).then((list) => {
      setApprovers(list);
      if (list.length === 1 && list[0]) setApproverId(list[0].id);
    });
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const reversal = await api.redemptionsReverse({ redemptionId: redemption.id, reason, approverId, approverPin: pin });
      onDone(t('day.reversedDone', { name: reversal.approvedByName }));
    } catch (error) {
      // Wrong PINs here count against her approvals only (never her login): say so, with when it works again.
      const until = error instanceof ApiCallError && error.code === 'ACCOUNT_LOCKED' ? error.error.details?.lockedUntil : undefined;
      const name = approvers.find((a) => a.id === approverId)?.name ?? '';
      setFailure(typeof until === 'string' ? t('day.approvalLocked', { name, time: i18n.formatTime(until) }) : messageFor(i18n, error));
      setPin('');
    }
  };
  return (
    <form className="panel" aria-labelledby={headingId} onSubmit={(e) => void submit(e)}>
      <h3 className="utrecht-heading-3" id={headingId}>
        {t('day.reverseTitle', { masked: redemption.masked })}
      </h3>
      <p className="utrecht-paragraph">{t('day.reverseIntro')}</p>
      {approvers.length === 0 ? <Alert kind="warning">{t('day.noApprovers')}</Alert> : null}
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <Field label={t('day.reason')} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <SelectField
        label={t('day.approver')}
        value={approverId}
        onChange={setApproverId}
        options={[['', t('day.approverChoose')], ...approvers.map((a): [string, string] => [a.id, a.name])]}
      />
      <PinField label={t('day.approverPin')} value={pin} onChange={(e) => setPin(e.target.value)} />
      <div className="button-row">
        <button
          type="submit"
          className="utrecht-button utrecht-button--primary-action"
          disabled={reason.trim().length < 5 || !approverId || !pin}
        >
          {t('day.reverseConfirm')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--subtle" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
