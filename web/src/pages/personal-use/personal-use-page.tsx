import { appRoutes } from '../../../../src/shared/links';
import { Page } from '../../components/page';
import { Badge, ErrorNotice, Loading } from '../../components/status';
import { formatCount } from '../../format';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { fetchMyStaffUse } from './personal-use-api';
import './personal-use.css';

/** A member of staff's own section 1 for this period: three things, about ten minutes a term. */
export function PersonalUsePage() {
  const status = useAsync((signal) => fetchMyStaffUse(signal), []);
  return (
    <Page
      title="My personal accounts"
      intro="Section 1 of the policy covers your own social media. Three things each period, about ten minutes, and what you check stays private."
    >
      {status.state === 'loading' ? <Loading /> : null}
      {status.state === 'error' ? (
        <ErrorNotice error={status.error} title="Your record could not be loaded" />
      ) : null}
      {status.state === 'ready' ? (
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
