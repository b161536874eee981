import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react';
import { previewPolicy, publishPolicy, recordPolicyReview } from '../api/endpoints';
import { Banner } from '../components/banner';
import { Button } from '../components/button';
import { DateField } from '../components/date-field';
import { SelectField, TextField } from '../components/field';
import { Section } from '../components/page';
import { ErrorNotice } from '../components/status';
import { formatDate } from '../format';

/** The largest document the server takes (src/policy/document.ts). */
const maxPolicyBytes = 512 * 1024;

/**
 * What the overdue-review banner asks of SMT, in the app: record that the policy was reviewed and stands,
 * or publish a new version (upload or paste text or Markdown, preview its clauses, set its dates). Staff are
 * then asked to acknowledge the new version.
 */
export function PolicyKeeping({ onChanged }: { onChanged(): void }) {
  // The overdue-review banner links here: the app's router does not scroll to a fragment by itself.
  useEffect(() => {
    if (window.location.hash === '#policy-keeping')
      document.getElementById('policy-keeping')?.scrollIntoView();
  }, []);
  return (
    <div id="policy-keeping">
      <ReviewForm onChanged={onChanged} />
      <PublishForm onChanged={onChanged} />
    </div>
  );
}

function ReviewForm({ onChanged }: { onChanged(): void }) {
  const [reviewedOn, setReviewedOn] = useState('');
  const [nextReviewDue, setNextReviewDue] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const review = await recordPolicyReview({
        reviewedOn,
        ...(nextReviewDue ? { nextReviewDue } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setDone(`Review recorded. The next review is due on ${formatDate(review.nextReviewDue)}.`);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Record a review" id="policy-review">
      <p className="muted">When the policy was reviewed and still stands as it is.</p>
      <form onSubmit={submit}>
        <DateField
          label="Reviewed on"
          value={reviewedOn}
          required
          onChange={(e) => setReviewedOn(e.target.value)}
        />
        <DateField
          label="Next review due"
          hint="Leave empty for a year after the review."
          value={nextReviewDue}
          onChange={(e) => setNextReviewDue(e.target.value)}
        />
        <TextField
          label="Note (optional)"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        {error ? <ErrorNotice error={error} title="The review was not recorded" /> : null}
        {done ? <Banner tone="success" title={done} live /> : null}
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            Record the review
          </Button>
        </div>
      </form>
    </Section>
  );
}

function PublishForm({ onChanged }: { onChanged(): void }) {
  const [text, setText] = useState('');
  const [format, setFormat] = useState<'text' | 'markdown'>('markdown');
  const [label, setLabel] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [nextReviewDue, setNextReviewDue] = useState('');
  const [preview, setPreview] = useState<{ title: string; sections: { id: string; title: string }[] }>();
  const [busy, setBusy] = useState<'preview' | 'publish'>();
  const [error, setError] = useState<unknown>();
  const [fileError, setFileError] = useState<string>();
  const [done, setDone] = useState<string>();

  const changeText = (next: string) => {
    setText(next);
    // A preview is of exactly the text that would be published.
    setPreview(undefined);
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setFileError(undefined);
    if (!file) return;
    if (file.size > maxPolicyBytes) {
      setFileError(
        'The file is larger than 512 KB: save the policy as plain text or Markdown and try again.',
      );
      return;
    }
    if (/\.(md|markdown)$/i.test(file.name)) setFormat('markdown');
    else if (/\.txt$/i.test(file.name)) setFormat('text');
    changeText(await file.text());
  };

  const showPreview = async () => {
    setBusy('preview');
    setError(undefined);
    try {
      setPreview(await previewPolicy({ text, format }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('publish');
    setError(undefined);
    try {
      const version = await publishPolicy({
        text,
        format,
        ...(label.trim() ? { label: label.trim() } : {}),
        ...(effectiveFrom ? { effectiveFrom } : {}),
        ...(nextReviewDue ? { nextReviewDue } : {}),
      });
      setDone(
        `${version.label} is now the policy in force. Every member of staff has been asked to read and acknowledge it.`,
      );
      changeText('');
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Section title="Publish a new version" id="policy-publish">
      <p className="muted">
        Upload the policy as a text or Markdown file, or paste it. Preview its clauses, then publish: the old
        version stays in the history.
      </p>
      <form onSubmit={publish}>
        <div className="field">
          <label htmlFor="policy-file">Policy file (.txt or .md)</label>
          {fileError ? <p className="field__error">{fileError}</p> : null}
          <input
            id="policy-file"
            type="file"
            accept=".txt,.md,.markdown,text/plain,text/markdown"
            onChange={readFile}
          />
        </div>
        <div className="field">
          <label htmlFor="policy-text">Policy text</label>
          <textarea id="policy-text" rows={10} value={text} onChange={(e) => changeText(e.target.value)} />
        </div>
        <SelectField
          label="Format"
          value={format}
          onChange={(e) => setFormat(e.target.value as 'text' | 'markdown')}
        >
          <option value="markdown">Markdown (# headings)</option>
          <option value="text">Plain text (numbered headings)</option>
        </SelectField>
        <TextField
          label="Version label (optional)"
          hint="For example September 2026. The effective date is used when empty."
          value={label}
          maxLength={60}
          onChange={(e) => setLabel(e.target.value)}
        />
        <DateField
          label="In force from"
          hint="Today when empty."
          value={effectiveFrom}
          onChange={(e) => setEffectiveFrom(e.target.value)}
        />
        <DateField
          label="Next review due"
          hint="A year after it comes into force when empty."
          value={nextReviewDue}
          onChange={(e) => setNextReviewDue(e.target.value)}
        />
        {error ? <ErrorNotice error={error} title="That did not work" /> : null}
        {done ? <Banner tone="success" title={done} live /> : null}
        {preview ? (
          <section className="card" aria-labelledby="policy-preview-title">
            <h3 id="policy-preview-title">Preview: {preview.title}</h3>
            <p>{preview.sections.length} sections, in this order:</p>
            <ol aria-label="Sections of the new version">
              {preview.sections.map((section) => (
                <li key={section.id}>{section.title}</li>
              ))}
            </ol>
          </section>
        ) : null}
        <div className="form-actions">
          <Button
            type="button"
            variant="secondary"
            disabled={!text.trim()}
            busy={busy === 'preview'}
            onClick={showPreview}
          >
            Preview the clauses
          </Button>
          <Button type="submit" disabled={!preview} busy={busy === 'publish'}>
            Publish this version
          </Button>
        </div>
      </form>
    </Section>
  );
}
