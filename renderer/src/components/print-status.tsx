import { useState } from 'react';
import type { AppStatus } from '../../../core/api/contract-app';
import { api } from '../api-client';
import { useI18n } from '../i18n';

/** In the status bar: receipts waiting or not printed, with retry and "save as PDF" at hand. */
export function PrintStatus({ status, onChange }: { status: AppStatus; onChange: (s: AppStatus) => void }) {
  const { t, tn } = useI18n();
  const [saved, setSaved] = useState<string | null>(null);
  if (status.printFailed === 0 && status.printQueued === 0 && !saved) return null;
  const refresh = () => void api.appStatus({}).then(onChange);
  return (
    <span className="print-status" data-testid="status-print">
      {status.printFailed > 0 ? (
        <>
          <strong className="print-failed">{tn('print.statusFailed', status.printFailed)}</strong>
          <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => void api.printRetry({}).then(refresh)}>
            {t('print.retry')}
          </button>
          <button
            type="button"
            className="utrecht-button utrecht-button--subtle"
            onClick={() =>
              void api.printFailedToPdf({}).then((r) => {
                const folder = r.files[0]?.replace(/[/\\][^/\\]+$/, '') ?? '';
                setSaved(tn('print.savedPdf', r.files.length, { folder }));
                refresh();
              })
            }
          >
            {t('print.asPdf')}
          </button>
        </>
      ) : status.printQueued > 0 ? (
        <span>{tn('print.statusQueued', status.printQueued)}</span>
      ) : null}
      {saved ? (
        <>
          <span role="status">{saved}</span>
          <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => void api.printOpenFolder({})}>
            {t('print.openFolder')}
          </button>
        </>
      ) : null}
    </span>
  );
}
