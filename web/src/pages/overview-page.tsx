import { useQuery } from '@tanstack/react-query';
import { myAcknowledgementsQuery, notificationsQuery, policyQuery } from '../api/queries';
import { Page, Section } from '../components/page';
import { ErrorNotice, Loading } from '../components/status';
import { formatCount, formatDateTime } from '../format';
import { navItemsFor } from '../nav';
import { Link } from '../router';
import { useMe } from '../session';
import { currentAcknowledgedAt } from './acknowledgements';
import { BlockListWarning } from './checks/block-list-warning';
import { ReviewBanner } from './policy-page';
import { TakedownsSummary } from './takedowns/takedowns-page';

/** The first page after sign-in: what needs this person's attention today. */
export function OverviewPage() {
  const me = useMe();
  const policy = useQuery(policyQuery(me.school.id));
  const mine = useQuery(myAcknowledgementsQuery());
  const notifications = useQuery(notificationsQuery());
  const firstName = me.person.name.split(' ')[0] ?? me.person.name;
  const current = policy.isSuccess ? policy.data.current : null;
  const acknowledged = mine.isSuccess ? currentAcknowledgedAt(mine.data) : null;

  return (
    <Page title={`Hello, ${firstName}`} intro={`You are working in ${me.school.name}.`}>
      {policy.isPending ? <Loading /> : null}
      {policy.isError ? <ErrorNotice error={policy.error} title="The policy could not be loaded" /> : null}
      {policy.isSuccess && policy.data.review ? <ReviewBanner review={policy.data.review} /> : null}
      <BlockListWarning />
      <TakedownsSummary />
      <div className="grid">
        <Section title="The policy" id="overview-policy">
          {current ? (
            acknowledged ? (
              <p>
                You acknowledged {current.label} on {formatDateTime(acknowledged)}.
              </p>
            ) : (
              <p>
                <strong>You have not yet acknowledged {current.label}.</strong> Please read it and confirm.
              </p>
            )
          ) : null}
          <p>
            <Link to="/policy">Read the policy</Link>
          </p>
        </Section>
        <Section title="Notifications" id="overview-notifications">
          {notifications.isSuccess ? (
            <p>{formatCount(notifications.data.unreadCount, 'unread notification')}.</p>
          ) : null}
          <p>
            <Link to="/notifications">See your notifications</Link>
          </p>
        </Section>
        <Section title="Your tools" id="overview-tools">
          <ul className="plain-list">
            {navItemsFor(me)
              .filter((item) => item.to !== '/')
              .map((item) => (
                <li key={item.to}>
                  <Link to={item.to}>{item.label}</Link>
                </li>
              ))}
          </ul>
        </Section>
      </div>
    </Page>
  );
}
