import { useEffect } from 'react';
import { appPages, linkTo, mayOpen } from '../../src/shared/links';
import { Layout } from './layout';
import { startPageFor } from './nav';
import { NoAccessPage } from './pages/no-access-page';
import { NotFoundPage } from './pages/not-found-page';
import { SecondFactorPage } from './pages/second-factor-page';
import { TotpEnrolmentPage } from './pages/security/totp-enrolment-page';
import { SignInPage } from './pages/sign-in-page';
import { RouterProvider, useRouter } from './router';
import { matchPage, renderPage } from './routes';
import { SessionProvider, useSession } from './session';

export function App() {
  // The public pages (the carer's consent page, password reset) are for people who have no session or
  // cannot sign in: no session, no sign-in redirect, outside the staff frame. Sign-in itself is below.
  const publicPage = matchPage(window.location.pathname);
  if (publicPage && publicPage.route !== 'signIn' && appPages[publicPage.route].opens === 'public') {
    return renderPage(publicPage);
  }
  return (
    <RouterProvider>
      <SessionProvider>
        <Screens />
      </SessionProvider>
    </RouterProvider>
  );
}

function Screens() {
  const { session } = useSession();
  const { location, navigate } = useRouter();
  const signInPath = linkTo('signIn');
  const onSignIn = location.pathname === signInPath;
  const me = session.status === 'signed-in' ? session.me : undefined;
  const matched = matchPage(location.pathname);
  // `/` is the overview, for staff; someone who may not open it (a governor) starts on their own page.
  const start = me?.secondFactorPassed ? startPageFor(me) : undefined;
  const redirectHome =
    me !== undefined && matched?.route === 'overview' && !mayOpen('overview', me.abilities);

  useEffect(() => {
    if (session.status === 'signed-out' && !onSignIn) {
      const here = `${location.pathname}${location.search.size ? `?${location.search}` : ''}`;
      navigate(here === '/' ? signInPath : `${signInPath}?next=${encodeURIComponent(here)}`, {
        replace: true,
      });
    }
    if (session.status === 'signed-in' && onSignIn) navigate('/', { replace: true });
    if (redirectHome && start && start !== location.pathname) navigate(start, { replace: true });
  }, [session.status, onSignIn, location, navigate, signInPath, redirectHome, start]);

  if (session.status === 'loading') {
    return (
      <main id="main" className="boot">
        <p role="status">Loading Guardpost…</p>
      </main>
    );
  }
  if (session.status === 'signed-out') return <SignInPage expired={session.reason === 'expired'} />;
  // Someone who must use a second factor but has no authenticator app yet sets one up first.
  if (!session.me.secondFactorPassed)
    return session.me.totpEnrolled ? <SecondFactorPage /> : <TotpEnrolmentPage />;
  if (onSignIn || (redirectHome && start)) return null;
  // The route table (routes.tsx) over the pages of src/shared/links.ts: an address that is not a page is
  // not found; a page this person's abilities do not open says so (the API refuses it too).
  if (!matched)
    return (
      <Layout>
        <NotFoundPage />
      </Layout>
    );
  if (!mayOpen(matched.route, session.me.abilities)) {
    return (
      <Layout>
        <NoAccessPage route={matched.route} home={start} />
      </Layout>
    );
  }
  return <Layout>{renderPage(matched)}</Layout>;
}
