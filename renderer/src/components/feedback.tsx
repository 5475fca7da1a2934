/**
 * What residents think of the platform (the college's evaluation point 3): the one-tap question after a donation,
 * and the remark form for what staff hear. Anonymous; the question may be skipped (the code field keeps the
 * cursor, so the next scan just goes on).
 */
import { useState } from 'react';
import { api } from '../api-client';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';
import { Alert } from './field';

export function SatisfactionQuestion() {
  const i18n = useI18n();
  const { t } = i18n;
  const [answered, setAnswered] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (answered !== null)
    return (
      <p className="utrecht-paragraph hint" role="status">
        {t('feedback.thanks')}
      </p>
    );
  return (
    <fieldset className="satisfaction">
      <legend className="utrecht-form-label">{t('feedback.question')}</legend>
      <div className="button-row">
        {[1, 2, 3, 4, 5].map((score) => (
          <button
            key={score}
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            aria-label={t('feedback.score', { score, meaning: t(`feedback.meaning.${score}` as Parameters<typeof t>[0]) })}
            onClick={() =>
              void api.feedbackGive({ score }).then(
                () => setAnswered(score),
                (e: unknown) => setError(messageFor(i18n, e)),
              )
            }
          >
            {score}
          </button>
        ))}
      </div>
      <p className="utrecht-paragraph hint">{t('feedback.skip')}</p>
      {error ? <Alert kind="error">{error}</Alert> : null}
    </fieldset>
  );
}

export function RemarkForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="panel"
      aria-label={t('feedback.remarkTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void api.feedbackRemark({ text }).then(
          () => {
            setText('');
            setNotice({ ok: true, text: t('feedback.remarkSaved') });
          },
          (error: unknown) => setNotice({ ok: false, text: messageFor(i18n, error) }),
        );
      }}
    >
      <h2 className="utrecht-heading-2">{t('feedback.remarkTitle')}</h2>
      <label className="utrecht-form-label" htmlFor="resident-remark">
        {t('feedback.remarkLabel')}
      </label>
      <textarea
        id="resident-remark"
        className="utrecht-textarea"
        rows={3}
        maxLength={500}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <p>
        <button type="submit" className="utrecht-button utrecht-button--secondary-action" disabled={text.trim().length < 3}>
          {t('feedback.remarkSave')}
        </button>
      </p>
      {notice ? <Alert kind={notice.ok ? 'ok' : 'error'}>{notice.text}</Alert> : null}
    </form>
  );
}
