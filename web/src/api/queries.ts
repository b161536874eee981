import { QueryClient, useQuery } from '@tanstack/react-query';
import { type CheckRule, fetchCheckRules } from './checks';
import { ApiError } from './client';
import type { paths } from './schema.gen';

/**
 * Fetching with TanStack Query: one QueryClient for the app, query keys named after the API path they
 * read, so a mutation invalidates what it changed with `queryClient.invalidateQueries({ queryKey: [...] })`.
 * See docs/web-client.md.
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

/** Query keys: the API path, then its parameters. */
export const queryKeys = {
  checkRules: ['/api/check-rules'] as const,
};

/** The engine's rules (served by the API), or an empty list while they load. */
export function useCheckRules(): readonly CheckRule[] {
  const { data } = useQuery({
    queryKey: queryKeys.checkRules,
    queryFn: ({ signal }) => fetchCheckRules(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return data?.rules ?? [];
}

/** A rule's title by its id, for findings (stored or live) that name only the rule. */
export function useRuleTitles(): (ruleId: string) => string | undefined {
  const rules = useCheckRules();
  const titles = new Map(rules.map((rule) => [rule.id as string, rule.title]));
  return (ruleId) => titles.get(ruleId);
}

/**
 * A query key: the API path template (a path the server does not have is a type error), then its parameters.
 * Invalidating with fewer parameters matches every key that starts the same way:
 * `apiKey('/api/concerns/pupils/{pupilId}/chronology')` marks every pupil's chronology stale.
 */
export function apiKey<P extends keyof paths>(path: P, ...params: unknown[]): readonly [P, ...unknown[]] {
  return [path, ...params];
}
