import { useQuery } from '@tanstack/react-query';
import { type ArchiveRecord, archivePdfUrl } from '../../api/archive';
import { type ConsentState, stateLabels } from '../../api/consents';
import { archiveRecordQuery, useRuleTitles } from '../../api/queries';
import { Page, Section } from '../../components/page';
import { Badge, ErrorNotice, Loading } from '../../components/status';
import { formatDate, formatDateTime } from '../../format';
import { Link } from '../../router';
import { VerdictBadge } from './archive-page';
import './archive.css';

function consentLabel(state: string): string {
  return stateLabels[state as ConsentState] ?? state;
}

/** One publication record, exactly as archived: nothing on this page can be changed. */
export function ArchiveRecordPage({ id }: { id: string }) {
  const record = useQuery(archiveRecordQuery(id));
  if (record.isPending)
    return (
      <Page title="Publication record">
        <Loading />
      </Page>
    );
  if (record.isError)
    return (
      <Page title="Publication record">
        <ErrorNotice error={record.error} title="This record could not be opened" />
        <p>
          <Link to="/archive">Back to the archive</Link>
        </p>
      </Page>
    );
  return <RecordView record={record.data} />;
}

function RecordView({ record }: { record: ArchiveRecord }) {
  const ruleTitle = useRuleTitles();
  return (
    <Page
      title="Publication record"
      intro={`Published on ${record.account.handle} on ${formatDateTime(record.publishedAt)} by ${record.publishedBy.name}. This record is kept as it was and cannot be changed.`}
      actions={
        <a className="button button--secondary" href={archivePdfUrl(record.id)} download>
          Download PDF
        </a>
      }
    >
      <p>
        <Link to="/archive">Back to the archive</Link>
      </p>
      <Section title="Publication" id="record-publication">
        <dl className="facts">
          <div>
            <dt>Account</dt>
            <dd>
              {record.account.handle} ({record.account.platform})
            </dd>
          </div>
          <div>
            <dt>Published by</dt>
            <dd>{record.publishedBy.name}</dd>
          </div>
          <div>
            <dt>Published at</dt>
            <dd>{formatDateTime(record.publishedAt)}</dd>
          </div>
          <div>
            <dt>Check result</dt>
            <dd>
              <VerdictBadge verdict={record.verdict} />
            </dd>
          </div>
        </dl>
        <p className="archive-url">
          Published address:{' '}
          <a href={record.publishedUrl} rel="noopener noreferrer" target="_blank">
            {record.publishedUrl}
          </a>
        </p>
        {record.platformPostId ? (
          <p className="archive-url">
            Published through Guardpost; the platform’s own id: <code>{record.platformPostId}</code>
          </p>
        ) : null}
      </Section>
      <Section title="What was published" id="record-content">
        <p className="archive-text">{record.text || '(no text)'}</p>
        {record.links.length > 0 ? (
          <>
            <h3>Links</h3>
            <ul className="plain-list archive-links">
              {record.links.map((link) => (
                <li key={link}>{link}</li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>Photos</h3>
        {record.photos.length === 0 ? (
          <p className="muted">No photos.</p>
        ) : (
          <ul className="archive-photos">
            {record.photos.map((photo, index) => (
              <li key={photo.sha256}>
                <img
                  src={`data:image/jpeg;base64,${photo.thumbnail}`}
                  alt={`As published, ${index + 1} of ${record.photos.length} (small copy)`}
                />
                <p className="archive-hash">
                  SHA-256 <code>{photo.sha256}</code>
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Pupils and consent when published" id="record-pupils">
        {record.noIdentifiablePupils ? (
          <p>The author confirmed that no pupil can be identified in this post.</p>
        ) : record.taggedPupils.length === 0 ? (
          <p className="muted">No pupils were tagged.</p>
        ) : (
          <ul className="plain-list">
            {record.taggedPupils.map((pupil) => (
              <li key={pupil.pupilId}>
                <strong>{pupil.name ?? 'Pupil no longer on the roster'}</strong>: social media consent{' '}
                <Badge tone={pupil.consentState === 'granted' ? 'good' : 'bad'}>
                  {consentLabel(pupil.consentState)}
                </Badge>
                {pupil.expiresOn ? ` until ${formatDate(pupil.expiresOn)}` : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Check findings" id="record-findings">
        {record.findings.length === 0 ? (
          <p>The check found nothing.</p>
        ) : (
          <ul className="plain-list archive-findings">
            {record.findings.map((finding) => (
              <li
                key={`${finding.rule}-${finding.part}-${finding.start ?? ''}-${finding.imageIndex ?? ''}-${finding.message}`}
              >
                <Badge
                  tone={
                    finding.severity === 'block' ? 'bad' : finding.severity === 'review' ? 'warn' : 'neutral'
                  }
                >
                  {finding.severity === 'block'
                    ? 'Block'
                    : finding.severity === 'review'
                      ? 'Review'
                      : 'Advice'}
                </Badge>{' '}
                Clause {finding.clause}: {ruleTitle(finding.rule) ?? finding.rule}. {finding.message}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Approvals" id="record-approvals">
        {record.approvals.length === 0 ? (
          <p>No approval was needed.</p>
        ) : (
          <ul className="plain-list">
            {record.approvals.map((approval) => (
              <li key={`${approval.approverStaffId}-${approval.at}`}>
                Approved by <strong>{approval.approverName}</strong> on {formatDateTime(approval.at)}:{' '}
                {approval.reason}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Page>
  );
}
