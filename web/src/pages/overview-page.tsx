import { fetchMyAcknowledgements, fetchNotifications, fetchPolicy } from '../api/endpoints';
import { Page, Section } from '../components/page';
import { ErrorNotice, Loading } from '../components/status';
import { formatCount, formatDateTime } from '../format';
import { navItemsFor } from '../nav';
import { Link } from '../router';
import { useMe } from '../session';
import { useAsync } from '../use-async';
import { currentAcknowledgedAt } from './acknowledgements';
import { BlockListWarning } from './checks/block-list-warning';
import { ReviewBanner } from './policy-page';
import { TakedownsSummary } from './takedowns/takedowns-page';

/** The first page after sign-in: what needs this person's attention today. */
export function OverviewPage() {
  const me = useMe();
  const policy = useAsync(() => fetchPolicy(me.school.id), [me.school.id]);
  const mine = useAsync(() => fetchMyAcknowledgements(), [me.school.id]);
  const notifications = useAsync(() => fetchNotifications(), [me.school.id]);
  const firstName = me.person.name.split(' ')[0] ?? me.person.name;
  const current = policy.state === 'ready' ? policy.data.current : null;
  const acknowledged = mine.state === 'ready' ? currentAcknowledgedAt(mine.data) : null;

  return (
    <Page title={`Hello, ${firstName}`} intro={`You are working in ${me.school.name}.`}>
      {policy.state === 'loading' ? <Loading /> : null}
      {policy.state === 'error' ? (
        <ErrorNotice error={policy.error} title="The policy could not be loaded" />
      ) : null}
      {policy.state === 'ready' && policy.data.review ? <ReviewBanner review={policy.data.review} /> : null}
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
          {notifications.state === 'ready' ? (
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
