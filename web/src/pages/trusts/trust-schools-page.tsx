import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { trustSchoolsQuery } from '../../api/queries';
import { createTrustSchool, type NewTrustSchool } from '../../api/trusts';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatDateTime } from '../../format';
import { TrustAdminLinks } from './trust-admin-links';

/**
 * The trust admin's list of the trust's schools, and adding one by creating it (the CLI's `school create`
 * then `trust add-school`, in one step). Schools are not removed here: see the note on the page.
 */
export function TrustSchoolsPage({ id }: { id: string }) {
  const schools = useQuery(trustSchoolsQuery(id));
  const name = schools.data?.trust.name;
  return (
    <Page
      title={name ? `Schools of ${name}` : 'Trust schools'}
      intro="Each school keeps its own staff, pupils, policy and records; the trust compares them side by side."
    >
      <TrustAdminLinks trustId={id} />
      {schools.isPending ? <Loading /> : null}
      {schools.isError ? (
        <ErrorNotice error={schools.error} title="The trust's schools could not be read" />
      ) : null}
      {schools.data ? (
        <Section title="Schools in the trust" id="trust-schools">
          <DataTable
            caption="The trust's schools, in the order they joined"
            rowKey={(school) => school.id}
            rows={schools.data.schools}
            columns={[
              { header: 'School', cell: (school) => school.name },
              { header: 'URN', cell: (school) => school.urn ?? '—' },
              { header: 'Email domains', cell: (school) => school.officialEmailDomains.join(', ') },
              { header: 'Joined', cell: (school) => formatDateTime(school.joinedAt) },
            ]}
          />
          <p>
            A school is not removed from the trust here: its policy versions, concerns and audit trail stay
            its own and are kept for their retention periods, so a school leaving the trust is arranged with
            your Guardpost operator.
          </p>
        </Section>
      ) : null}
      {schools.data ? <AddSchool trustId={id} /> : null}
    </Page>
  );
}

const emptyForm = { name: '', urn: '', domains: '', website: '', aupUrl: '' };

function AddSchool({ trustId }: { trustId: string }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(emptyForm);
  const [added, setAdded] = useState<string>();
  const set = (field: keyof typeof emptyForm) => (event: { target: { value: string } }) =>
    setForm((prev) => ({ ...prev, [field]: event.target.value }));
  const create = useMutation({
    mutationFn: () => {
      const body: NewTrustSchool = {
        name: form.name,
        officialEmailDomains: form.domains
          .split(/[\s,]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        ...(form.urn.trim() ? { urn: form.urn.trim() } : {}),
        ...(form.website.trim() ? { website: form.website.trim() } : {}),
        ...(form.aupUrl.trim() ? { aupUrl: form.aupUrl.trim() } : {}),
      };
      return createTrustSchool(trustId, body);
    },
    onSuccess: async (school) => {
      setAdded(school.name);
      setForm(emptyForm);
      await queryClient.invalidateQueries({ queryKey: trustSchoolsQuery(trustId).queryKey });
    },
  });
  return (
    <Section title="Add a school" id="add-trust-school">
      <p>
        The new school starts with the built-in policy as its first version, and joins the trust's dashboard.
        Its staff, with their roles, come with its first roster import, which your Guardpost operator runs (
        <code>guardpost roster import</code>).
      </p>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          setAdded(undefined);
          create.mutate();
        }}
      >
        <TextField label="School name" required maxLength={200} value={form.name} onChange={set('name')} />
        <TextField
          label="Official email domains"
          hint="The domains of staff email addresses, separated by commas, e.g. school.example"
          required
          value={form.domains}
          onChange={set('domains')}
        />
        <TextField
          label="URN (optional)"
          hint="The six-digit Unique Reference Number"
          inputMode="numeric"
          maxLength={6}
          value={form.urn}
          onChange={set('urn')}
        />
        <TextField label="Website (optional)" type="url" value={form.website} onChange={set('website')} />
        <TextField
          label="Acceptable use policy address (optional)"
          hint="On the school's website or an official domain"
          type="url"
          value={form.aupUrl}
          onChange={set('aupUrl')}
        />
        {create.isError ? <ErrorNotice error={create.error} title="The school was not added" /> : null}
        {added ? <p role="status">{added} is now in the trust.</p> : null}
        <Button type="submit" busy={create.isPending}>
          Add the school
        </Button>
      </form>
    </Section>
  );
}
