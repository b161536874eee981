import { type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, useId } from 'react';

interface FieldChrome {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** The ids a field's control is announced by: its own, its hint's and its error's (when shown). */
export interface FieldIds {
  inputId: string;
  hintId: string | undefined;
  errorId: string | undefined;
}

/** The aria-describedby value of the ids given, or nothing when none is shown. */
export function describedBy(...ids: (string | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/**
 * The label, hint and error every field shows above its control, with the ids that tie them together; the
 * control itself is drawn by `children`, so text, select and date fields read alike to a screen reader.
 */
export function FieldFrame({
  label,
  hint,
  error,
  id,
  className,
  children,
}: FieldChrome & {
  id?: string | undefined;
  className?: string | undefined;
  children: (ids: FieldIds) => ReactNode;
}) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={['field', error ? 'field--error' : '', className].filter(Boolean).join(' ')}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
      {children({ inputId, hintId, errorId })}
    </div>
  );
}

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField({
  label,
  hint,
  error,
  id,
  className,
  ref,
  ...input
}: FieldChrome & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {({ inputId, hintId, errorId }) => (
        <input
          ref={ref}
          id={inputId}
          aria-describedby={describedBy(hintId, errorId)}
          aria-invalid={error ? true : undefined}
          {...input}
        />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  id,
  className,
  children,
  ...select
}: FieldChrome & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {({ inputId, hintId, errorId }) => (
        <select
          id={inputId}
          aria-describedby={describedBy(hintId, errorId)}
          aria-invalid={error ? true : undefined}
          {...select}
        >
          {children}
        </select>
      )}
    </FieldFrame>
  );
}
