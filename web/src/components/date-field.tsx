import type { InputHTMLAttributes, ReactNode } from 'react';
import { formatDate } from '../format';
import { describedBy, FieldFrame } from './field';

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
  const words = /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : '';
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      id={id}
      className={['date-field', className].filter(Boolean).join(' ')}
    >
      {({ inputId, hintId, errorId }) => (
        <div className="date-field__row">
          <input
            id={inputId}
            type="date"
            value={value}
            aria-describedby={describedBy(hintId, errorId, words ? `${inputId}-words` : undefined)}
            aria-invalid={error ? true : undefined}
            {...input}
          />
          <output id={`${inputId}-words`} htmlFor={inputId} className="date-field__words">
            {words}
          </output>
        </div>
      )}
    </FieldFrame>
  );
}
