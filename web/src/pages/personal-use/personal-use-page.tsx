import { useQuery } from '@tanstack/react-query';
import { appRoutes } from '../../../../src/shared/links';
import { Page } from '../../components/page';
import { Badge, ErrorNotice, Loading } from '../../components/status';
import { formatCount, formatDate } from '../../format';
import { Link } from '../../router';
import { fetchMyStaffUse, myStaffUseKey } from './personal-use-api';
import './personal-use.css';

/** A member of staff's own section 1 for this period: three things, about ten minutes a term. */
export function PersonalUsePage() {
  const status = useQuery({ queryKey: myStaffUseKey, queryFn: ({ signal }) => fetchMyStaffUse(signal) });
  return (
    <Page
      title="My personal accounts"
      intro="Section 1 of the policy covers your own social media. Three things each period, about ten minutes, and what you check stays private."
    >
      {status.isPending ? <Loading /> : null}
      {status.isError ? <ErrorNotice error={status.error} title="Your record could not be loaded" /> : null}
      {status.isSuccess && status.data.newcomerDueOn ? (
        <section className="card" aria-labelledby="newcomer-heading">
          <h2 id="newcomer-heading">Welcome: your first two weeks</h2>
          <p>
            As you are new, please do the three things below by {formatDate(status.data.newcomerDueOn)}: read
            and acknowledge the policy, check your privacy settings and check your followers.
          </p>
        </section>
      ) : null}
      {status.isSuccess ? (
        <ol className="personal-steps">
          <li className="card">
            <h2>Read and acknowledge the policy</h2>
            <p>
              {status.data.policyAcknowledged ? (
                <Badge tone="good">Done</Badge>
              ) : (
                <Badge tone="warn">To do</Badge>
              )}{' '}
              <Link to={appRoutes.policy}>Open the policy</Link>
            </p>
          </li>
          <li className="card">
            <h2>Check your privacy settings ({status.data.periodLabel})</h2>
            <p>
              {status.data.privacy.length > 0 ? (
                <Badge tone="good">{formatCount(status.data.privacy.length, 'platform')} confirmed</Badge>
              ) : (
                <Badge tone="warn">To do</Badge>
              )}{' '}
              <Link to={appRoutes.privacySettings}>Go through the checklist</Link>
            </p>
          </li>
          <li className="card">
            <h2>Check your followers ({status.data.periodLabel})</h2>
            <p>
              {status.data.selfAudits.some((a) => a.allResolved) ? (
                <Badge tone="good">Done</Badge>
              ) : (
                <Badge tone="warn">To do</Badge>
              )}{' '}
              <Link to={appRoutes.selfAudit}>Check my followers</Link>
            </p>
          </li>
          <li className="card">
            <h2>Personal phone or email for school business</h2>
            <p>
              Only with the headteacher's approval first (clauses 1.5, 1.6).{' '}
              <Link to={appRoutes.contactExceptions}>Ask or see your requests</Link>
            </p>
          </li>
        </ol>
      ) : null}
    </Page>
  );
}
