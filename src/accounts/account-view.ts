import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { cite } from '../policy/clauses.js';
import { clauseTitleOf } from './account-checks.js';
import { type AccountAbility, type AccountPeople, accountAbilities } from './accounts.permissions.js';
import { type OwnerRow, ownersOf } from './accounts.repository.js';
import type { AccountRow, AccountStatus, AupResult, StoredFinding } from './accounts.table.js';
import { studentAccessOf } from './lifecycle.js';
import { type PlatformId, platforms } from './platforms.js';

export interface FindingView extends StoredFinding {
  clauseTitle: string;
}

/** Something that stands between an account and submission, with the clause that requires it. */
export interface SubmissionProblem {
  code: 'AttestationDirectMessagesMissing' | 'AttestationAupLinkMissing' | 'TextBlocked';
  clause: string;
  message: string;
}

export interface AccountView {
  id: string;
  platform: PlatformId;
  platformName: string;
  handle: string | null;
  profileUrl: string | null;
  purposeKind: string;
  purpose: string;
  linkedEmail: string;
  audience: string[];
  aboutText: string | null;
  findings: FindingView[];
  attestations: { noDirectMessages: boolean; aupLink: boolean };
  status: AccountStatus;
  studentAccess: { allowed: boolean; message: string };
  readiness: { ready: boolean; problems: SubmissionProblem[] };
  owners: { staffId: string; name: string; primary: boolean }[];
  submittedAt: string | null;
  approvedAt: string | null;
  approvalExpiresOn: string | null;
  aup: { status: AupResult | null; checkedAt: string | null; verified: boolean };
  abilities: AccountAbility[];
  createdAt: string;
  updatedAt: string;
}

export interface AccountDetail extends AccountView {
  history: { from: AccountStatus; to: AccountStatus; at: string; by: string; reason: string | null }[];
  aupChecks: {
    result: AupResult;
    reason: string;
    checkedUrl: string | null;
    trigger: string;
    checkedAt: string;
  }[];
}

export function peopleOf(row: AccountRow, owners: readonly OwnerRow[]): AccountPeople {
  const mine = owners.filter((o) => o.accountId === row.id);
  return {
    schoolId: row.school_id,
    ownerIds: mine.map((o) => o.staffId),
    ownerManagerIds: mine.flatMap((o) => (o.managerStaffId ? [o.managerStaffId] : [])),
  };
}

export function submissionProblems(
  row: Pick<AccountRow, 'attests_no_direct_messages' | 'attests_aup_link'>,
  findings: readonly StoredFinding[],
): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  if (!row.attests_no_direct_messages)
    problems.push({
      code: 'AttestationDirectMessagesMissing',
      clause: '2.7',
      message: `confirm that direct messages with students are switched off or not used (${cite('2.7')})`,
    });
  if (!row.attests_aup_link)
    problems.push({
      code: 'AttestationAupLinkMissing',
      clause: '2.8',
      message: `confirm that the About page links to the school's ICT Acceptable Use Policy (${cite('2.8')})`,
    });
  for (const f of findings.filter((x) => x.severity === 'block'))
    problems.push({
      code: 'TextBlocked',
      clause: f.clause,
      message: `${f.field === 'about' ? 'About text' : 'Purpose'}: ${f.message}`,
    });
  return problems;
}

export function toView(actor: Actor, row: AccountRow, owners: readonly OwnerRow[]): AccountView {
  const people = peopleOf(row, owners);
  const findings = row.about_findings.map((f) => ({
    ...f,
    clauseTitle: clauseTitleOf(f.clause),
  }));
  const problems = submissionProblems(row, row.about_findings);
  return {
    id: row.id,
    platform: row.platform as PlatformId,
    platformName: platforms[row.platform as PlatformId]?.name ?? row.platform,
    handle: row.handle,
    profileUrl: row.profile_url,
    purposeKind: row.purpose_kind,
    purpose: row.purpose,
    linkedEmail: row.linked_email,
    audience: row.audience,
    aboutText: row.about_text,
    findings,
    attestations: { noDirectMessages: row.attests_no_direct_messages, aupLink: row.attests_aup_link },
    status: row.status,
    studentAccess: studentAccessOf(row.status),
    readiness: { ready: problems.length === 0, problems },
    owners: owners
      .filter((o) => o.accountId === row.id)
      .map((o) => ({ staffId: o.staffId, name: o.name, primary: o.isPrimary })),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    approvedAt: row.approved_at?.toISOString() ?? null,
    approvalExpiresOn: row.approval_expires_on,
    aup: {
      status: row.aup_status,
      checkedAt: row.aup_checked_at?.toISOString() ?? null,
      verified: row.aup_status === 'found',
    },
    abilities: accountAbilities(actor, { ...people, status: row.status }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function loadView(db: DbExecutor, actor: Actor, row: AccountRow): Promise<AccountView> {
  return toView(actor, row, await ownersOf(db, row.school_id, [row.id]));
}
