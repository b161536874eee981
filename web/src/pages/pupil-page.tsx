import { useQuery } from '@tanstack/react-query';
import { pupilQuery } from '../api/queries';
import { Page, Section } from '../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../components/status';
import { formatDate, yearGroupLabel } from '../format';
import { Link } from '../router';
import { ConsentPanel } from './consents/consent-panel';
import { pupilName } from './people-page';

export function PupilPage({ id }: { id: string }) {
  const pupil = useQuery(pupilQuery(id));
  if (pupil.isPending)
    return (
      <Page title="Pupil">
        <Loading />
      </Page>
    );
  if (pupil.isError) {
    return (
      <Page title="Pupil">
        <ErrorNotice error={pupil.error} title="This pupil could not be loaded" />
        <p>
          <Link to="/people">Back to the pupil search</Link>
        </p>
      </Page>
    );
  }
  const p = pupil.data;
  return (
    <Page title={pupilName(p)} intro={<Link to="/people">Back to the pupil search</Link>}>
      <Section title="Details" id="pupil-details">
        <dl className="facts">
          <div>
            <dt>Year group</dt>
            <dd>{yearGroupLabel(p.yearGroup)}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              {p.status === 'current' ? <Badge tone="good">On roll</Badge> : <Badge>Left</Badge>}
              {p.leftOn ? ` on ${formatDate(p.leftOn)}` : ''}
            </dd>
          </div>
          <div>
            <dt>Date of birth</dt>
            <dd>{p.dateOfBirth ? formatDate(p.dateOfBirth) : 'Not recorded or not shown to your role'}</dd>
          </div>
        </dl>
      </Section>
      <Section title="Carers" id="pupil-carers">
        {p.carers.length === 0 ? (
          <Empty>No carers are linked to this pupil.</Empty>
        ) : (
          <ul className="plain-list people-list">
            {p.carers.map((carer) => (
              <li key={carer.id}>
                <Link to={`/people/carers/${carer.id}`}>
                  {carer.givenName} {carer.familyName}
                </Link>
                <span className="muted">
                  {carer.relationship ? ` · ${carer.relationship}` : ''}
                  {carer.parentalResponsibility ? ' · parental responsibility' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <ConsentPanel pupil={p} />
    </Page>
  );
}
