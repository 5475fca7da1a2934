import type { StoreState } from '../../../core/api/contract-app';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { BackupList } from './settings-backups';

/** Shown instead of the app when the local store cannot be opened: what happened and what to do. */
export function StoreErrorScreen({ store }: { store: Extract<StoreState, { state: 'error' }> }) {
  const { t } = useI18n();
  const todo: MessageKey =
    store.reason === 'disk-full'
      ? 'storeError.todo.disk-full'
      : store.reason === 'newer-version'
        ? 'storeError.todo.newer-version'
        : 'storeError.todo.default';
  return (
    <main className="centered narrow" id="main">
      <h1 className="utrecht-heading-1">{t('storeError.title')}</h1>
      <div className="utrecht-alert utrecht-alert--error" role="alert">
        <p className="utrecht-paragraph" data-testid="store-error-reason">
          {t(`storeError.${store.reason}` as MessageKey)}
        </p>
        <p className="utrecht-paragraph">
          <strong>{t(todo)}</strong>
        </p>
      </div>
      <p className="utrecht-paragraph">{t('storeError.safe')}</p>
      <p className="utrecht-paragraph mono">{t('storeError.location', { location: store.location })}</p>
      {store.reason === 'corrupt' ? <BackupList mode="recovery" /> : null}
    </main>
  );
}
