import { useQueries, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { type Account, staffName } from '../../api/accounts';
import type { Finding, Verdict } from '../../api/checks';
import { type Post, type PostFinding, type PostStatus, postStatusLabels } from '../../api/posts';
import { accountQuery, myAccountsQuery, photoQuery, useRuleTitles, useStaffList } from '../../api/queries';
import { Badge } from '../../components/status';
import { severityLabels } from '../checks/text-mirror';

export const verdictText: Record<Verdict, { label: string; tone: 'bad' | 'warn' | 'good'; explain: string }> =
  {
    block: {
      label: 'Blocked',
      tone: 'bad',
      explain:
        'This post breaks the policy and cannot go further: fix every finding marked Blocked, then save again.',
    },
    review: {
      label: 'Needs review',
      tone: 'warn',
      explain: 'A manager or a member of the SMT (not you) must approve it before it is published.',
    },
    pass: { label: 'OK', tone: 'good', explain: 'No problems found.' },
  };

export const verdictTone = { block: 'bad', review: 'warn', pass: 'good' } as const;
const severityTone = { block: 'bad', review: 'warn', advice: 'neutral' } as const;

export function statusTone(status: PostStatus): 'neutral' | 'good' | 'warn' {
  if (status === 'published' || status === 'ready') return 'good';
  if (status === 'awaiting_approval') return 'warn';
  return 'neutral';
}

export function PostStatusBadge({ status }: { status: PostStatus }) {
  return <Badge tone={statusTone(status)}>{postStatusLabels[status]}</Badge>;
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <Badge tone={verdictTone[verdict]}>{verdictText[verdict].label}</Badge>;
}

/**
 * The heading of a finding: the rule's own title ("Photo without written consent") where the page knows
 * the rule, so a stored finding and a live one read the same; else the clause's title the server sent.
 */
export function clauseTitleOf(
  finding: PostFinding,
  ruleTitle: (ruleId: string) => string | undefined,
): string {
  return ruleTitle(finding.rule) ?? finding.rule;
}

/** Stored findings in the shape the check page's components take (with their clause titles). */
export function withTitles(
  findings: readonly PostFinding[],
  ruleTitle: (ruleId: string) => string | undefined,
): Finding[] {
  return findings.map((f) => ({ ...f, clauseTitle: clauseTitleOf(f, ruleTitle) }));
}

export function accountLabel(account: Pick<Account, 'platformName' | 'handle' | 'profileUrl'>): string {
  return `${account.platformName}: ${account.handle ?? account.profileUrl ?? ''}`;
}

/** A finding in the list, with its clause, its fix and (in the composer) a one-click fix button. */
export function FindingList({
  findings,
  fixFor,
}: {
  findings: readonly PostFinding[];
  fixFor?: (finding: PostFinding) => ReactNode;
}) {
  const ruleTitle = useRuleTitles();
  if (findings.length === 0) return <p>No findings.</p>;
  return (
    <ol className="findings">
      {findings.map((finding, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: a finding's number is its place in this list
          key={index}
          className={`finding finding--${finding.severity}`}
        >
          <p className="finding__head">
            <Badge tone={severityTone[finding.severity]}>{severityLabels[finding.severity]}</Badge>{' '}
            <span className="finding__clause">
              Clause {finding.clause}: {clauseTitleOf(finding, ruleTitle)}
            </span>
          </p>
          <p className="finding__message">
            {finding.imageIndex !== undefined ? <strong>Photo {finding.imageIndex + 1}: </strong> : null}
            {finding.message}
            {finding.excerpt ? (
              <>
                {' '}
                <q className="finding__excerpt">{finding.excerpt}</q>
              </>
            ) : null}
          </p>
          {finding.suggestion ? (
            <p className="finding__fix">
              <strong>How to fix it:</strong> {finding.suggestion}
            </p>
          ) : null}
          {fixFor ? fixFor(finding) : null}
        </li>
      ))}
    </ol>
  );
}

/** A stored photo's thumbnail, fetched into an object URL (the API serves photos as attachments). */
export function PhotoThumb({
  post,
  photoId,
  label,
}: {
  post: Pick<Post, 'id'>;
  photoId: string;
  label: string;
}) {
  const photo = useQuery(photoQuery(post.id, photoId, 'thumbnail'));
  // The cached file becomes a URL while it is shown, and the URL is released when it no longer is.
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!photo.data) return;
    const objectUrl = URL.createObjectURL(photo.data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [photo.data]);
  if (photo.isError) return <span className="post-photo__missing">{label}: could not be loaded</span>;
  return url ? (
    <img className="post-photo__img" src={url} alt={label} />
  ) : (
    <span className="muted">Loading…</span>
  );
}

/** Names for the accounts a person can see: their own, and (for managers and SMT) the register's. */
export function useAccountNames(ids: readonly string[]): Map<string, string> {
  const mine = useQuery(myAccountsQuery());
  const names = new Map((mine.data?.items ?? []).map((a) => [a.id, accountLabel(a)] as const));
  // Accounts not among the person's own are asked one by one once their own are known; one the person
  // may not see keeps its id shown (names are a convenience).
  const others = [...new Set(ids)].sort().filter((id) => !names.has(id));
  const answers = useQueries({
    queries: others.map((id) => ({ ...accountQuery(id), enabled: !mine.isPending })),
  });
  for (const answer of answers) if (answer.data) names.set(answer.data.id, accountLabel(answer.data));
  return names;
}

/** The school's staff by id, for authors and approvers. */
export function useStaffNames(): Map<string, string> {
  return new Map(useStaffList().map((s) => [s.id, staffName(s)]));
}
