import { type FormEvent, useState } from 'react';
import { type ExportPlatform, readExport } from '../../../../src/staff-use/follower-exports';
import type { Follower, FollowerResult } from '../../../../src/staff-use/follower-keys';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, ErrorNotice } from '../../components/status';
import { formatCount } from '../../format';
import { Link } from '../../router';
import { fetchBlueskyFollowers, fetchMastodonFollowers } from './public-followers';
import { attestSelfAudit } from './self-audit-api';
import { matchFollowers } from './self-audit-matching';
import './personal-use.css';

type Platform = ExportPlatform | 'bluesky' | 'mastodon';

const platformNames: Record<Platform, string> = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  tiktok: 'TikTok',
  x: 'X (Twitter)',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
};

const exportHints: Record<ExportPlatform, string> = {
  instagram:
    'Instagram: Accounts Centre → Your information and permissions → Download your information → Followers and following, as JSON or HTML. Choose the zip it sends you.',
  facebook:
    'Facebook: Settings → Download your information → Friends and followers, as JSON or HTML. Choose the zip it sends you.',
  tiktok:
    'TikTok: Settings → Account → Download your data (JSON or TXT). Choose the zip or user_data_tiktok.json.',
  x: 'X: Settings → Your account → Download an archive. Choose the zip or data/follower.js. X lists account numbers only, so names cannot be matched.',
};

type Resolution = 'done' | 'not_this_person';

/**
 * The follower check (clauses 1.1, 1.9). The export is read in this browser and the list never leaves it:
 * only keyed hashes of name keys are sent, and only an attestation (date, platform, counts) is stored.
 */
export function SelfAuditPage() {
  const [platform, setPlatform] = useState<Platform>('instagram');
  const [handle, setHandle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [checked, setChecked] = useState<{ followers: Follower[]; withoutNames: number } | null>(null);
  const [results, setResults] = useState<FollowerResult[] | null>(null);
  const [ms, setMs] = useState(0);
  const [resolved, setResolved] = useState<Record<number, Resolution>>({});
  const [recorded, setRecorded] = useState<string | null>(null);
  const isExport = platform !== 'bluesky' && platform !== 'mastodon';

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResults(null);
    setRecorded(null);
    setResolved({});
    try {
      let followers: Follower[];
      let withoutNames = 0;
      if (isExport) {
        if (!file) throw new Error('Choose your export file first.');
        const read = readExport(file.name, new Uint8Array(await file.arrayBuffer()), platform);
        followers = read.followers;
        withoutNames = read.withoutNames;
        setNotes(read.notes);
      } else {
        if (!handle.trim()) throw new Error('Enter your handle first.');
        followers =
          platform === 'bluesky' ? await fetchBlueskyFollowers(handle) : await fetchMastodonFollowers(handle);
        setNotes([]);
      }
      setChecked({ followers, withoutNames });
      const matched = followers.length > 0 ? await matchFollowers(followers) : { results: [], ms: 0 };
      setResults(matched.results);
      setMs(matched.ms);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const allResolved = results?.every((r) => resolved[r.index] !== undefined) ?? false;
  const record = async () => {
    if (!results || !checked) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await attestSelfAudit({
        platform,
        followersChecked: checked.followers.length + checked.withoutNames,
        matches: results.filter((r) => resolved[r.index] !== 'not_this_person').length,
        allResolved,
      });
      setRecorded(saved.attestedAt);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title="Check my followers"
      intro="Clause 1.1: no current pupil, no former pupil under 18 and no parent as a friend or follower on your personal accounts. Your list is read on this device and never sent; Guardpost keeps only the fact that you checked."
    >
      <form className="card" onSubmit={run} aria-labelledby="audit-source-heading">
        <h2 id="audit-source-heading">Your follower list</h2>
        <SelectField
          label="Platform"
          name="platform"
          value={platform}
          onChange={(e) => {
            setPlatform(e.target.value as Platform);
            setResults(null);
            setChecked(null);
          }}
        >
          {(Object.keys(platformNames) as Platform[]).map((p) => (
            <option key={p} value={p}>
              {platformNames[p]}
            </option>
          ))}
        </SelectField>
        {isExport ? (
          <TextField
            label="Your export (zip or file)"
            hint={exportHints[platform]}
            type="file"
            name="export"
            accept=".zip,.json,.html,.js,.txt"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        ) : (
          <TextField
            label={platform === 'bluesky' ? 'Your Bluesky handle' : 'Your Mastodon handle (name@server)'}
            hint="Your public follower list is fetched by this browser straight from the platform."
            name="handle"
            value={handle}
            autoComplete="off"
            onChange={(e) => setHandle(e.target.value)}
          />
        )}
        <Button type="submit" busy={busy}>
          Check followers
        </Button>
      </form>

      {error ? <ErrorNotice error={error} title="The check could not run" /> : null}
      {notes.map((note) => (
        <Banner key={note} tone="info" title="About this export">
          <p>{note}</p>
        </Banner>
      ))}

      {results && checked ? (
        <section className="card" aria-labelledby="audit-results-heading">
          <h2 id="audit-results-heading">Likely matches</h2>
          <p role="status">
            {formatCount(checked.followers.length, 'account')} checked in {(ms / 1000).toFixed(2)} s
            {checked.withoutNames > 0
              ? `; ${formatCount(checked.withoutNames, 'account')} without names`
              : ''}
            : {formatCount(results.length, 'likely match', 'likely matches')}.
          </p>
          {results.length === 0 ? (
            <p>No follower looks like a pupil, a former pupil under 18 or a carer.</p>
          ) : (
            <ul className="audit-results">
              {results.map((r) => (
                <li key={r.index} className="audit-result">
                  <h3 className="audit-result__title">
                    {r.follower.name || r.follower.handle}
                    {r.follower.name && r.follower.handle ? (
                      <span className="muted"> @{r.follower.handle}</span>
                    ) : null}{' '}
                    <Badge tone={r.strength === 'strong' ? 'bad' : 'warn'}>
                      {r.strength === 'strong' ? 'Likely' : 'Possible'}
                    </Badge>
                  </h3>
                  <p>{r.why}.</p>
                  <p className="muted">
                    What to do: remove them as a follower (and unfollow), block them if they follow again, and
                    if they contacted you, report it to the DSL (clause 1.2).
                  </p>
                  <div className="audit-result__actions">
                    <Link
                      to={`/concerns/report?type=pupil_contact&platform=${encodeURIComponent(platformNames[platform])}`}
                    >
                      Report contact to the DSL
                    </Link>
                    <Button
                      variant={resolved[r.index] === 'done' ? 'primary' : 'secondary'}
                      aria-pressed={resolved[r.index] === 'done'}
                      onClick={() => setResolved((s) => ({ ...s, [r.index]: 'done' }))}
                    >
                      Removed or blocked
                    </Button>
                    <Button
                      variant={resolved[r.index] === 'not_this_person' ? 'primary' : 'quiet'}
                      aria-pressed={resolved[r.index] === 'not_this_person'}
                      onClick={() => setResolved((s) => ({ ...s, [r.index]: 'not_this_person' }))}
                    >
                      Not this person
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {recorded ? (
            <Banner tone="success" title="Check recorded" live>
              <p>Only the date, the platform and the counts were kept. Your list was not sent or stored.</p>
            </Banner>
          ) : (
            <Button onClick={record} busy={busy}>
              {allResolved ? 'Record this check' : 'Record this check (some matches still open)'}
            </Button>
          )}
        </section>
      ) : null}
    </Page>
  );
}
