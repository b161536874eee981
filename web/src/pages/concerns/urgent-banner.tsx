import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { linkTo } from '../../../../src/shared/links';
import { concernLeadRoles } from '../../api/concerns';
import { urgentConcernsQuery } from '../../api/queries';
import { Link, useRouter } from '../../router';
import { useMe } from '../../session';
import { formatWait } from './labels';
import './concerns.css';

/**
 * An urgent concern nobody has acknowledged is the first thing a safeguarding lead (or whoever it escalated
 * to) sees, on every page, until someone acknowledges it. Asked again on each page and every minute, and at
 * once after any change to a concern (which invalidates its key); it names references only, never content.
 */
export function UrgentConcernBanner() {
  const me = useMe();
  const { location } = useRouter();
  const isLead = me.roles.some((r) => concernLeadRoles.includes(r));
  const query = useQuery({
    ...urgentConcernsQuery(),
    enabled: isLead,
    refetchInterval: 60_000,
    refetchIntervalInBackground: true,
  });
  const { refetch } = query;
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again on every navigation on purpose
  useEffect(() => {
    // A request already on its way answers this page too.
    if (isLead) void refetch({ cancelRefetch: false });
  }, [isLead, refetch, location.pathname]);
  // An answer that fails leaves the last one shown; the dashboard says when concerns cannot be read.
  const urgent = query.data?.concerns ?? [];

  if (!isLead || urgent.length === 0) return null;
  return (
    <section className="urgent-banner" aria-labelledby="urgent-banner-heading">
      <h2 id="urgent-banner-heading" className="urgent-banner__title">
        {urgent.length === 1
          ? 'An urgent safeguarding concern is waiting for acknowledgement'
          : `${urgent.length} urgent safeguarding concerns are waiting for acknowledgement`}
      </h2>
      <ul className="urgent-banner__list">
        {urgent.map((c) => (
          <li key={c.id}>
            <Link to={linkTo('concern', { id: c.id })}>Open urgent concern {c.reference}</Link>{' '}
            <span>
              waiting {formatWait(Date.now() - Date.parse(c.reportedAt))}
              {c.escalationLevel > 0 ? ', escalated because nobody acknowledged it' : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
