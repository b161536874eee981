import { useEffect, useState } from 'react';
import { linkTo } from '../../../../src/shared/links';
import { Link, useRouter } from '../../router';
import { useMe } from '../../session';
import { concernLeadRoles, fetchUrgentConcerns, type UrgentConcern } from './concerns-api';
import { formatWait } from './labels';
import './concerns.css';

/**
 * An urgent concern nobody has acknowledged is the first thing a safeguarding lead (or whoever it escalated
 * to) sees, on every page, until someone acknowledges it. Asked again on each page and every minute; it
 * names references only, never content.
 */
export function UrgentConcernBanner() {
  const me = useMe();
  const { location } = useRouter();
  const [urgent, setUrgent] = useState<UrgentConcern[]>([]);
  const isLead = me.roles.some((r) => concernLeadRoles.includes(r));

  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again on every navigation on purpose
  useEffect(() => {
    if (!isLead) return;
    let live = true;
    const load = () =>
      fetchUrgentConcerns()
        .then((answer) => live && setUrgent(answer.concerns))
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, 60_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [isLead, location.pathname, me.school.id]);

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
