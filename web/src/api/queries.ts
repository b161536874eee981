import {
  infiniteQueryOptions,
  QueryClient,
  queryOptions,
  skipToken,
  type UseQueryResult,
  useQuery,
} from '@tanstack/react-query';
import {
  fetchAccount,
  fetchMyAccounts,
  fetchPersonalHandles,
  fetchRegister,
  fetchRegisterSettings,
  fetchStaff,
  type StaffMember,
} from './accounts';
import { type ArchiveFilters, fetchArchiveRecord, fetchTakedowns, searchArchive } from './archive';
import { type CheckRule, fetchBlockListState, fetchCheckRules, fetchCheckSettings } from './checks';
import { fetchYearGroupConsents } from './class-consents';
import { ApiError, type ApiQuery } from './client';
import {
  fetchAlertView,
  fetchConcern,
  fetchConcerns,
  fetchMyReceipts,
  fetchPupilChronology,
  fetchTransfers,
  fetchUrgentConcerns,
} from './concerns';
import { fetchConnection, fetchPlatforms } from './connections';
import { fetchPupilConsents } from './consents';
import {
  type AuditFilters,
  fetchAcknowledgementReport,
  fetchAudit,
  fetchCarer,
  fetchMyAcknowledgements,
  fetchNotifications,
  fetchPolicy,
  fetchPupil,
  fetchSignInOptions,
  searchPupils,
} from './endpoints';
import { fetchModerationItems, type ItemFilters } from './moderation';
import { fetchPostingSettings } from './posting-settings';
import { fetchApprovalQueue, fetchMyPosts, fetchPhotoBlob, fetchPost } from './posts';
import type { paths } from './schema.gen';
import { fetchTrustPeople, fetchTrustSchools } from './trusts';

/**
 * Fetching with TanStack Query (see docs/web-client.md): one QueryClient for the app, and one query-options
 * factory per query, each keyed with `apiKey(path, ...params)`. A page reads with `useQuery(xQuery(...))`;
 * a change invalidates by key prefix, `apiKey(path)` for every key of that path or `xQuery(...).queryKey`
 * for one. The cache is cleared when the person or school changes (web/src/session.tsx).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused or missing resource will not change by asking again; a network blip may.
      retry: (count, error) => count < 2 && error instanceof ApiError && error.status === 0,
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * A query key: the API path template (a path the server does not have is a type error), then its parameters.
 * Invalidating with fewer parameters matches every key that starts the same way:
 * `apiKey('/api/concerns/pupils/{pupilId}/chronology')` marks every pupil's chronology stale.
 */
export function apiKey<P extends keyof paths>(path: P, ...params: unknown[]): readonly [P, ...unknown[]] {
  return [path, ...params];
}

/**
 * The data a form is seeded from, once this visit's answer has arrived. A form copies its data into its own
 * state once, so it must not start from a cached answer that someone may have changed since (as the pages
 * did before the cache: the form waits for the server).
 */
export function freshData<T>(query: UseQueryResult<T>): T | undefined {
  return query.isSuccess && query.isFetchedAfterMount ? query.data : undefined;
}

// Rules -------------------------------------------------------------------------------------------

/** The engine's rule table; it changes only with a new release, so it is read once. */
export const checkRulesQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/check-rules'),
    queryFn: ({ signal }) => fetchCheckRules(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** The engine's rules (served by the API), or an empty list while they load. */
export function useCheckRules(): readonly CheckRule[] {
  return useQuery(checkRulesQuery()).data?.rules ?? [];
}

/** A rule's title by its id, for findings (stored or live) that name only the rule. */
export function useRuleTitles(): (ruleId: string) => string | undefined {
  const rules = useCheckRules();
  const titles = new Map(rules.map((rule) => [rule.id as string, rule.title]));
  return (ruleId) => titles.get(ruleId);
}

// Posts -------------------------------------------------------------------------------------------

export const myPostsQuery = () =>
  queryOptions({ queryKey: apiKey('/api/posts', 'mine'), queryFn: ({ signal }) => fetchMyPosts(signal) });

export const approvalQueueQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/posts', 'approval_queue'),
    queryFn: ({ signal }) => fetchApprovalQueue(signal),
  });

export const postQuery = (id: string) =>
  queryOptions({ queryKey: apiKey('/api/posts/{id}', id), queryFn: ({ signal }) => fetchPost(id, signal) });

/** A post's photo as a file (photos are served as attachments); a photo never changes once added. */
export const photoQuery = (postId: string, photoId: string, size: 'thumbnail' | 'full') =>
  queryOptions({
    queryKey: apiKey('/api/posts/{id}/photos/{photoId}', postId, photoId, size),
    queryFn: ({ signal }) => fetchPhotoBlob(postId, photoId, size, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

// Archive and takedowns ---------------------------------------------------------------------------

export const archiveSearchQuery = (filters: ArchiveFilters) =>
  queryOptions({
    queryKey: apiKey('/api/archive/posts', filters),
    queryFn: ({ signal }) => searchArchive(filters, signal),
  });

export const archiveRecordQuery = (id: string) =>
  queryOptions({
    queryKey: apiKey('/api/archive/posts/{id}', id),
    queryFn: ({ signal }) => fetchArchiveRecord(id, signal),
  });

/** Takedown tasks: `true` still to remove, `false` removed, `undefined` all. */
export const takedownsQuery = (open: boolean | undefined) =>
  queryOptions({
    queryKey: apiKey('/api/takedowns', open ?? 'all'),
    queryFn: ({ signal }) => fetchTakedowns(open, signal),
  });

// Checks and posting settings ---------------------------------------------------------------------

export const blockListsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/checks/block-lists'),
    queryFn: ({ signal }) => fetchBlockListState(signal),
  });

export const checkSettingsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/checks/settings'),
    queryFn: ({ signal }) => fetchCheckSettings(signal),
  });

export const postingSettingsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/posts/school-settings'),
    queryFn: ({ signal }) => fetchPostingSettings(signal),
  });

// Sign-in ------------------------------------------------------------------------------------------

/** The schools and their single sign-on, for the sign-in page (asked before anyone has signed in). */
export const signInOptionsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/auth/sign-in-options'),
    queryFn: ({ signal }) => fetchSignInOptions(signal),
  });

// Policy, notifications and audit -----------------------------------------------------------------

export const policyQuery = (schoolId: string) =>
  queryOptions({
    queryKey: apiKey('/api/policy', schoolId),
    queryFn: ({ signal }) => fetchPolicy(schoolId, signal),
  });

export const myAcknowledgementsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/policy/acknowledgements/mine'),
    queryFn: ({ signal }) => fetchMyAcknowledgements(signal),
  });

export const acknowledgementReportQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/policy/acknowledgements'),
    queryFn: ({ signal }) => fetchAcknowledgementReport(signal),
  });

/** What a new policy version or a recorded review changes: the policy and everyone's acknowledgements. */
export const policyKeys = [
  apiKey('/api/policy'),
  apiKey('/api/policy/acknowledgements/mine'),
  apiKey('/api/policy/acknowledgements'),
] as const;

/** The newest notifications (the first page): the notifications page lists them, the overview counts unread. */
export const notificationsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/notifications'),
    queryFn: ({ signal }) => fetchNotifications(undefined, signal),
  });

/** The audit log under some filters, newest first, a page at a time. */
export const auditQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: apiKey('/api/audit', filters),
    queryFn: ({ pageParam, signal }) => fetchAudit(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

// Accounts and people -----------------------------------------------------------------------------

export const myAccountsQuery = () =>
  queryOptions({ queryKey: apiKey('/api/accounts/mine'), queryFn: ({ signal }) => fetchMyAccounts(signal) });

export const registerQuery = (query: ApiQuery<'/api/accounts'>) =>
  queryOptions({
    queryKey: apiKey('/api/accounts', query),
    queryFn: ({ signal }) => fetchRegister(query, signal),
  });

export const accountQuery = (id: string) =>
  queryOptions({
    queryKey: apiKey('/api/accounts/{id}', id),
    queryFn: ({ signal }) => fetchAccount(id, signal),
  });

/** The account's connection to its platform, with what the profile and DM checks last found (issue 13). */
export const connectionQuery = (accountId: string) =>
  queryOptions({
    queryKey: apiKey('/api/accounts/{id}/connection', accountId),
    queryFn: ({ signal }) => fetchConnection(accountId, signal),
  });

/** The platforms' connectors and what each can do; they change only with a new release, so read once. */
export const platformsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/platforms'),
    queryFn: ({ signal }) => fetchPlatforms(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const personalHandlesQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/me/personal-handles'),
    queryFn: ({ signal }) => fetchPersonalHandles(signal),
  });

export const registerSettingsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/accounts/settings'),
    queryFn: ({ signal }) => fetchRegisterSettings(signal),
  });

export const staffQuery = () =>
  queryOptions({ queryKey: apiKey('/api/people/staff'), queryFn: ({ signal }) => fetchStaff(signal) });

/**
 * Every member of staff, for naming people on a page: an empty list while it loads or if it cannot be read
 * (the pages then say "a member of staff" instead of a name).
 */
export function useStaffList(): StaffMember[] {
  return useQuery(staffQuery()).data?.staff ?? [];
}

export const pupilSearchQuery = (query: ApiQuery<'/api/people/pupils'>) =>
  queryOptions({
    queryKey: apiKey('/api/people/pupils', query),
    queryFn: ({ signal }) => searchPupils(query, signal),
  });

export const pupilQuery = (id: string) =>
  queryOptions({
    queryKey: apiKey('/api/people/pupils/{id}', id),
    queryFn: ({ signal }) => fetchPupil(id, signal),
  });

export const carerQuery = (id: string) =>
  queryOptions({
    queryKey: apiKey('/api/people/carers/{id}', id),
    queryFn: ({ signal }) => fetchCarer(id, signal),
  });

/** What a roster import changes: pupils (with their carers and links), staff, and the class registers. */
export const rosterKeys = [
  apiKey('/api/people/pupils'),
  apiKey('/api/people/pupils/{id}'),
  apiKey('/api/people/carers/{id}'),
  apiKey('/api/people/staff'),
  apiKey('/api/consents/year-groups/{yearGroup}'),
] as const;

// Consents ----------------------------------------------------------------------------------------

export const pupilConsentsQuery = (pupilId: string) =>
  queryOptions({
    queryKey: apiKey('/api/consents/pupils/{pupilId}', pupilId),
    queryFn: ({ signal }) => fetchPupilConsents(pupilId, signal),
  });

/** A year group's consent register; `null` (no year chosen yet) asks nothing. */
export const yearGroupConsentsQuery = (year: number | null) =>
  queryOptions({
    queryKey: apiKey('/api/consents/year-groups/{yearGroup}', year),
    queryFn: year === null ? skipToken : ({ signal }) => fetchYearGroupConsents(year, signal),
  });

/** Every consent answer a page may show: what recording, asking or importing consent changes. */
export const consentKeys = [
  apiKey('/api/consents/pupils/{pupilId}'),
  apiKey('/api/consents/year-groups/{yearGroup}'),
] as const;

// Concerns ----------------------------------------------------------------------------------------

export const concernsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/concerns'),
    queryFn: ({ signal }) => fetchConcerns(undefined, signal),
  });

export const myReceiptsQuery = () =>
  queryOptions({ queryKey: apiKey('/api/concerns/mine'), queryFn: ({ signal }) => fetchMyReceipts(signal) });

/** Unacknowledged urgent concerns, for the banner every safeguarding lead sees. */
export const urgentConcernsQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/concerns/urgent'),
    queryFn: ({ signal }) => fetchUrgentConcerns(signal),
  });

export const concernQuery = (id: string) =>
  queryOptions({
    queryKey: apiKey('/api/concerns/{id}', id),
    queryFn: ({ signal }) => fetchConcern(id, signal),
  });

export const alertViewQuery = (id: string) =>
  queryOptions({
    queryKey: apiKey('/api/concerns/{id}/alert', id),
    queryFn: ({ signal }) => fetchAlertView(id, signal),
  });

export const pupilChronologyQuery = (pupilId: string) =>
  queryOptions({
    queryKey: apiKey('/api/concerns/pupils/{pupilId}/chronology', pupilId),
    queryFn: ({ signal }) => fetchPupilChronology(pupilId, signal),
  });

export const transfersQuery = () =>
  queryOptions({
    queryKey: apiKey('/api/concerns/transfers'),
    queryFn: ({ signal }) => fetchTransfers(signal),
  });

/** The concern lists a report or a change to any concern touches (the concern's own keys aside). */
export const concernListKeys = [
  apiKey('/api/concerns'),
  apiKey('/api/concerns/urgent'),
  apiKey('/api/concerns/mine'),
  apiKey('/api/concerns/pupils/{pupilId}/chronology'),
] as const;

// Trusts (the trust admin's pages) ----------------------------------------------------------------

export const trustSchoolsQuery = (trustId: string) =>
  queryOptions({
    queryKey: apiKey('/api/trusts/{id}/schools', trustId),
    queryFn: ({ signal }) => fetchTrustSchools(trustId, signal),
  });

export const trustPeopleQuery = (trustId: string) =>
  queryOptions({
    queryKey: apiKey('/api/trusts/{id}/people', trustId),
    queryFn: ({ signal }) => fetchTrustPeople(trustId, signal),
  });

// Comment moderation ------------------------------------------------------------------------------

/** The queue in one state, or one comment by id whatever its state (the link in SMT's report). */
export const moderationItemsQuery = (filters: ItemFilters) =>
  queryOptions({
    queryKey: apiKey('/api/moderation/items', filters),
    queryFn: ({ signal }) => fetchModerationItems(filters, signal),
  });

/** What an action on a comment changes: every view of the queue. */
export const moderationKeys = [apiKey('/api/moderation/items')] as const;
