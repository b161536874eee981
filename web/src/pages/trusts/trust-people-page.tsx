import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { trustPeopleQuery } from '../../api/queries';
import { grantTrustRoles, revokeTrustRole, type TrustPeople, type TrustRole } from '../../api/trusts';
import { Button } from '../../components/button';
import { TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatDateTime } from '../../format';
import { TrustAdminLinks } from './trust-admin-links';

/** Each trust role, and what it may do (the README's table, in brief). */
const trustRoleInfo: Record<TrustRole, { label: string; does: string }> = {
  trust_admin: {
    label: 'Trust admin',
    does: 'adds schools, grants and revokes trust roles, publishes policy templates',
  },
  trust_safeguarding_lead: {
    label: 'Trust safeguarding lead',
    does: 'reads the dashboard with its safeguarding counts, publishes policy templates',
  },
  trust_executive: { label: 'Trust executive', does: 'reads the dashboard with its safeguarding counts' },
};
const allTrustRoles = Object.keys(trustRoleInfo) as TrustRole[];

/**
 * The trust admin's list of who holds which trust roles, granting roles by email (inviting someone new with
 * their names) and revoking them one at a time. The trust keeps one trust admin at least.
 */
export function TrustPeoplePage({ id }: { id: string }) {
  const people = useQuery(trustPeopleQuery(id));
  const name = people.data?.trust.name;
  return (
    <Page
      title={name ? `People with roles in ${name}` : 'People with trust roles'}
      intro="Trust roles reach every school of the trust, whatever the person's role in each school. Every trust role needs a second factor."
    >
      <TrustAdminLinks trustId={id} />
      {people.isPending ? <Loading /> : null}
      {people.isError ? (
        <ErrorNotice error={people.error} title="The trust's people could not be read" />
      ) : null}
      {people.data ? <Holders trustId={id} people={people.data.people} /> : null}
      {people.data ? <Grant trustId={id} /> : null}
    </Page>
  );
}

function Holders({ trustId, people }: { trustId: string; people: TrustPeople['people'] }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (input: { email: string; role: TrustRole }) => revokeTrustRole(trustId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trustPeopleQuery(trustId).queryKey }),
  });
  return (
    <Section title="Who holds trust roles" id="trust-people">
      {people.length === 0 ? <Empty>Nobody holds a trust role.</Empty> : null}
      {revoke.isError ? <ErrorNotice error={revoke.error} title="The role was not revoked" /> : null}
      {revoke.isSuccess ? <p role="status">Revoked.</p> : null}
      <DataTable
        caption="People with trust roles"
        rowKey={(person) => person.staffId}
        rows={people}
        columns={[
          { header: 'Name', cell: (person) => person.name },
          { header: 'Email', cell: (person) => person.email },
          {
            header: 'Roles',
            cell: (person) => (
              <ul className="plain-list">
                {person.roles.map((role) => (
                  <li key={role}>
                    {trustRoleInfo[role].label}{' '}
                    {/* Named in full for a screen reader; a hidden span here would widen the page on a phone. */}
                    <Button
                      variant="quiet"
                      aria-label={`Revoke ${trustRoleInfo[role].label} from ${person.name}`}
                      busy={revoke.isPending && revoke.variables?.email === person.email}
                      onClick={() => revoke.mutate({ email: person.email, role })}
                    >
                      Revoke
                    </Button>
                  </li>
                ))}
              </ul>
            ),
          },
          { header: 'Since', cell: (person) => formatDateTime(person.since) },
        ]}
      />
    </Section>
  );
}

const emptyForm = { email: '', givenName: '', familyName: '' };

function Grant({ trustId }: { trustId: string }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(emptyForm);
  const [roles, setRoles] = useState<TrustRole[]>([]);
  const [granted, setGranted] = useState<string>();
  const [noRole, setNoRole] = useState(false);
  const set = (field: keyof typeof emptyForm) => (event: { target: { value: string } }) =>
    setForm((prev) => ({ ...prev, [field]: event.target.value }));
  const grant = useMutation({
    mutationFn: () =>
      grantTrustRoles(trustId, {
        email: form.email,
        roles,
        ...(form.givenName.trim() ? { givenName: form.givenName.trim() } : {}),
        ...(form.familyName.trim() ? { familyName: form.familyName.trim() } : {}),
      }),
    onSuccess: async () => {
      setGranted(form.email);
      setForm(emptyForm);
      setRoles([]);
      await queryClient.invalidateQueries({ queryKey: trustPeopleQuery(trustId).queryKey });
    },
  });
  return (
    <Section title="Grant trust roles" id="grant-trust-roles">
      <p>
        The roles chosen replace any the person holds in this trust. Someone new to Guardpost sets their
        password with “Forgotten your password?” on the sign-in page, then an authenticator app.
      </p>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          setGranted(undefined);
          setNoRole(roles.length === 0);
          if (roles.length > 0) grant.mutate();
        }}
      >
        <TextField label="Email address" type="email" required value={form.email} onChange={set('email')} />
        <fieldset className="checklist" aria-describedby={noRole ? 'grant-no-role' : undefined}>
          <legend>Roles</legend>
          {noRole ? (
            <p className="field__error" id="grant-no-role">
              Choose one role at least.
            </p>
          ) : null}
          {allTrustRoles.map((role) => (
            <div key={role} className="checkbox">
              <input
                type="checkbox"
                id={`grant-${role}`}
                aria-describedby={`grant-${role}-does`}
                checked={roles.includes(role)}
                onChange={(e) =>
                  setRoles((prev) => (e.target.checked ? [...prev, role] : prev.filter((r) => r !== role)))
                }
              />
              <label htmlFor={`grant-${role}`}>
                {trustRoleInfo[role].label}
                <span className="field__hint" id={`grant-${role}-does`}>
                  {' '}
                  ({trustRoleInfo[role].does})
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        <TextField
          label="Given name"
          hint="Only for someone new to Guardpost"
          maxLength={100}
          value={form.givenName}
          onChange={set('givenName')}
        />
        <TextField
          label="Family name"
          hint="Only for someone new to Guardpost"
          maxLength={100}
          value={form.familyName}
          onChange={set('familyName')}
        />
        {grant.isError ? <ErrorNotice error={grant.error} title="The roles were not granted" /> : null}
        {granted ? <p role="status">Granted to {granted}.</p> : null}
        <Button type="submit" busy={grant.isPending}>
          Grant the roles
        </Button>
      </form>
    </Section>
  );
}
