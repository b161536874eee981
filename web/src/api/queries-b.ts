import { queryOptions, type UseQueryResult } from '@tanstack/react-query';
import {
  fetchAccount,
  fetchMyAccounts,
  fetchPersonalHandles,
  fetchRegister,
  fetchRegisterSettings,
  fetchStaff,
} from './accounts';
import { type ArchiveFilters, fetchArchiveRecord, fetchTakedowns, searchArchive } from './archive';
import { fetchBlockListState, fetchCheckSettings } from './checks';
import type { ApiQuery } from './client';
import {
  fetchAcknowledgementReport,
  fetchMyAcknowledgements,
  fetchNotifications,
  fetchPolicy,
} from './endpoints';
import { fetchPostingSettings } from './posting-settings';
import { fetchApprovalQueue, fetchMyPosts, fetchPost } from './posts';

/**
 * Queries of the posts, archive, takedowns, checks settings, policy and accounts pages (see docs/web-client.md):
 * each key starts with the API path it reads, then its parameters, so a change invalidates by path prefix
 * (`queryClient.invalidateQueries({ queryKey: ['/api/posts'] })` refreshes both post lists). Built with
 * `queryOptions`, so `setQueryData(postQuery(id).queryKey, post)` is typed by the generated client.
 */

// Posts -------------------------------------------------------------------------------------------

export const myPostsQuery = () =>
  queryOptions({ queryKey: ['/api/posts', 'mine'] as const, queryFn: ({ signal }) => fetchMyPosts(signal) });

export const approvalQueueQuery = () =>
  queryOptions({
    queryKey: ['/api/posts', 'approval_queue'] as const,
    queryFn: ({ signal }) => fetchApprovalQueue(signal),
  });

export const postQuery = (id: string) =>
  queryOptions({
    queryKey: ['/api/posts/{id}', id] as const,
    queryFn: ({ signal }) => fetchPost(id, signal),
  });

/** Both post lists (mine and the approval queue): what any change to a post touches besides the post. */
export const postListsKey = ['/api/posts'] as const;

// Archive and takedowns ---------------------------------------------------------------------------

export const archiveSearchQuery = (filters: ArchiveFilters) =>
  queryOptions({
    queryKey: ['/api/archive/posts', filters] as const,
    queryFn: ({ signal }) => searchArchive(filters, signal),
  });

/** Every archive search: publishing a post adds a record to them. */
export const archiveSearchKey = ['/api/archive/posts'] as const;

export const archiveRecordQuery = (id: string) =>
  queryOptions({
    queryKey: ['/api/archive/posts/{id}', id] as const,
    queryFn: ({ signal }) => fetchArchiveRecord(id, signal),
  });

/** Takedown tasks: `true` still to remove, `false` removed, `undefined` all. */
export const takedownsQuery = (open: boolean | undefined) =>
  queryOptions({
    queryKey: ['/api/takedowns', open ?? 'all'] as const,
    queryFn: ({ signal }) => fetchTakedowns(open, signal),
  });

export const takedownsKey = ['/api/takedowns'] as const;

// Checks and posting settings ---------------------------------------------------------------------

export const blockListsQuery = () =>
  queryOptions({ queryKey: ['/api/checks/block-lists'] as const, queryFn: () => fetchBlockListState() });

export const checkSettingsQuery = () =>
  queryOptions({ queryKey: ['/api/checks/settings'] as const, queryFn: () => fetchCheckSettings() });

export const postingSettingsQuery = () =>
  queryOptions({
    queryKey: ['/api/posts/school-settings'] as const,
    queryFn: ({ signal }) => fetchPostingSettings(signal),
  });

// Policy and notifications ------------------------------------------------------------------------

export const policyQuery = (schoolId: string) =>
  queryOptions({ queryKey: ['/api/policy', schoolId] as const, queryFn: () => fetchPolicy(schoolId) });

export const myAcknowledgementsQuery = () =>
  queryOptions({
    queryKey: ['/api/policy/acknowledgements/mine'] as const,
    queryFn: () => fetchMyAcknowledgements(),
  });

export const acknowledgementReportQuery = () =>
  queryOptions({
    queryKey: ['/api/policy/acknowledgements'] as const,
    queryFn: () => fetchAcknowledgementReport(),
  });

/** What a new policy version or a recorded review changes: the policy and everyone's acknowledgements. */
export const policyQueriesKeys = [
  ['/api/policy'],
  ['/api/policy/acknowledgements/mine'],
  ['/api/policy/acknowledgements'],
] as const;

/** The first page of notifications (the overview reads its unread count). */
export const firstNotificationsQuery = () =>
  queryOptions({ queryKey: ['/api/notifications', 'first'] as const, queryFn: () => fetchNotifications() });

// Accounts ----------------------------------------------------------------------------------------

export const myAccountsQuery = () =>
  queryOptions({ queryKey: ['/api/accounts/mine'] as const, queryFn: () => fetchMyAccounts() });

export const registerQuery = (query: ApiQuery<'/api/accounts'>) =>
  queryOptions({ queryKey: ['/api/accounts', query] as const, queryFn: () => fetchRegister(query) });

/** Every view of the register, whatever its filters. */
export const registerKey = ['/api/accounts'] as const;

export const accountQuery = (id: string) =>
  queryOptions({ queryKey: ['/api/accounts/{id}', id] as const, queryFn: () => fetchAccount(id) });

export const staffQuery = () =>
  queryOptions({ queryKey: ['/api/people/staff'] as const, queryFn: () => fetchStaff() });

export const personalHandlesQuery = () =>
  queryOptions({ queryKey: ['/api/me/personal-handles'] as const, queryFn: () => fetchPersonalHandles() });

export const registerSettingsQuery = () =>
  queryOptions({ queryKey: ['/api/accounts/settings'] as const, queryFn: () => fetchRegisterSettings() });

/**
 * The data a form is seeded from, once this visit's answer has arrived. A form copies its data into its own
 * state once, so it must not start from a cached answer that someone may have changed since (as the pages
 * did before the cache: the form waits for the server).
 */
export function freshData<T>(query: UseQueryResult<T>): T | undefined {
  return query.isSuccess && query.isFetchedAfterMount ? query.data : undefined;
}
