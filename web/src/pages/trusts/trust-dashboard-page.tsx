import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { switchSchool } from '../../api/endpoints';
import { Button } from '../../components/button';
import { describedBy, FieldFrame, SelectField, TextField } from '../../components/field';
import { Page, Section } from '../../components/page';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { DataTable } from '../../components/table';
import { formatDateTime } from '../../format';
import { useRouter } from '../../router';
import { useMe, useSession } from '../../session';
import { TrustAdminLinks } from './trust-admin-links';
import {
  fetchTrustDashboard,
  fetchTrustTemplates,
  publishTrustTemplate,
  type TrustCell,
  type TrustDashboard,
} from './trusts-api';

/**
 * A trust's schools side by side (counts only, small safeguarding numbers banded) and its policy templates.
 * A figure links to the school's own page only for those whose role in that school opens it; following it
 * switches the session to that school first.
 */
export function TrustDashboardPage({ id }: { id: string }) {
  const me = useMe();
  const administers = me.trusts.some((trust) => trust.id === id && trust.roles.includes('trust_admin'));
  const dashboard = useQuery({
    queryKey: ['/api/trusts/{id}/dashboard', id],
    queryFn: ({ signal }) => fetchTrustDashboard(id, signal),
  });
  const name = dashboard.data?.trust.name;
  return (
    <Page
      title={name ? `Trust: ${name}` : 'Trust dashboard'}
      intro='Counts only: no child or member of staff is named. Safeguarding counts of 1 to 4 show as "fewer than 5".'
    >
      {administers ? <TrustAdminLinks trustId={id} /> : null}
      {dashboard.isPending ? <Loading /> : null}
      {dashboard.isError ? (
        <ErrorNotice error={dashboard.error} title="The trust dashboard could not be opened" />
      ) : null}
      {dashboard.data ? <Comparison dashboard={dashboard.data} /> : null}
      {dashboard.data ? <Templates trustId={id} /> : null}
    </Page>
  );
}

function Comparison({ dashboard }: { dashboard: TrustDashboard }) {
  if (dashboard.schools.length === 0) return <Empty>No school is in this trust yet.</Empty>;
  const rows = dashboard.figures;
  return (
    <Section title={`Schools side by side, ${dashboard.from} to ${dashboard.to}`} id="trust-comparison">
      <DataTable
        caption="The trust's schools side by side"
        rowKey={(figure) => figure.key}
        rows={rows}
        columns={[
          {
            header: 'Figure',
            cell: (figure) => (
              <>
                <strong>{figure.label}</strong>
                <details>
                  <summary>Definition</summary>
                  {figure.definition}
                </details>
              </>
            ),
          },
          ...dashboard.schools.map((school) => ({
            header: school.name,
            cell: (figure: (typeof rows)[number]) => {
              const cell = school.cells.find((c) => c.key === figure.key);
              return cell ? <Figure cell={cell} schoolId={school.id} schoolName={school.name} /> : '—';
            },
          })),
        ]}
      />
    </Section>
  );
}

function Figure({ cell, schoolId, schoolName }: { cell: TrustCell; schoolId: string; schoolName: string }) {
  const me = useMe();
  const { refresh } = useSession();
  const { navigate } = useRouter();
  const [error, setError] = useState<string>();
  if (!cell.link) return <span className={cell.withheld ? 'muted' : undefined}>{cell.display}</span>;
  const link = cell.link;
  return (
    <>
      <a
        href={link}
        onClick={async (event) => {
          event.preventDefault();
          setError(undefined);
          try {
            // The school's pages show the school the session works in: move there first.
            if (me.school.id !== schoolId) {
              await switchSchool(schoolId);
              await refresh();
            }
            navigate(link);
          } catch (failure) {
            setError(failure instanceof ApiError ? failure.message : 'Could not open that school.');
          }
        }}
      >
        {cell.display}
        <span className="visually-hidden"> (open {schoolName}’s page)</span>
      </a>
      {error ? <p role="alert">{error}</p> : null}
    </>
  );
}

function Templates({ trustId }: { trustId: string }) {
  const queryClient = useQueryClient();
  const templates = useQuery({
    queryKey: ['/api/trusts/{id}/templates', trustId],
    queryFn: ({ signal }) => fetchTrustTemplates(trustId, signal),
  });
  const [label, setLabel] = useState('');
  const [text, setText] = useState('');
  const [format, setFormat] = useState<'markdown' | 'text'>('markdown');
  const publish = useMutation({
    mutationFn: () => publishTrustTemplate(trustId, { label, text, format }),
    onSuccess: async () => {
      setLabel('');
      setText('');
      await queryClient.invalidateQueries({ queryKey: ['/api/trusts/{id}/templates', trustId] });
    },
  });
  // The trust admin's pages link here (#trust-templates): once the section is drawn, bring it into view.
  useEffect(() => {
    if (templates.data && window.location.hash === '#trust-templates') {
      document.getElementById('trust-templates')?.scrollIntoView();
    }
  }, [templates.data]);
  if (templates.isPending) return <Loading label="Loading the policy templates…" />;
  if (templates.isError)
    return <ErrorNotice error={templates.error} title="The policy templates could not be read" />;
  const data = templates.data;
  return (
    <Section title="Policy templates" id="trust-templates">
      <p>
        A template version becomes a school's own policy version when its SMT, headteacher or admin adopts it
        (as it is, or adapted); staff are then asked to acknowledge it.
      </p>
      <DataTable
        caption="Which school is on which template version"
        rowKey={(school) => school.id}
        rows={data.schools}
        columns={[
          { header: 'School', cell: (school) => school.name },
          {
            header: 'Template version',
            cell: (school) =>
              school.templateLabel
                ? `${school.templateLabel}${school.adapted ? ' (adapted)' : ''}${school.stillCurrent ? '' : ', since replaced by its own version'}`
                : 'Not adopted',
          },
          {
            header: 'Adopted',
            cell: (school) => (school.adoptedAt ? formatDateTime(school.adoptedAt) : '—'),
          },
        ]}
      />
      {data.templates.length ? (
        <ul>
          {data.templates.map((t) => (
            <li key={t.id}>
              Version {t.label}, published {formatDateTime(t.publishedAt)}: adopted by {t.adoptedBy} of{' '}
              {data.schools.length} schools
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No template published yet.</Empty>
      )}
      {data.canPublish ? (
        <form
          className="card"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            publish.mutate();
          }}
        >
          <h3>Publish a template version</h3>
          <TextField
            label="Version label"
            required
            maxLength={60}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
          <SelectField
            label="Written as"
            value={format}
            onChange={(e) => setFormat(e.target.value === 'text' ? 'text' : 'markdown')}
          >
            <option value="markdown">Markdown</option>
            <option value="text">Plain text</option>
          </SelectField>
          <FieldFrame
            label="Policy text"
            hint={
              format === 'markdown'
                ? 'Numbered clauses as headings, e.g. ### 1.1 Personal accounts'
                : 'Numbered clauses on their own lines, e.g. 1.1 Personal accounts'
            }
          >
            {({ inputId, hintId }) => (
              <textarea
                id={inputId}
                aria-describedby={describedBy(hintId)}
                required
                rows={10}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </FieldFrame>
          {publish.isError ? (
            <ErrorNotice error={publish.error} title="The template was not published" />
          ) : null}
          {publish.isSuccess ? <p role="status">Published.</p> : null}
          <Button type="submit" busy={publish.isPending}>
            Publish to the trust's schools
          </Button>
        </form>
      ) : null}
    </Section>
  );
}
