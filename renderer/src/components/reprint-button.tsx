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
  onQueued,
}: {
  kind: 'donation' | 'intake' | 'reversal' | 'day-z';
  refId: string;
  label?: string;
  hidden?: string;
  /** Where the answer goes when the caller shows it itself (the day list: one message above the list, not one per row). */
  onQueued?: (message: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [message, setMessage] = useState<string | null>(null);
  const reprint = async () => {
    try {
      const result = await api.receiptsReprint({ kind, refId });
      const text =
        result.copy > 0
          ? t('print.copyQueued', { copy: result.copy, number: result.receiptNo })
          : t('print.receiptQueued', { number: result.receiptNo });
      if (onQueued) onQueued(text);
      else setMessage(text);
    } catch (error) {
      if (onQueued) onQueued(messageFor(i18n, error));
      else setMessage(messageFor(i18n, error));
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
