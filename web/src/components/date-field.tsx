import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { formatDate } from '../format';

/**
 * A date input that also says the chosen date in words ("2 December 2026"). The browser draws the input in
 * its own locale, so a US-English browser shows 12/02/2026; the words beside it read the same everywhere,
 * and a UK school never has to guess which number is the month.
 */
export function DateField({
  label,
  hint,
  error,
  id,
  className,
  value,
  ...input
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value'>) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const wordsId = `${inputId}-words`;
  const words = /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : '';
  return (
    <div
      className={['field', 'date-field', error ? 'field--error' : '', className].filter(Boolean).join(' ')}
    >
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
      <div className="date-field__row">
        <input
          id={inputId}
          type="date"
          value={value}
          aria-describedby={
            [hintId, errorId, words ? wordsId : undefined].filter(Boolean).join(' ') || undefined
          }
          aria-invalid={error ? true : undefined}
          {...input}
        />
        <output id={wordsId} htmlFor={inputId} className="date-field__words">
          {words}
        </output>
      </div>
    </div>
  );
}
