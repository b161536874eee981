import { type FormEvent, useState } from 'react';
import {
  type Account,
  type AccountInput,
  fetchAccount,
  platformOptions,
  purposeKinds,
  registerAccount,
  updateAccount,
} from '../../api/accounts';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { useRouter } from '../../router';
import { useAsync } from '../../use-async';

/** `/accounts/new` and `/accounts/:id/edit`: register an account, or edit a draft. */
export function AccountFormPage({ id }: { id?: string }) {
  const existing = useAsync(() => (id ? fetchAccount(id) : Promise.resolve(undefined)), [id]);
  return (
    <Page
      title={id ? 'Edit account' : 'Register an account'}
      intro="A distinct account for educational use, separate from any personal account and linked to an official school email address (clause 2.1)."
    >
      {existing.state === 'loading' ? <Loading /> : null}
      {existing.state === 'error' ? (
        <ErrorNotice error={existing.error} title="The account could not be loaded" />
      ) : null}
      {existing.state === 'ready' ? <AccountForm id={id} initial={existing.data} /> : null}
    </Page>
  );
}

function AccountForm({ id, initial }: { id: string | undefined; initial: Account | undefined }) {
  const { navigate } = useRouter();
  const [platform, setPlatform] = useState(initial?.platform ?? 'x');
  const [handle, setHandle] = useState(initial?.handle ?? '');
  const [profileUrl, setProfileUrl] = useState(initial?.handle ? '' : (initial?.profileUrl ?? ''));
  const [purposeKind, setPurposeKind] = useState(initial?.purposeKind ?? 'course');
  const [purpose, setPurpose] = useState(initial?.purpose ?? '');
  const [linkedEmail, setLinkedEmail] = useState(initial?.linkedEmail ?? '');
  const [audience, setAudience] = useState(initial?.audience.join(', ') ?? '');
  const [aboutText, setAboutText] = useState(initial?.aboutText ?? '');
  const [noDms, setNoDms] = useState(initial?.attestations.noDirectMessages ?? false);
  const [aupLink, setAupLink] = useState(initial?.attestations.aupLink ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const input: AccountInput = {
      platform,
      ...(handle.trim() ? { handle: handle.trim() } : {}),
      ...(profileUrl.trim() ? { profileUrl: profileUrl.trim() } : {}),
      purposeKind,
      purpose,
      linkedEmail,
      audience: audience
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      ...(aboutText.trim() ? { aboutText } : {}),
      attestsNoDirectMessages: noDms,
      attestsAupLink: aupLink,
    };
    try {
      const saved = id ? await updateAccount(id, input) : await registerAccount(input);
      navigate(`/accounts/${saved.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      {error ? <ErrorNotice error={error} title="The account was not saved" /> : null}
      <SelectField label="Platform" value={platform} onChange={(e) => setPlatform(e.target.value)}>
        {platformOptions.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Handle"
        hint="For example @Take1Media. Give the handle, the profile address, or both."
        value={handle}
        onChange={(e) => setHandle(e.target.value)}
      />
      <TextField
        label="Profile address"
        type="url"
        value={profileUrl}
        onChange={(e) => setProfileUrl(e.target.value)}
      />
      <SelectField
        label="Kind of purpose"
        value={purposeKind}
        onChange={(e) => setPurposeKind(e.target.value)}
      >
        {purposeKinds.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Purpose"
        hint="Shown on the public verification page: say what the account is for, never who runs it."
        required
        value={purpose}
        onChange={(e) => setPurpose(e.target.value)}
      />
      <TextField
        label="Linked official school email"
        type="email"
        required
        value={linkedEmail}
        onChange={(e) => setLinkedEmail(e.target.value)}
      />
      <TextField
        label="Audience"
        hint="Year groups or courses who will be told about it, separated by commas."
        value={audience}
        onChange={(e) => setAudience(e.target.value)}
      />
      <div className="field">
        <label htmlFor="about-text">About or bio text</label>
        <textarea id="about-text" rows={4} value={aboutText} onChange={(e) => setAboutText(e.target.value)} />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={noDms} onChange={(e) => setNoDms(e.target.checked)} /> Direct
          messages with students are switched off or not used (clause 2.7)
        </label>
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={aupLink} onChange={(e) => setAupLink(e.target.checked)} /> The About
          page links to the school's ICT Acceptable Use Policy (clause 2.8)
        </label>
      </div>
      <Button type="submit" busy={busy}>
        {id ? 'Save changes' : 'Save as draft'}
      </Button>
    </form>
  );
}
