import { useQuery } from '@tanstack/react-query';
import { carerQuery } from '../api/queries';
import { Page, Section } from '../components/page';
import { Empty, ErrorNotice, Loading } from '../components/status';
import { yearGroupLabel } from '../format';
import { Link } from '../router';
import { pupilName } from './people-page';

export function CarerPage({ id }: { id: string }) {
  const carer = useQuery(carerQuery(id));
  if (carer.isPending)
    return (
      <Page title="Carer">
        <Loading />
      </Page>
    );
  if (carer.isError) {
    return (
      <Page title="Carer">
        <ErrorNotice error={carer.error} title="This carer could not be loaded" />
      </Page>
    );
  }
  const c = carer.data;
  return (
    <Page title={`${c.givenName} ${c.familyName}`} intro="Parent or carer">
      <Section title="Contact" id="carer-contact">
        <dl className="facts">
          <div>
            <dt>Email</dt>
            <dd>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : notShown}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : notShown}</dd>
          </div>
        </dl>
      </Section>
      <Section title="Pupils" id="carer-pupils">
        {c.pupils.length === 0 ? (
          <Empty>No pupils are linked to this carer.</Empty>
        ) : (
          <ul className="plain-list people-list">
            {c.pupils.map((pupil) => (
              <li key={pupil.id}>
                <Link to={`/people/pupils/${pupil.id}`}>{pupilName(pupil)}</Link>
                <span className="muted">
                  {' · '}
                  {yearGroupLabel(pupil.yearGroup)}
                  {pupil.relationship ? ` · ${pupil.relationship}` : ''}
                  {pupil.parentalResponsibility ? ' · parental responsibility' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Page>
  );
}

/** Contact details are null both when missing and when the viewer's role may not see them. */
const notShown = 'Not recorded or not shown to your role';
