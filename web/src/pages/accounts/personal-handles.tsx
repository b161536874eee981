import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { declarePersonalHandle, platformOptions, removePersonalHandle } from '../../api/accounts';
import { personalHandlesQuery } from '../../api/queries';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Section } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';

/**
 * Personal accounts declared privately (clause 2.1): only you see this list. The register refuses to
 * take one of them as a school account, saying only that it is declared as personal.
 */
export function PersonalHandlesSection() {
  const queryClient = useQueryClient();
  const handles = useQuery(personalHandlesQuery());
  const [platform, setPlatform] = useState('instagram');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      void queryClient.invalidateQueries({ queryKey: personalHandlesQuery().queryKey });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await declarePersonalHandle(platform, value.trim());
      setValue('');
    });
  };
  const name = (id: string) => platformOptions.find((p) => p.id === id)?.name ?? id;

  return (
    <Section title="My personal accounts (private)" id="personal-accounts">
      <p className="muted">
        Only you can see this list. It stops a personal account from ever being registered as a school one
        (clause 2.1).
      </p>
      {error ? <ErrorNotice error={error} title="That did not work" /> : null}
      {handles.isPending ? <Loading /> : null}
      {handles.isError ? <ErrorNotice error={handles.error} /> : null}
      {handles.isSuccess && handles.data.items.length > 0 ? (
        <ul>
          {handles.data.items.map((h) => (
            <li key={h.id}>
              {name(h.platform)}: {h.value}{' '}
              <Button variant="quiet" busy={busy} onClick={() => run(() => removePersonalHandle(h.id))}>
                Remove <span className="visually-hidden">{h.value}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={onSubmit} className="stack">
        <SelectField
          label="Personal account platform"
          value={platform}
          onChange={(e) => setPlatform(e.target.value)}
        >
          {platformOptions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Personal handle or address"
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <Button type="submit" variant="secondary" busy={busy}>
          Declare as personal
        </Button>
      </form>
    </Section>
  );
}
