import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import {
  type AccountStatus,
  type Platform,
  platformOptions,
  type RegisterSettings,
  type StaffMember,
  saveRegisterSettings,
  staffName,
  statusLabels,
} from '../../api/accounts';
import { ApiError } from '../../api/client';
import { freshData, registerQuery, registerSettingsQuery, staffQuery } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { SearchableSelectField } from '../../components/searchable-select';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { useRouter } from '../../router';
import { can, useMe } from '../../session';
import { AccountTable } from './account-list';

/**
 * `/accounts/register`: the whole register for managers and SMT. It opens on every account, as its intro
 * promises; `?status=submitted` opens it on the approval queue.
 */
export function AccountsRegisterPage() {
  const me = useMe();
  const { location } = useRouter();
  const [status, setStatus] = useState(() => location.search.get('status') ?? '');
  const [platform, setPlatform] = useState('');
  const [owner, setOwner] = useState('');
  const staff = useQuery(staffQuery());
  const register = useQuery({
    // The filters come from selects of the server's own values; it refuses any other.
    ...registerQuery({
      ...(status ? { status: status as AccountStatus } : {}),
      ...(platform ? { platform: platform as Platform } : {}),
      ...(owner ? { owner } : {}),
    }),
    // Another filter keeps the current list on screen until its own arrives.
    placeholderData: keepPreviousData,
  });
  const people: StaffMember[] = staff.isSuccess
    ? [...staff.data.staff].sort(
        (a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName),
      )
    : [];
  return (
    <Page
      title="Accounts register"
      intro="Every school-sanctioned social media account, and the ones awaiting a decision."
    >
      <div className="filters">
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {Object.entries(statusLabels).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Platform" value={platform} onChange={(e) => setPlatform(e.target.value)}>
          <option value="">Any platform</option>
          {platformOptions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SearchableSelectField
          label="Owner"
          searchLabel="Search owners"
          hint="Accounts this person owns or co-owns."
          placeholder="Anyone"
          value={owner}
          onChange={setOwner}
          options={people.map((s) => ({ value: s.id, label: staffName(s) }))}
        />
      </div>
      {staff.isError ? (
        <ErrorNotice error={staff.error} title="The list of staff could not be loaded" />
      ) : null}
      {register.isPending ? <Loading /> : null}
      {register.isError ? (
        <ErrorNotice error={register.error} title="The register could not be loaded" />
      ) : null}
      {register.isSuccess && register.data.items.length === 0 ? <Empty>No accounts match.</Empty> : null}
      {register.isSuccess && register.data.items.length > 0 ? (
        <AccountTable caption="Accounts register" accounts={register.data.items} showOwners />
      ) : null}
      {can(me, 'accounts.settings') ? <RegisterSettingsSection /> : null}
    </Page>
  );
}

function RegisterSettingsSection() {
  const settings = useQuery(registerSettingsQuery());
  const initial = freshData(settings);
  return (
    <Section title="Register settings" id="register-settings">
      {settings.isError ? (
        <ErrorNotice error={settings.error} title="The register settings could not be loaded" />
      ) : initial ? (
        <RegisterSettingsForm initial={initial} />
      ) : (
        <Loading />
      )}
    </Section>
  );
}

type SettingsField = keyof RegisterSettings;

/** Server validation details ("body.reminderDays: …") as messages per field; anything else goes to the form. */
function settingsErrorsOf(error: unknown): Partial<Record<SettingsField | 'form', string>> {
  if (!(error instanceof ApiError)) return { form: 'The settings could not be saved.' };
  const errors: Partial<Record<SettingsField | 'form', string>> = {};
  for (const detail of error.details) {
    const match = /^(?:body\.)?(approvalMonths|reminderDays):\s*(.*)$/.exec(detail);
    if (match?.[1]) errors[match[1] as SettingsField] = match[2] || 'is not valid';
  }
  if (!errors.approvalMonths && !errors.reminderDays) {
    // The one rule across both fields: reminders must start inside the approval period.
    if (/reminder/i.test(error.message)) errors.reminderDays = error.message;
    else errors.form = error.message;
  }
  return errors;
}

function RegisterSettingsForm({ initial }: { initial: RegisterSettings }) {
  const queryClient = useQueryClient();
  const [months, setMonths] = useState(String(initial.approvalMonths));
  const [days, setDays] = useState(String(initial.reminderDays));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<RegisterSettings>();
  const [errors, setErrors] = useState<Partial<Record<SettingsField | 'form', string>>>({});
  const baseId = useId();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setSaved(undefined);
    try {
      const stored = await saveRegisterSettings({
        approvalMonths: Number(months),
        reminderDays: Number(days),
      });
      queryClient.setQueryData(registerSettingsQuery().queryKey, stored);
      setMonths(String(stored.approvalMonths));
      setDays(String(stored.reminderDays));
      setSaved(stored);
    } catch (caught) {
      const byField = settingsErrorsOf(caught);
      setErrors(byField);
      const first = (['approvalMonths', 'reminderDays'] as const).find((f) => byField[f]);
      if (first) document.getElementById(`${baseId}-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-label="Register settings">
      {saved ? (
        <Banner
          tone="success"
          title={`Saved: approvals last ${saved.approvalMonths} months; owners are reminded ${saved.reminderDays} days before.`}
        />
      ) : null}
      {errors.form ? (
        <ErrorNotice error={new Error(errors.form)} title="The settings were not saved" />
      ) : null}
      <TextField
        id={`${baseId}-approvalMonths`}
        label="Approval period (months)"
        hint="How long an approval lasts before the account returns for review (1 to 36; the default is 12)."
        type="number"
        inputMode="numeric"
        min={1}
        max={36}
        required
        value={months}
        error={errors.approvalMonths}
        onChange={(e) => {
          setMonths(e.target.value);
          setSaved(undefined);
        }}
      />
      <TextField
        id={`${baseId}-reminderDays`}
        label="Reminder window (days)"
        hint="How many days before an approval ends its owners and their managers are reminded (1 to 180)."
        type="number"
        inputMode="numeric"
        min={1}
        max={180}
        required
        value={days}
        error={errors.reminderDays}
        onChange={(e) => {
          setDays(e.target.value);
          setSaved(undefined);
        }}
      />
      <Button type="submit" busy={busy}>
        Save settings
      </Button>
    </form>
  );
}
