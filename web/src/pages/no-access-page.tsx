import { abilityDescriptions } from '../../../src/shared/abilities';
import { type AppRoute, appPages } from '../../../src/shared/links';
import { roleLabels } from '../api/endpoints';
import { Page } from '../components/page';
import { Link } from '../router';
import { useMe } from '../session';

/**
 * A page that exists but is not for this person: says so, and what opening it needs, instead of a blank
 * page or a "not found" that would send them looking for a mistyped address.
 */
export function NoAccessPage({ route, home }: { route: AppRoute; home: string | undefined }) {
  const me = useMe();
  const opens = appPages[route].opens;
  const roles = me.roles.map((role) => roleLabels[role]).join(', ');
  return (
    <Page title="You do not have access to this page">
      <div className="card">
        <p>
          Your roles at {me.school.name} ({roles}) do not open this page.
          {opens === 'public' ? null : (
            <> It is for people who may {lowerFirst(abilityDescriptions[opens])}.</>
          )}
        </p>
        <p>If you need it for your work, ask your school's administrator to change your roles.</p>
        {home ? (
          <p>
            <Link to={home}>Go to your start page</Link>
          </p>
        ) : null}
      </div>
    </Page>
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
