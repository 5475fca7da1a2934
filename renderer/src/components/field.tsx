import { useId, type InputHTMLAttributes } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string | undefined;
  error?: string | null | undefined;
}

/** A labelled text field (NL Design System form field) with its hint and error tied to it for screen readers. */
export function Field({ label, hint, error, ...input }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {hint ? (
        <div className="utrecht-form-field__description utrecht-form-field-description" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">
        <input
          id={id}
          className={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      </div>
    </div>
  );
}

export function PinField(props: Omit<FieldProps, 'type' | 'inputMode' | 'autoComplete'>) {
  return <Field type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]*" maxLength={12} {...props} />;
}

export function Alert({ kind, children }: { kind: 'error' | 'ok' | 'info' | 'warning'; children: React.ReactNode }) {
  const type = kind === 'ok' ? 'ok' : kind;
  return (
    <div className={`utrecht-alert utrecht-alert--${type}`} role={kind === 'error' ? 'alert' : 'status'}>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">{children}</div>
      </div>
    </div>
  );
}

interface SelectFieldProps extends Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'onChange'> {
  label: string;
  value: string | number;
  onChange: (value: string) => void;
  options: readonly (readonly [value: string | number, label: string])[];
  error?: string | null | undefined;
}

/** The message of a field with a problem, tied to its control by `${id}-error` (aria-describedby). */
function FieldError({ id, error }: { id: string; error: string | null | undefined }) {
  return error ? (
    <div className="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${id}-error`}>
      {error}
    </div>
  ) : null;
}

/** The NL Design System form field around a control: label, problem, then the control. */
function LabelledField({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: string | null | undefined;
  children: React.ReactNode;
}) {
  return (
    <div className={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      <FieldError id={id} error={error} />
      {children}
    </div>
  );
}

/** A labelled select (NL Design System form field). */
export function SelectField({ label, value, onChange, options, error, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <LabelledField id={id} label={label} error={error}>
      <select
        id={id}
        className="utrecht-select utrecht-select--html-select"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...select}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/** A labelled multi-line text field with its problem next to it. */
export function TextAreaField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
}) {
  const id = useId();
  return (
    <LabelledField id={id} label={label} error={error}>
      <textarea
        id={id}
        className="utrecht-textarea utrecht-textarea--html-textarea"
        rows={4}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </LabelledField>
  );
}

/** A checkbox with its label after it, and its problem above it. */
export function CheckboxField({
  label,
  checked,
  onChange,
  error,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string | null;
}) {
  const id = useId();
  return (
    <div className={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
      <FieldError id={id} error={error} />
      <label className="checkbox-label" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
    </div>
  );
}
