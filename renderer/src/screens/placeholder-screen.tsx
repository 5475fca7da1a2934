import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';

/** A screen whose capability arrives with a later issue: it says what it is for, and that it is coming. */
export function PlaceholderScreen({ title, intro }: { title: MessageKey; intro: MessageKey }) {
  const { t } = useI18n();
  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t(title)}
      </h1>
      <p className="utrecht-paragraph">{t(intro)}</p>
      <p className="utrecht-paragraph hint">{t('screen.coming')}</p>
    </section>
  );
}
