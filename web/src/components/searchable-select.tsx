import { type ReactNode, useId, useState } from 'react';
import { SelectField, TextField } from './field';

export interface SearchableOption {
  value: string;
  label: string;
}

/** Whether every word typed starts a word of the label ("ok sam" finds "Sam Okafor"). */
export function matchesSearch(label: string, search: string): boolean {
  const words = label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[\s'’()@.-]+/)
    .filter(Boolean);
  const typed = search.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/\s+/).filter(Boolean);
  return typed.every((t) => words.some((w) => w.startsWith(t)));
}

/**
 * A choice from a long list (sixty members of staff): a search box narrows the list below it, which stays
 * an ordinary select, so it works with a keyboard, a screen reader and a phone's own picker. The chosen
 * option is always kept in the list, even when the search no longer matches it.
 */
export function SearchableSelectField({
  label,
  searchLabel,
  hint,
  placeholder,
  options,
  value,
  onChange,
  required,
}: {
  label: string;
  /** Label of the search box, e.g. "Search staff". */
  searchLabel: string;
  hint?: ReactNode;
  /** The empty first option, e.g. "Choose a member of staff". */
  placeholder: string;
  options: readonly SearchableOption[];
  value: string;
  onChange(value: string): void;
  required?: boolean;
}) {
  const [search, setSearch] = useState('');
  const countId = useId();
  const shown = options.filter((o) => o.value === value || matchesSearch(o.label, search));
  const matching = shown.filter((o) => o.value !== value || matchesSearch(o.label, search)).length;
  return (
    <div className="searchable-select">
      <TextField
        label={searchLabel}
        type="search"
        value={search}
        autoComplete="off"
        onChange={(event) => setSearch(event.target.value)}
      />
      <p className="field__hint" id={countId} aria-live="polite">
        {search.trim() ? `${matching} of ${options.length} match.` : `${options.length} to choose from.`}
      </p>
      <SelectField
        label={label}
        hint={hint}
        value={value}
        required={required}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{placeholder}</option>
        {shown.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
