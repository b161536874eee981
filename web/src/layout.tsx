import { type ReactNode, useEffect, useId, useState } from 'react';
import { ApiError } from './api/client';
import { roleLabels, signOut, switchSchool } from './api/endpoints';
import { Button } from './components/button';
import { type NavItem, navItemsFor } from './nav';
import { UrgentConcernBanner } from './pages/concerns/urgent-banner';
import { Link, useRouter } from './router';
import { useMe, useSession } from './session';

/** The signed-in frame: banner with school and person, navigation by role, and the main landmark. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { location } = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  const items = navItemsFor(me);

  // A chosen page closes the phone menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to="/" className="brand">
            <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
              <path fill="currentColor" d="M16 2 4 7v8c0 7.5 5.1 13.2 12 15 6.9-1.8 12-7.5 12-15V7z" />
              <path fill="#fff" d="m14 20.6-4.3-4.3 1.8-1.8 2.5 2.5 6.5-6.5 1.8 1.8z" />
            </svg>
            <span>Guardpost</span>
          </Link>
          <SchoolSwitcher />
          <Button
            variant="secondary"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls={navId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </Button>
          <Account />
        </div>
      </header>
      <div className="shell">
        <nav id={navId} aria-label="Main" className={menuOpen ? 'sidenav sidenav--open' : 'sidenav'}>
          <ul>
            {items.map((item) => (
              <NavLink key={item.to} item={item} current={isCurrent(item, location, items)} />
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <UrgentConcernBanner />
          {children}
        </main>
      </div>
      <footer className="footer">
        <p>Guardpost · {me.school.name} · Every decision cites the policy clause it comes from.</p>
      </footer>
    </>
  );
}

function isCurrent(
  item: NavItem,
  location: { pathname: string; search: URLSearchParams },
  items: readonly NavItem[],
): boolean {
  // A page opened from another section's list names it (`/posts/:id?from=approvals`): that section is current.
  const from = location.search.get('from');
  if (from && items.some((i) => i.to === `/${from}`)) return item.to === `/${from}`;
  // One link is current: of the sections the page lies under (`/accounts` and `/accounts/register` for
  // the register), the most specific one.
  const under = (to: string) =>
    to === '/'
      ? location.pathname === '/'
      : location.pathname === to || location.pathname.startsWith(`${to}/`);
  if (!under(item.to)) return false;
  return !items.some((other) => other.to.length > item.to.length && under(other.to));
}

function NavLink({ item, current }: { item: NavItem; current: boolean }) {
  return (
    <li>
      <Link
        to={item.to}
        aria-current={current ? 'page' : undefined}
        className={item.emphasis ? 'nav-link--report' : undefined}
      >
        {item.label}
      </Link>
    </li>
  );
}

function SchoolSwitcher() {
  const me = useMe();
  const { refresh } = useSession();
  const { navigate } = useRouter();
  const [error, setError] = useState<string>();
  const selectId = useId();
  if (me.schools.length < 2) return <p className="topbar__school">{me.school.name}</p>;
  return (
    <div className="school-switcher">
      <label htmlFor={selectId} className="visually-hidden">
        School
      </label>
      <select
        id={selectId}
        value={me.school.id}
        onChange={async (event) => {
          setError(undefined);
          try {
            await switchSchool(event.target.value);
            await refresh();
            navigate('/');
          } catch (failure) {
            setError(failure instanceof ApiError ? failure.message : 'Could not switch school.');
          }
        }}
      >
        {me.schools.map((school) => (
          <option key={school.id} value={school.id}>
            {school.name}
          </option>
        ))}
      </select>
      {error ? (
        <p role="alert" className="topbar__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Account() {
  const me = useMe();
  const { signedOut } = useSession();
  const { navigate } = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <div className="account">
      <p className="account__who">
        <span className="account__name">{me.person.name}</span>
        <span className="account__roles">{me.roles.map((role) => roleLabels[role]).join(', ')}</span>
      </p>
      <Button
        variant="secondary"
        busy={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await signOut();
          } finally {
            setBusy(false);
            signedOut();
            navigate('/sign-in', { replace: true });
          }
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
