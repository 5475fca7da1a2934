import { useState } from 'react';
import { api } from '../api-client';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';

/** Reprint a receipt as the next copy ("KOPIE n"), and say so. */
export function ReprintButton({
  kind,
  refId,
  label,
  hidden,
}: {
  kind: 'donation' | 'intake' | 'reversal' | 'day-z';
  refId: string;
  label?: string;
  hidden?: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [message, setMessage] = useState<string | null>(null);
  const reprint = async () => {
    try {
      const result = await api.receiptsReprint({ kind, refId });
      setMessage(
        result.copy > 0
          ? t('print.copyQueued', { copy: result.copy, number: result.receiptNo })
          : t('print.receiptQueued', { number: result.receiptNo }),
      );
    } catch (error) {
      setMessage(messageFor(i18n, error));
    }
  };
  return (
    <span className="reprint">
      <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void reprint()}>
        {label ?? t('print.copy')}
        {hidden ? <span className="visually-hidden"> {hidden}</span> : null}
      </button>
      {message ? (
        <span role="status" className="hint">
          {' '}
          {message}
        </span>
      ) : null}
    </span>
  );
}
