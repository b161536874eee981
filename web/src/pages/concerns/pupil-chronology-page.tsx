import { useQuery } from '@tanstack/react-query';
import { linkTo } from '../../../../src/shared/links';
import { pupilChronologyPdfUrl } from '../../api/concerns';
import { pupilChronologyQuery, useStaffList } from '../../api/queries';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDate, formatDateTime } from '../../format';
import { Link } from '../../router';
import { Chronology } from './concern-page';
import { decisionLabels, roleLabels, typeShortLabels } from './labels';
import './concerns.css';

/**
 * `/safeguarding/pupils/:id`: one pupil's chronology across every concern the lead may see, for a review, a
 * transfer to the next school or an inspection; the PDF is the same record. Opening it is audited.
 */
export function PupilChronologyPage({ pupilId }: { pupilId: string }) {
  const chronology = useQuery(pupilChronologyQuery(pupilId));
  const staff = useStaffList();
  const names = new Map(staff.map((s) => [s.id, `${s.givenName} ${s.familyName}`]));
  const title = chronology.isSuccess ? `Chronology: ${chronology.data.pupil.name}` : 'Pupil chronology';
  return (
    <Page
      title={title}
      intro="Every concern about this pupil that you may see, oldest first, with each one's full chronology."
      actions={
        <a className="button button--secondary" href={pupilChronologyPdfUrl(pupilId)} download>
          Export as PDF
        </a>
      }
    >
      {chronology.isPending ? <Loading /> : null}
      {chronology.isError ? (
        <ErrorNotice error={chronology.error} title="The chronology could not be loaded" />
      ) : null}
      {chronology.isSuccess ? (
        <>
          <dl className="facts">
            <div>
              <dt>Date of birth</dt>
              <dd>
                {chronology.data.pupil.dateOfBirth
                  ? formatDate(chronology.data.pupil.dateOfBirth)
                  : 'Not known'}
              </dd>
            </div>
            <div>
              <dt>Concerns</dt>
              <dd>{chronology.data.concerns.length}</dd>
            </div>
          </dl>
          {chronology.data.concerns.length === 0 ? (
            <Empty>No concerns about this pupil that you may see.</Empty>
          ) : (
            <ol className="concern-pupil-history">
              {chronology.data.concerns.map((c) => {
                const role = c.pupils.find((p) => p.pupilId === pupilId)?.role;
                return (
                  <li key={c.id} className="card">
                    <h2>
                      <Link to={linkTo('concern', { id: c.id })}>{c.reference}</Link>
                    </h2>
                    <p>
                      {typeShortLabels[c.type]} · reported {formatDateTime(c.reportedAt)} by {c.reporter.name}
                      {role ? ` · this pupil: ${roleLabels[role].toLowerCase()}` : ''}{' '}
                      {c.status === 'closed' ? <Badge tone="good">Closed</Badge> : <Badge>Open</Badge>}
                    </p>
                    <p>Decision: {c.decision ? decisionLabels[c.decision] : 'none yet'}</p>
                    <Chronology
                      concern={c}
                      closed={c.status === 'closed'}
                      nameOf={(id) => names.get(id) ?? id}
                      headingLevel={3}
                    />
                  </li>
                );
              })}
            </ol>
          )}
        </>
      ) : null}
    </Page>
  );
}
