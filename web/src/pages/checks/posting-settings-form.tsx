import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { type PostingSettings, savePostingSettings } from '../../api/posting-settings';
import { freshData, postingSettingsQuery } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { Section } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';

/**
 * The school's posting settings, as a form of its own with its own save: whether Guardpost keeps the
 * original of each uploaded photo (sealed; only SMT and the headteacher can download it).
 */
export function PostingSettingsSection() {
  const loaded = useQuery(postingSettingsQuery());
  const initial = freshData(loaded);
  return (
    <Section title="Posting" id="posting">
      {loaded.isError ? (
        <ErrorNotice error={loaded.error} title="Could not load the posting settings" />
      ) : initial ? (
        <PostingSettingsForm initial={initial} />
      ) : (
        <Loading />
      )}
    </Section>
  );
}

function PostingSettingsForm({ initial }: { initial: PostingSettings }) {
  const queryClient = useQueryClient();
  const [keep, setKeep] = useState(initial.keepPhotoOriginals);
  const [saved, setSaved] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();
  const fieldId = `${id}-keepPhotoOriginals`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const stored = await savePostingSettings({ keepPhotoOriginals: keep });
      queryClient.setQueryData(postingSettingsQuery().queryKey, stored);
      setKeep(stored.keepPhotoOriginals);
      setSaved(stored.keepPhotoOriginals);
    } catch (failure) {
      const details = failure instanceof ApiError ? failure.details : [];
      const message = details.length
        ? details.map((d) => d.replace(/^(?:body\.)?keepPhotoOriginals:\s*/, '')).join(' ')
        : failure instanceof ApiError
          ? failure.message
          : 'The setting was not saved. Try again.';
      setError(message);
      document.getElementById(fieldId)?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="settings" onSubmit={submit} noValidate aria-label="Posting settings">
      {saved !== undefined && saved === keep ? (
        <Banner tone="success" title="Posting settings saved" live />
      ) : null}
      <div>
        <div className="checkbox">
          <input
            id={fieldId}
            type="checkbox"
            checked={keep}
            aria-describedby={[`${fieldId}-hint`, error ? `${fieldId}-error` : ''].filter(Boolean).join(' ')}
            aria-invalid={error ? true : undefined}
            onChange={(event) => {
              setKeep(event.target.checked);
              setSaved(undefined);
            }}
          />
          <label htmlFor={fieldId}>
            Keep the original of each photo (encrypted; includes location and camera data)
          </label>
        </div>
        <p className="field__hint" id={`${fieldId}-hint`}>
          Photos are always posted without their metadata. When this is on, the upload as it came is also
          kept, encrypted; only SMT and the headteacher can download it, and each download is recorded.
        </p>
        {error ? (
          <p className="field__error" id={`${fieldId}-error`}>
            {error}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          Save posting settings
        </Button>
      </div>
    </form>
  );
}
