import { lazy, type ReactElement, Suspense } from 'react';
import { type AppRoute, matchRoute, type RouteParams } from '../../src/shared/links';
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
import { NotificationsPage } from './pages/notifications-page';
import { OverviewPage } from './pages/overview-page';
import { ForgottenPasswordPage, ResetPasswordPage } from './pages/password-reset-pages';
import { PeoplePage } from './pages/people-page';
import { CompliancePage } from './pages/personal-use/compliance-page';
import { ContactExceptionsPage } from './pages/personal-use/contact-exceptions-page';
import { HandoverPage, HandoversPage } from './pages/personal-use/handovers-page';
import { PersonalUsePage } from './pages/personal-use/personal-use-page';
import { PrivacyPage } from './pages/personal-use/privacy-page';
import { PolicyPage } from './pages/policy-page';
import { ComposerPage } from './pages/posts/composer-page';
import { ApprovalQueuePage, MyPostsPage } from './pages/posts/post-lists';
import { PostPage } from './pages/posts/post-page';
import { PupilPage } from './pages/pupil-page';
import { RetentionPage } from './pages/retention/retention-page';
import { RosterImportPage } from './pages/roster-import-page';
import { SecurityPage } from './pages/security/security-page';
import { SignInPage } from './pages/sign-in-page';
import { OpenSubjectAccessPage, SubjectAccessRequestPage } from './pages/subject-access/subject-access-pages';
import { TakedownsPage } from './pages/takedowns/takedowns-page';
import { AdoptTemplatesPage } from './pages/trusts/adopt-templates-page';
import { TrustDashboardPage } from './pages/trusts/trust-dashboard-page';
import { TrustPeoplePage } from './pages/trusts/trust-people-page';
import { TrustSchoolsPage } from './pages/trusts/trust-schools-page';

// Loaded when first opened: the report's chart library and the self-audit's name tables are most of the
// bundle's weight, and most people never open either page (a phone on a school's Wi-Fi pays for it).
const GovernorsReportPage = lazy(() =>
  import('./pages/reports/governors-report-page').then((m) => ({ default: m.GovernorsReportPage })),
);
const SelfAuditPage = lazy(() =>
  import('./pages/personal-use/self-audit-page').then((m) => ({ default: m.SelfAuditPage })),
);

/**
 * The web router's table: the component of every page of src/shared/links.ts, which holds each page's path
 * and the ability that opens it. Typed by the page's path: `concern` gets `{ id }`, `policy` gets `{}`, and
 * a page of links.ts without a component here fails the type check. A page keyed by an id is keyed by it
 * in React too, so moving from one record to another starts the page afresh.
 */
export const pageComponents: { readonly [R in AppRoute]: (params: RouteParams<R>) => ReactElement } = {
  overview: () => <OverviewPage />,
  signIn: () => <SignInPage expired={false} />,
  policy: () => <PolicyPage />,
  notifications: () => <NotificationsPage />,
  security: () => <SecurityPage />,
  check: () => <CheckPage />,
  checkSettings: () => <CheckSettingsPage />,
  reportConcern: () => <ReportConcernPage />,
  myConcernReports: () => <MyReportsPage />,
  safeguarding: () => <ConcernsDashboardPage />,
  concern: ({ id }) => <ConcernPage key={id} id={id} />,
  pupilChronology: ({ id }) => <PupilChronologyPage key={id} pupilId={id} />,
  concernTransfers: () => <TransfersPage />,
  governorsReport: () => <GovernorsReportPage />,
  myPosts: () => <MyPostsPage />,
  newPost: () => <ComposerPage />,
  post: ({ id }) => <PostPage key={id} id={id} />,
  editPost: ({ id }) => <ComposerPage key={id} id={id} />,
  approvals: () => <ApprovalQueuePage />,
  archive: () => <ArchivePage />,
  archiveRecord: ({ id }) => <ArchiveRecordPage key={id} id={id} />,
  takedowns: () => <TakedownsPage />,
  retention: () => <RetentionPage />,
  subjectAccess: () => <OpenSubjectAccessPage />,
  subjectAccessRequest: ({ id }) => <SubjectAccessRequestPage key={id} id={id} />,
  myAccounts: () => <MyAccountsPage />,
  newAccount: () => <AccountFormPage />,
  accountsRegister: () => <AccountsRegisterPage />,
  account: ({ id }) => <AccountPage key={id} id={id} />,
  editAccount: ({ id }) => <AccountFormPage key={id} id={id} />,
  moderation: () => <ModerationPage />,
  staffUse: () => <PersonalUsePage />,
  contactExceptions: () => <ContactExceptionsPage />,
  privacySettings: () => <PrivacyPage />,
  selfAudit: () => <SelfAuditPage />,
  staffCompliance: () => <CompliancePage />,
  staffHandovers: () => <HandoversPage />,
  trustDashboard: ({ id }) => <TrustDashboardPage key={id} id={id} />,
  trustTemplates: () => <AdoptTemplatesPage />,
  trustSchools: ({ id }) => <TrustSchoolsPage key={id} id={id} />,
  trustPeople: ({ id }) => <TrustPeoplePage key={id} id={id} />,
  staffHandover: ({ id }) => <HandoverPage key={id} id={id} />,
  people: () => <PeoplePage />,
  pupil: ({ id }) => <PupilPage key={id} id={id} />,
  carer: ({ id }) => <CarerPage key={id} id={id} />,
  rosterImport: () => <RosterImportPage />,
  consentImport: () => <ConsentImportPage />,
  classConsents: () => <ClassConsentsPage />,
  audit: () => <AuditPage />,
  carerConsent: () => <CarerConsentPage />,
  forgottenPassword: () => <ForgottenPasswordPage />,
  resetPassword: () => <ResetPasswordPage />,
};

/** A path matched against the table: which page, with its parameters. */
export interface MatchedPage {
  route: AppRoute;
  params: Record<string, string>;
}

export const matchPage: (pathname: string) => MatchedPage | undefined = matchRoute;

/** The component of a matched page. The match named the parameters of the route's own path. */
export function renderPage({ route, params }: MatchedPage): ReactElement {
  const component = pageComponents[route] as (params: Record<string, string>) => ReactElement;
  return <Suspense fallback={<p className="loading">Loading…</p>}>{component(params)}</Suspense>;
}
