import { useEffect, useId, useState } from 'react';
import { type PupilMatch, searchPupilsToTag } from '../../api/checks';
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
  const [matches, setMatches] = useState<PupilMatch[]>([]);
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState(false);
  const inputId = useId();
  const resultsId = useId();

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setMatches([]);
      setSearching(false);
      return;
    }
    const controller = new AbortController();
    setSearching(true);
    const timer = window.setTimeout(() => {
      searchPupilsToTag(q, controller.signal).then(
        (found) => {
          setMatches(found);
          setFailed(false);
          setSearching(false);
        },
        () => {
          if (controller.signal.aborted) return;
          setFailed(true);
          setSearching(false);
        },
      );
    }, 300);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const taggedIds = new Set(tagged.map((p) => p.id));
  const offered = matches.filter((p) => !taggedIds.has(p.id));
  const q = query.trim();

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
