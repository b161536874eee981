import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { PupilMatch } from '../../api/checks';
import { pupilSearchQuery } from '../../api/queries';
import { Button } from '../../components/button';

export function pupilLabel(pupil: PupilMatch): string {
  const given = pupil.preferredName ?? pupil.givenName;
  const year = pupil.yearGroup === null ? '' : `, Year ${pupil.yearGroup}`;
  return `${given} ${pupil.familyName}${year}`;
}

/** Tagging the pupils shown in the photos, found by name; the check then looks up each one's consent. */
export function PupilTagger({
  tagged,
  onChange,
  label = 'Tag a pupil shown in the photos',
}: {
  tagged: readonly PupilMatch[];
  onChange: (pupils: PupilMatch[]) => void;
  /** The search field's label (the archive search reuses the tagger to pick one pupil). */
  label?: string;
}) {
  const [query, setQuery] = useState('');
  // What was typed, once typing pauses: each pause asks once (a newer one cancels the older request).
  const [asked, setAsked] = useState('');
  const inputId = useId();
  const resultsId = useId();
  useEffect(() => {
    const timer = window.setTimeout(() => setAsked(query.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [query]);
  const q = query.trim();
  const wanted = q.length >= 2;
  const search = useQuery({
    ...pupilSearchQuery({ q: asked }),
    enabled: wanted && asked.length >= 2,
    // No placeholder: matches of an earlier search (even one cleared since) are never offered for this one.
  });
  const searching = wanted && (asked !== q || search.isFetching);
  const failed = wanted && search.isError;
  const matches: PupilMatch[] = wanted && search.data ? search.data.pupils : [];

  const taggedIds = new Set(tagged.map((p) => p.id));
  const offered = matches.filter((p) => !taggedIds.has(p.id));

  return (
    <div className="tagger">
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <p className="field__hint" id={`${inputId}-hint`}>
          Type at least two letters of their name.
        </p>
        <input
          id={inputId}
          type="search"
          autoComplete="off"
          aria-describedby={`${inputId}-hint`}
          aria-controls={resultsId}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <div id={resultsId} aria-live="polite">
        {failed ? <p className="field__error">Pupil search is not available.</p> : null}
        {q.length >= 2 && !searching && !failed && offered.length === 0 ? (
          <p className="muted">No pupil found for “{q}”.</p>
        ) : null}
        {offered.length > 0 ? (
          <ul className="plain-list tagger__results" aria-label="Matching pupils">
            {offered.slice(0, 8).map((pupil) => (
              <li key={pupil.id}>
                <Button
                  variant="secondary"
                  onClick={() => {
                    onChange([...tagged, pupil]);
                    setQuery('');
                  }}
                >
                  Tag {pupilLabel(pupil)}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {tagged.length > 0 ? (
        <>
          <p className="tagger__heading">Tagged pupils</p>
          <ul className="plain-list tagger__tagged">
            {tagged.map((pupil) => (
              <li key={pupil.id}>
                <span>{pupilLabel(pupil)}</span>{' '}
                <Button
                  variant="quiet"
                  aria-label={`Remove the tag for ${pupilLabel(pupil)}`}
                  onClick={() => onChange(tagged.filter((p) => p.id !== pupil.id))}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
