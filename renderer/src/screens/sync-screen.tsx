import type { AppStatus } from '../../../core/api/contract-app';
import { useI18n } from '../i18n';

export function SyncScreen({ status }: { status: AppStatus }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.sync')}
      </h1>
      <p className="utrecht-paragraph">{t('screen.sync.intro')}</p>
      <dl className="facts">
        <dt>{t('screen.sync.lastSync')}</dt>
        <dd>{status.lastSyncAt ? formatDateTime(status.lastSyncAt) : t('status.neverSynced')}</dd>
        <dt>{t('screen.sync.unsent')}</dt>
        <dd>{status.unsentCount}</dd>
      </dl>
      <p className="utrecht-paragraph hint">{t('screen.coming')}</p>
    </section>
  );
}
