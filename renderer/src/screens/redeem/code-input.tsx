import { forwardRef, useId, type FormEvent } from 'react';
import { useI18n } from '../../i18n';

/**
 * The code field: a USB scanner types like a keyboard and ends with Enter, so Enter submits.
 * No autocomplete, no spellcheck, upper-case display.
 */
export const CodeInput = forwardRef<
  HTMLInputElement,
  { value: string; onChange: (v: string) => void; onSubmit: () => void; busy?: boolean; buttonLabel: string }
>(function CodeInput({ value, onChange, onSubmit, busy, buttonLabel }, ref) {
  const { t } = useI18n();
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} className="code-form">
      <div className="utrecht-form-field">
        <div className="utrecht-form-field__label">
          <label className="utrecht-form-label" htmlFor={id}>
            {t('redeem.codeLabel')}
          </label>
        </div>
        <div className="utrecht-form-field-description" id={`${id}-hint`}>
          {t('redeem.codeHint')}
        </div>
        <div className="code-row">
          <input
            ref={ref}
            id={id}
            className="utrecht-textbox utrecht-textbox--html-input code-input"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            autoFocus
            data-autofocus
          />
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
            {buttonLabel}
          </button>
        </div>
      </div>
    </form>
  );
});
