import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type Account,
  type AccountInput,
  platformOptions,
  purposeKinds,
  registerAccount,
  type StaffMember,
  staffName,
  updateAccount,
} from '../../api/accounts';
import { accountQuery, apiKey, freshData, myAccountsQuery, staffQuery } from '../../api/queries';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { SearchableSelectField } from '../../components/searchable-select';
import { ErrorNotice, Loading } from '../../components/status';
import { useRouter } from '../../router';
import { useMe } from '../../session';

/** `/accounts/new` and `/accounts/:id/edit`: register an account, or edit a draft. */
export function AccountFormPage({ id }: { id?: string }) {
  // A draft being edited is read afresh (the form copies it once); a new one needs only the staff.
  const account = useQuery({ ...accountQuery(id ?? ''), enabled: id !== undefined });
  const staff = useQuery(staffQuery());
  const initial = freshData(account);
  const error = (id !== undefined ? account.error : null) ?? staff.error;
  return (
    <Page
      title={id ? 'Edit account' : 'Register an account'}
      intro="A distinct account for educational use, separate from any personal account and linked to an official school email address (clause 2.1)."
    >
      {error ? (
        <ErrorNotice error={error} title="The account could not be loaded" />
      ) : staff.isSuccess && (id === undefined || initial) ? (
        <AccountForm id={id} initial={initial} staff={staff.data.staff} />
      ) : (
        <Loading />
      )}
    </Page>
  );
}

function AccountForm({
  id,
  initial,
  staff,
}: {
  id: string | undefined;
  initial: Account | undefined;
  staff: StaffMember[];
}) {
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const me = useMe();
  const [platform, setPlatform] = useState<string>(initial?.platform ?? '');
  const [handle, setHandle] = useState(initial?.handle ?? '');
  const [profileUrl, setProfileUrl] = useState(initial?.handle ? '' : (initial?.profileUrl ?? ''));
  const [purposeKind, setPurposeKind] = useState(initial?.purposeKind ?? 'course');
  const [purpose, setPurpose] = useState(initial?.purpose ?? '');
  const [linkedEmail, setLinkedEmail] = useState(initial?.linkedEmail ?? '');
  const [audience, setAudience] = useState(initial?.audience.join(', ') ?? '');
  const [aboutText, setAboutText] = useState(initial?.aboutText ?? '');
  const [noDms, setNoDms] = useState(initial?.attestations.noDirectMessages ?? false);
  const [aupLink, setAupLink] = useState(initial?.attestations.aupLink ?? false);
  const [coOwnerIds, setCoOwnerIds] = useState<string[]>(
    () => initial?.owners.filter((o) => !o.primary).map((o) => o.staffId) ?? [],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const input: AccountInput = {
      ...(platform ? { platform: platform as NonNullable<AccountInput['platform']> } : {}),
      ...(handle.trim() ? { handle: handle.trim() } : {}),
      ...(profileUrl.trim() ? { profileUrl: profileUrl.trim() } : {}),
      purposeKind: purposeKind as AccountInput['purposeKind'],
      purpose,
      linkedEmail,
      audience: audience
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      ...(aboutText.trim() ? { aboutText } : {}),
      coOwnerStaffIds: coOwnerIds,
      attestsNoDirectMessages: noDms,
      attestsAupLink: aupLink,
    };
    try {
      const saved = id ? await updateAccount(id, input) : await registerAccount(input);
      // The account's page, my accounts and the register show it.
      void queryClient.invalidateQueries({ queryKey: accountQuery(saved.id).queryKey });
      void queryClient.invalidateQueries({ queryKey: myAccountsQuery().queryKey });
      void queryClient.invalidateQueries({ queryKey: apiKey('/api/accounts') });
      navigate(`/accounts/${saved.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      {error ? <ErrorNotice error={error} title="The account was not saved" /> : null}
      <SelectField
        label="Platform"
        hint="Leave it to the profile address, or choose it when you give only a handle."
        value={platform}
        onChange={(e) => setPlatform(e.target.value)}
      >
        <option value="">From the profile address</option>
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
      <CoOwnersField
        staff={staff}
        primaryOwnerId={initial?.owners.find((o) => o.primary)?.staffId ?? me.person.id}
        initialNames={initial?.owners ?? []}
        value={coOwnerIds}
        onChange={setCoOwnerIds}
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

/**
 * Co-owners chosen from the school's staff: a list of those chosen (each removable) and a picker for one
 * more. The primary owner is never offered; people who have left are not offered either.
 */
function CoOwnersField({
  staff,
  primaryOwnerId,
  initialNames,
  value,
  onChange,
}: {
  staff: StaffMember[];
  primaryOwnerId: string;
  initialNames: { staffId: string; name: string }[];
  value: string[];
  onChange(ids: string[]): void;
}) {
  const [choice, setChoice] = useState('');
  const nameOf = (staffId: string) => {
    const member = staff.find((s) => s.id === staffId);
    return member ? staffName(member) : (initialNames.find((o) => o.staffId === staffId)?.name ?? staffId);
  };
  const offered = staff
    .filter((s) => s.status === 'active' && s.id !== primaryOwnerId && !value.includes(s.id))
    .sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName));
  const add = () => {
    if (!choice) return;
    onChange([...value, choice]);
    setChoice('');
  };
  return (
    <fieldset className="field" id="co-owners">
      <legend>Co-owners</legend>
      <p className="field__hint">
        Other members of staff who run the account with you. They see it under their accounts and are told
        about its checks.
      </p>
      {value.length > 0 ? (
        <ul aria-label="Chosen co-owners">
          {value.map((staffId) => (
            <li key={staffId}>
              {nameOf(staffId)}{' '}
              <Button
                variant="quiet"
                aria-label={`Remove ${nameOf(staffId)} as co-owner`}
                onClick={() => onChange(value.filter((v) => v !== staffId))}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No co-owners yet.</p>
      )}
      {value.length < 10 ? (
        <div className="actions">
          <SearchableSelectField
            label="Add a co-owner"
            searchLabel="Search staff"
            placeholder="Choose a member of staff"
            value={choice}
            onChange={setChoice}
            options={offered.map((s) => ({ value: s.id, label: `${staffName(s)} (${s.email})` }))}
          />
          <Button variant="secondary" disabled={!choice} onClick={add}>
            Add co-owner
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
