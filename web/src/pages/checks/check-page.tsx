import { useEffect, useId, useState } from 'react';
import {
  type CheckResult,
  type Finding,
  type PupilMatch,
  runCheck,
  type SubjectKind,
  type Verdict,
} from '../../api/checks';
import { Button } from '../../components/button';
import { SelectField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { Badge, ErrorNotice } from '../../components/status';
import { PupilTagger } from './pupil-tagger';
import { severityLabels, TextMirror } from './text-mirror';
import './checks.css';

/** How long typing must pause before a check runs: quick enough to feel live, few requests. */
const DEBOUNCE_MS = 400;

const verdictText: Record<Verdict, { label: string; tone: 'bad' | 'warn' | 'good'; explain: string }> = {
  block: {
    label: 'Blocked',
    tone: 'bad',
    explain: 'Do not publish this as it is: it breaks the policy. Fix the findings below.',
  },
  review: {
    label: 'Needs review',
    tone: 'warn',
    explain: 'A manager should look at this before it is published.',
  },
  pass: { label: 'OK', tone: 'good', explain: 'No problems found. You may publish this.' },
};

const kindLabels: Record<SubjectKind, string> = {
  post: 'A post',
  comment: 'A comment',
  reply: 'A reply to a comment',
  profile: 'Profile text (bio, about)',
};

const severityTone = { block: 'bad', review: 'warn', advice: 'neutral' } as const;

interface Checked {
  text: string;
  result: CheckResult;
}

/**
 * "Check a post" (clauses 2.3–2.5): staff type what they mean to publish and the check runs as they type,
 * citing the clause behind each finding. Nothing typed here is stored by the server.
 */
export function CheckPage() {
  const [kind, setKind] = useState<SubjectKind>('post');
  const [text, setText] = useState('');
  const [images, setImages] = useState<File[]>([]);
  const [tagged, setTagged] = useState<PupilMatch[]>([]);
  const [noIdentifiablePupils, setNoIdentifiablePupils] = useState(false);
  const [checked, setChecked] = useState<Checked>();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fileKey, setFileKey] = useState(0);
  const textId = useId();
  const photosId = useId();

  useEffect(() => {
    if (text.trim() === '' && images.length === 0) {
      setChecked(undefined);
      setChecking(false);
      setError(undefined);
      return;
    }
    // Each change cancels the pending timer and any request still in flight, so an older answer can never
    // replace a newer one.
    const controller = new AbortController();
    setChecking(true);
    const timer = window.setTimeout(() => {
      const subject = {
        kind,
        ...(text !== '' ? { text } : {}),
        ...(tagged.length > 0 ? { taggedPupils: tagged.map((p) => p.id) } : {}),
        ...(images.length > 0 ? { noIdentifiablePupils } : {}),
      };
      runCheck(subject, images, controller.signal).then(
        (result) => {
          setChecked({ text, result });
          setError(undefined);
          setChecking(false);
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setError(failure);
          setChecking(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [kind, text, images, tagged, noIdentifiablePupils]);

  const result = checked?.result;
  const verdict = result ? verdictText[result.verdict] : undefined;
  const safeVersion =
    result?.redactedText !== null &&
    result?.redactedText !== undefined &&
    result.redactedText !== checked?.text
      ? result.redactedText
      : undefined;

  return (
    <Page
      title="Check a post"
      intro="Type what you mean to publish: a post, comment, reply or profile text. It is checked against the policy as you type. Nothing you type here is saved."
    >
      <div className="check-layout">
        <Section title="Your text and photos" id="compose">
          <SelectField
            label="What is it?"
            value={kind}
            onChange={(event) => setKind(event.target.value as SubjectKind)}
          >
            {(Object.keys(kindLabels) as SubjectKind[]).map((value) => (
              <option key={value} value={value}>
                {kindLabels[value]}
              </option>
            ))}
          </SelectField>
          <div className="field">
            <label htmlFor={textId}>Text</label>
            <p className="field__hint" id={`${textId}-hint`}>
              Checked about half a second after you stop typing.
            </p>
            <textarea
              id={textId}
              className="check__text"
              rows={7}
              maxLength={20_000}
              aria-describedby={`${textId}-hint`}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>

          <div className="field">
            <label htmlFor={photosId}>Photos (optional)</label>
            <p className="field__hint" id={`${photosId}-hint`}>
              Up to 10 photos. They are checked for hidden location data and faces, then discarded.
            </p>
            <input
              key={fileKey}
              id={photosId}
              type="file"
              accept="image/jpeg,image/png,image/webp,image/heic"
              multiple
              aria-describedby={`${photosId}-hint`}
              onChange={(event) => setImages(Array.from(event.target.files ?? []).slice(0, 10))}
            />
          </div>
          {images.length > 0 ? (
            <>
              <ul className="plain-list check__photos" aria-label="Chosen photos">
                {images.map((image, index) => (
                  <li key={`${image.name}-${image.size}`}>
                    Photo {index + 1}: {image.name}
                  </li>
                ))}
              </ul>
              <div className="form-actions">
                <Button
                  variant="quiet"
                  onClick={() => {
                    setImages([]);
                    setTagged([]);
                    setNoIdentifiablePupils(false);
                    setFileKey((n) => n + 1);
                  }}
                >
                  Remove the photos
                </Button>
              </div>
              <PupilTagger tagged={tagged} onChange={setTagged} />
              <div className="checkbox">
                <input
                  id={`${photosId}-none`}
                  type="checkbox"
                  checked={noIdentifiablePupils}
                  onChange={(event) => setNoIdentifiablePupils(event.target.checked)}
                />
                <label htmlFor={`${photosId}-none`}>No pupil can be identified in these photos</label>
              </div>
            </>
          ) : null}
        </Section>

        <Section title="Result" id="result">
          <div className="verdict" role="status" aria-live="polite" aria-atomic="true">
            {verdict ? (
              <p className={`verdict__line verdict__line--${verdict.tone}`}>
                <span className="verdict__label">{verdict.label}</span>
                <span className="verdict__explain">{verdict.explain}</span>
              </p>
            ) : (
              <p className="muted">{checking ? 'Checking…' : 'Type some text or add a photo to check it.'}</p>
            )}
          </div>
          {checking && verdict ? <p className="muted check__pending">Checking your latest changes…</p> : null}
          {error ? <ErrorNotice error={error} title="The check did not run" /> : null}
          {result && checked ? (
            <>
              {checked.text !== '' ? (
                <>
                  <h3>Your text, with problems marked</h3>
                  <TextMirror text={checked.text} findings={result.findings} />
                </>
              ) : null}
              {safeVersion !== undefined ? (
                <div className="check__safe">
                  <p>The safe version uses initials instead of pupils’ names and removes personal details.</p>
                  <Button onClick={() => setText(safeVersion)}>Use the safe version</Button>
                </div>
              ) : null}
              <FindingList findings={result.findings} images={images} />
            </>
          ) : null}
        </Section>
      </div>
    </Page>
  );
}

function FindingList({ findings, images }: { findings: readonly Finding[]; images: readonly File[] }) {
  if (findings.length === 0) return <p>No findings.</p>;
  return (
    <>
      <h3>Findings</h3>
      <ol className="findings">
        {findings.map((finding, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: a finding's number is its place in this list
            key={index}
            className={`finding finding--${finding.severity}`}
          >
            <p className="finding__head">
              <Badge tone={severityTone[finding.severity]}>{severityLabels[finding.severity]}</Badge>{' '}
              <span className="finding__clause">
                Clause {finding.clause}: {finding.clauseTitle}
              </span>
            </p>
            <p className="finding__message">
              {finding.imageIndex !== undefined ? (
                <strong>
                  Photo {finding.imageIndex + 1}
                  {images[finding.imageIndex] ? ` (${images[finding.imageIndex]?.name})` : ''}:{' '}
                </strong>
              ) : null}
              {finding.message}
              {finding.excerpt ? (
                <>
                  {' '}
                  <q className="finding__excerpt">{finding.excerpt}</q>
                </>
              ) : null}
            </p>
            {finding.suggestion ? (
              <p className="finding__fix">
                <strong>How to fix it:</strong> {finding.suggestion}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
