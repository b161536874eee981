import { type ReactElement, useEffect } from 'react';
import { type AppRoute, appRoutes, matchRoute } from '../../src/shared/links';
import type { Me } from './api/endpoints';
import { Layout } from './layout';
import { navItemsFor } from './nav';
import { AccountFormPage } from './pages/accounts/account-form-page';
import { AccountPage } from './pages/accounts/account-page';
import { MyAccountsPage } from './pages/accounts/my-accounts-page';
import { AccountsRegisterPage } from './pages/accounts/register-page';
import { ArchivePage } from './pages/archive/archive-page';
import { ArchiveRecordPage } from './pages/archive/archive-record-page';
import { AuditPage } from './pages/audit-page';
import { CarerPage } from './pages/carer-page';
import { CheckPage } from './pages/checks/check-page';
import { CheckSettingsPage } from './pages/checks/check-settings-page';
import { ConcernPage } from './pages/concerns/concern-page';
import { ConcernsDashboardPage } from './pages/concerns/dashboard-page';
import { MyReportsPage } from './pages/concerns/my-reports-page';
import { PupilChronologyPage } from './pages/concerns/pupil-chronology-page';
import { ReportConcernPage } from './pages/concerns/report-concern-page';
import { TransfersPage } from './pages/concerns/transfers-page';
import { CarerConsentPage } from './pages/consents/carer-consent-page';
import { ClassConsentsPage } from './pages/consents/class-consents-page';
import { ConsentImportPage } from './pages/consents/consent-import-page';
import { ModerationPage } from './pages/moderation/moderation-page';
import { NotFoundPage } from './pages/not-found-page';
import { NotificationsPage } from './pages/notifications-page';
import { OverviewPage } from './pages/overview-page';
import { ForgottenPasswordPage, ResetPasswordPage } from './pages/password-reset-pages';
import { PeoplePage } from './pages/people-page';
import { CompliancePage } from './pages/personal-use/compliance-page';
import { ContactExceptionsPage } from './pages/personal-use/contact-exceptions-page';
import { PersonalUsePage } from './pages/personal-use/personal-use-page';
import { PrivacyPage } from './pages/personal-use/privacy-page';
import { SelfAuditPage } from './pages/personal-use/self-audit-page';
import { PolicyPage } from './pages/policy-page';
import { ComposerPage } from './pages/posts/composer-page';
import { ApprovalQueuePage, MyPostsPage } from './pages/posts/post-lists';
import { PostPage } from './pages/posts/post-page';
import { PupilPage } from './pages/pupil-page';
import { GovernorsReportPage } from './pages/reports/governors-report-page';
import { RetentionPage } from './pages/retention/retention-page';
import { RosterImportPage } from './pages/roster-import-page';
import { SecondFactorPage } from './pages/second-factor-page';
import { SecurityPage } from './pages/security/security-page';
import { TotpEnrolmentPage } from './pages/security/totp-enrolment-page';
import { SignInPage } from './pages/sign-in-page';
import { OpenSubjectAccessPage, SubjectAccessRequestPage } from './pages/subject-access/subject-access-pages';
import { TakedownsPage } from './pages/takedowns/takedowns-page';
import { AdoptTemplatesPage } from './pages/trusts/adopt-templates-page';
import { TrustDashboardPage } from './pages/trusts/trust-dashboard-page';
import { matchPath, RouterProvider, useRouter } from './router';
import { SessionProvider, useSession } from './session';

export function App() {
  // The carer's consent page is public: no session, no sign-in redirect, outside the staff frame.
  if (window.location.pathname === appRoutes.carerConsent) return <CarerConsentPage />;
  // So are the password reset pages: they are for people who cannot sign in.
  if (window.location.pathname === appRoutes.forgottenPassword) return <ForgottenPasswordPage />;
  if (window.location.pathname === appRoutes.resetPassword) return <ResetPasswordPage />;
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
  const onSignIn = location.pathname === '/sign-in';

  useEffect(() => {
    if (session.status === 'signed-out' && !onSignIn) {
      const here = `${location.pathname}${location.search.size ? `?${location.search}` : ''}`;
      navigate(here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
    }
    if (session.status === 'signed-in' && onSignIn) navigate('/', { replace: true });
  }, [session.status, onSignIn, location, navigate]);

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
  if (onSignIn) return null;
  return <Layout>{pageFor(location.pathname, session.me)}</Layout>;
}

/** Pages the navigation does not offer this person are not rendered either (the API refuses them too). */
function pageFor(pathname: string, me: Me) {
  const allowed = new Set(navItemsFor(me).map((item) => item.to));
  const linked = matchRoute(pathname);
  if (linked) return linkedPage(linked.route, linked.params, allowed);
  if (pathname === '/check') return <CheckPage />;
  if (pathname === '/security') return <SecurityPage />;
  if (pathname === '/checks/settings' && allowed.has('/checks/settings')) return <CheckSettingsPage />;
  if (pathname === '/concerns/report') return <ReportConcernPage />;
  if (pathname === '/concerns/mine') return <MyReportsPage />;
  if (pathname === '/posts') return <MyPostsPage />;
  if (pathname === '/approvals' && allowed.has('/approvals')) return <ApprovalQueuePage />;
  const editPost = matchPath('/posts/:id/edit', pathname);
  if (editPost?.id) return <ComposerPage key={editPost.id} id={editPost.id} />;
  if (pathname === '/accounts') return <MyAccountsPage />;
  const editAccount = matchPath('/accounts/:id/edit', pathname);
  if (editAccount?.id) return <AccountFormPage key={editAccount.id} id={editAccount.id} />;
  if (allowed.has('/people')) {
    if (pathname === '/people') return <PeoplePage />;
    const pupil = matchPath('/people/pupils/:id', pathname);
    if (pupil?.id) return <PupilPage key={pupil.id} id={pupil.id} />;
    const carer = matchPath('/people/carers/:id', pathname);
    if (carer?.id) return <CarerPage key={carer.id} id={carer.id} />;
  }
  if (pathname === '/roster-import' && allowed.has('/roster-import')) return <RosterImportPage />;
  if (pathname === '/consents/import' && allowed.has('/consents/import')) return <ConsentImportPage />;
  if (pathname === '/consents/classes' && allowed.has('/consents/classes')) return <ClassConsentsPage />;
  if (allowed.has('/archive')) {
    if (pathname === '/archive') return <ArchivePage />;
    const record = matchPath('/archive/:id', pathname);
    if (record?.id) return <ArchiveRecordPage key={record.id} id={record.id} />;
  }
  if (pathname === '/audit' && allowed.has('/audit')) return <AuditPage />;
  return <NotFoundPage />;
}

/** The id of the first trust page this person may open, if any. */
function trustHome(allowed: ReadonlySet<string>): string | undefined {
  return [...allowed].find((path) => path.startsWith('/trusts/'))?.slice('/trusts/'.length);
}

/**
 * The pages the server links to (src/shared/links.ts): one case per route, so a route added there without
 * a page here fails the type check instead of showing "Page not found" to whoever opens the link.
 */
function linkedPage(
  route: AppRoute,
  params: Record<string, string>,
  allowed: ReadonlySet<string>,
): ReactElement {
  const id = params.id ?? '';
  const safeguarding = allowed.has(appRoutes.safeguarding);
  switch (route) {
    case 'overview':
      // Someone with trust roles and no school role starts on their trust's page.
      return allowed.has('/') || !trustHome(allowed) ? (
        <OverviewPage />
      ) : (
        <TrustDashboardPage id={trustHome(allowed) ?? ''} />
      );
    case 'trustTemplates':
      return allowed.has(appRoutes.trustTemplates) ? <AdoptTemplatesPage /> : <NotFoundPage />;
    case 'trustDashboard':
      return allowed.has(`/trusts/${id}`) ? <TrustDashboardPage key={id} id={id} /> : <NotFoundPage />;
    case 'policy':
      return <PolicyPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'safeguarding':
      return safeguarding ? <ConcernsDashboardPage /> : <NotFoundPage />;
    case 'concern':
      return safeguarding ? <ConcernPage key={id} id={id} /> : <NotFoundPage />;
    case 'pupilChronology':
      return safeguarding ? <PupilChronologyPage key={id} pupilId={id} /> : <NotFoundPage />;
    case 'concernTransfers':
      return safeguarding ? <TransfersPage /> : <NotFoundPage />;
    case 'governorsReport':
      return allowed.has(appRoutes.governorsReport) ? <GovernorsReportPage /> : <NotFoundPage />;
    case 'newPost':
      return <ComposerPage />;
    case 'post':
      return <PostPage key={id} id={id} />;
    case 'takedowns':
      return <TakedownsPage />;
    case 'retention':
      return allowed.has(appRoutes.retention) ? <RetentionPage /> : <NotFoundPage />;
    case 'subjectAccess':
      return allowed.has(appRoutes.subjectAccess) ? <OpenSubjectAccessPage /> : <NotFoundPage />;
    case 'subjectAccessRequest':
      return allowed.has(appRoutes.subjectAccess) ? (
        <SubjectAccessRequestPage key={id} id={id} />
      ) : (
        <NotFoundPage />
      );
    case 'newAccount':
      return <AccountFormPage />;
    case 'accountsRegister':
      return allowed.has(appRoutes.accountsRegister) ? <AccountsRegisterPage /> : <NotFoundPage />;
    case 'account':
      return <AccountPage key={id} id={id} />;
    case 'moderation':
      return allowed.has(appRoutes.moderation) ? <ModerationPage /> : <NotFoundPage />;
    case 'staffUse':
      return <PersonalUsePage />;
    case 'contactExceptions':
      return <ContactExceptionsPage />;
    case 'privacySettings':
      return <PrivacyPage />;
    case 'selfAudit':
      return <SelfAuditPage />;
    case 'staffCompliance':
      return allowed.has(appRoutes.staffCompliance) ? <CompliancePage /> : <NotFoundPage />;
    case 'carerConsent':
      return <CarerConsentPage />;
    case 'forgottenPassword':
      return <ForgottenPasswordPage />;
    case 'resetPassword':
      return <ResetPasswordPage />;
  }
}
