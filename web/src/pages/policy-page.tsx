import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { acknowledgePolicy, type Clause, type PolicyOverview, type ReviewStatus } from '../api/endpoints';
import { acknowledgementReportQuery, myAcknowledgementsQuery, policyKeys, policyQuery } from '../api/queries';
import { Banner } from '../components/banner';
import { Button } from '../components/button';
import { Page, Section } from '../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../components/status';
import { formatCount, formatDate, formatDateTime } from '../format';
import { Link } from '../router';
import { can, useMe } from '../session';
import { currentAcknowledgedAt } from './acknowledgements';
import { PolicyKeeping } from './policy-keeping';

export function PolicyPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const policy = useQuery(policyQuery(me.school.id));
  // A review or a new version changes the policy, and a new version what everyone has acknowledged.
  const onChanged = () => {
    for (const queryKey of policyKeys) void queryClient.invalidateQueries({ queryKey });
  };
  return (
    <Page
      title="Staff social media policy"
      intro={`The policy in force at ${me.school.name}, clause by clause.`}
    >
      {policy.isPending ? <Loading /> : null}
      {policy.isError ? <ErrorNotice error={policy.error} title="The policy could not be loaded" /> : null}
      {policy.isSuccess ? <PolicyContent policy={policy.data} onChanged={onChanged} /> : null}
    </Page>
  );
}

function PolicyContent({ policy, onChanged }: { policy: PolicyOverview; onChanged(): void }) {
  const me = useMe();
  const sections: { id: Clause['section']; title: string }[] = [
    { id: 'preamble', title: 'About this policy' },
    { id: 'personal', title: 'Personal use of social media' },
    { id: 'sanctioned', title: 'School-sanctioned use' },
  ];
  return (
    <>
      {policy.review ? <ReviewBanner review={policy.review} /> : null}
      {policy.current ? (
        <Acknowledgement label={policy.current.label} />
      ) : (
        <Banner tone="warning" title="No policy has been loaded for this school yet" />
      )}
      {can(me, 'policy.acknowledgements.read') ? <AcknowledgementSummaryCard /> : null}
      {can(me, 'policy.import') ? <PolicyKeeping onChanged={onChanged} /> : null}

      <Section title="Clauses" id="clauses">
        <p className="muted">
          Each clause has a stable number. Checks and workflows cite these numbers in every decision they
          make.
        </p>
        {sections.map((section) => {
          const clauses = policy.clauses.filter((clause) => clause.section === section.id);
          if (clauses.length === 0) return null;
          return (
            <div key={section.id} className="clause-group">
              <h3>{section.title}</h3>
              <ol className="clauses">
                {clauses.map((clause) => (
                  <li key={clause.id} className="clause" id={`clause-${clause.id}`}>
                    <div className="clause__head">
                      <span className="clause__id">{clause.id}</span>
                      <span className="clause__title">{clause.title}</span>
                      <Badge
                        tone={
                          clause.strength === 'must'
                            ? 'bad'
                            : clause.strength === 'should'
                              ? 'warn'
                              : 'neutral'
                        }
                      >
                        {clause.strength}
                      </Badge>
                    </div>
                    <p className="clause__summary">{clause.summary}</p>
                    <p className="clause__meta">
                      Carried by: {clause.enforcement.map(enforcementLabel).join(', ')}
                    </p>
                  </li>
                ))}
              </ol>
            </div>
          );
        })}
      </Section>

      <Section title="Versions and review history" id="versions">
        {policy.versions.length === 0 ? <Empty>No versions yet.</Empty> : null}
        <ul className="versions">
          {policy.versions.map((version) => (
            <li key={version.id} className="version">
              <div className="version__head">
                <h3>
                  {version.label} <span className="muted">· {version.title}</span>
                </h3>
                {version.isCurrent ? <Badge tone="good">Current</Badge> : <Badge>Superseded</Badge>}
              </div>
              <dl className="facts">
                <div>
                  <dt>In force from</dt>
                  <dd>{formatDate(version.effectiveFrom)}</dd>
                </div>
                <div>
                  <dt>Next review due</dt>
                  <dd>{formatDate(version.nextReviewDue)}</dd>
                </div>
                <div>
                  <dt>Source</dt>
                  <dd>{version.source === 'seed' ? 'Built-in seed policy' : 'Imported by the school'}</dd>
                </div>
              </dl>
              {version.reviews.length > 0 ? (
                <ol className="history" aria-label={`Review history of ${version.label}`}>
                  {version.reviews.map((review) => (
                    <li key={`${review.kind}-${review.on}`}>
                      <strong>{review.kind === 'written' ? 'Written' : 'Reviewed'}</strong>{' '}
                      {formatDate(review.on)}
                      {review.note ? <span className="muted"> – {review.note}</span> : null}
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>

      {policy.current ? (
        <Section title="Full text" id="full-text">
          <details className="full-text">
            <summary>Read the full policy text ({policy.current.sections.length} sections)</summary>
            {policy.current.sections.map((section) => (
              <div key={section.id} className="full-text__section">
                <h3>{section.title}</h3>
                <p>{section.text}</p>
              </div>
            ))}
          </details>
        </Section>
      ) : null}
    </>
  );
}

function enforcementLabel(kind: Clause['enforcement'][number]): string {
  return kind === 'check' ? 'automatic check' : kind === 'workflow' ? 'workflow' : 'advice to staff';
}

/** The review status stated plainly: an overdue policy must be impossible to miss. */
/** SMT, the headteacher and admins record reviews and publish versions (the server decides; this hides forms). */
export function ReviewBanner({ review }: { review: ReviewStatus }) {
  const me = useMe();
  if (review.status === 'overdue') {
    return (
      <Banner tone="danger" title="This policy is overdue for review" id="review-status">
        <p>
          It was due for review on <strong>{formatDate(review.nextReviewDue)}</strong>,{' '}
          {formatCount(review.daysOverdue, 'day')} ago. Staff should still follow it, and the senior
          leadership team should review it and publish a new version.
        </p>
        {can(me, 'policy.import') ? (
          <p>
            <Link to="/policy#policy-keeping">Record a review or publish a new version</Link>
          </p>
        ) : null}
      </Banner>
    );
  }
  if (review.status === 'due_soon') {
    return (
      <Banner tone="warning" title="This policy is due for review soon" id="review-status">
        <p>
          Review due on <strong>{formatDate(review.nextReviewDue)}</strong> (in{' '}
          {formatCount(review.daysUntilDue, 'day')}).
        </p>
      </Banner>
    );
  }
  return (
    <Banner tone="success" title="This policy is up to date" id="review-status">
      <p>Next review due on {formatDate(review.nextReviewDue)}.</p>
    </Banner>
  );
}

function Acknowledgement({ label }: { label: string }) {
  const queryClient = useQueryClient();
  const mine = useQuery(myAcknowledgementsQuery());
  const [done, setDone] = useState<{ acknowledgedAt: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const acknowledgedAt = done?.acknowledgedAt ?? (mine.isSuccess ? currentAcknowledgedAt(mine.data) : null);

  return (
    <section className="card card--accent" aria-labelledby="ack-heading">
      <h2 id="ack-heading">Your acknowledgement</h2>
      {mine.isPending ? <Loading /> : null}
      {acknowledgedAt ? (
        <Banner tone="success" title="You have acknowledged this policy" live={done !== undefined}>
          <p>
            You confirmed you have read and understood {label} on {formatDateTime(acknowledgedAt)}.
          </p>
        </Banner>
      ) : !mine.isPending ? (
        <>
          <p>
            Every member of staff confirms they have read and understood the current version ({label}). Read
            the clauses below, then confirm.
          </p>
          {error ? <ErrorNotice error={error} title="Your acknowledgement was not saved" /> : null}
          <Button
            busy={busy}
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                setDone(await acknowledgePolicy());
                // The overview's reminder and the staff summary count this acknowledgement.
                void queryClient.invalidateQueries({ queryKey: myAcknowledgementsQuery().queryKey });
                void queryClient.invalidateQueries({ queryKey: acknowledgementReportQuery().queryKey });
              } catch (failure) {
                setError(failure);
              } finally {
                setBusy(false);
              }
            }}
          >
            I have read and understood this policy
          </Button>
        </>
      ) : null}
      {mine.isError && !(mine.error instanceof ApiError && mine.error.status === 404) ? (
        <ErrorNotice error={mine.error} title="Your acknowledgement could not be loaded" />
      ) : null}
    </section>
  );
}

function AcknowledgementSummaryCard() {
  const summary = useQuery(acknowledgementReportQuery());
  return (
    <Section title="Staff acknowledgements" id="acknowledgements">
      {summary.isPending ? <Loading /> : null}
      {summary.isError ? (
        <ErrorNotice error={summary.error} title="Acknowledgements could not be loaded" />
      ) : null}
      {summary.isSuccess ? (
        <>
          <p>
            <strong>{summary.data.percentage}%</strong> of staff ({summary.data.acknowledged} of{' '}
            {summary.data.total}) have acknowledged the current version.
          </p>
          <progress
            max={100}
            value={summary.data.percentage}
            aria-label="Share of staff who have acknowledged"
          />
          <details>
            <summary>
              Not yet acknowledged ({summary.data.staff.filter((s) => !s.acknowledgedAt).length})
            </summary>
            <ul className="plain-list">
              {summary.data.staff
                .filter((s) => !s.acknowledgedAt)
                .map((s) => (
                  <li key={s.staffId}>
                    {s.name} <span className="muted">{s.email}</span>
                  </li>
                ))}
            </ul>
          </details>
        </>
      ) : null}
    </Section>
  );
}
