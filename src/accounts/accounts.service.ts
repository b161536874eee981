import { z } from 'zod';
import type { CheckContextCache } from '../checks/check-context.service.js';
import { checkText } from '../checks/engine.js';
import type { CheckContext } from '../checks/types.js';
import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import { type Actor, hasRole } from '../platform/auth/roles.js';
import { addMonths, formatUkDate, todayIn } from '../platform/calendar/dates.js';
import { type Clock, SCHOOL_TIME_ZONE } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { type ClauseId, cite, clauseById } from '../policy/clauses.js';
import { getSchool, parseOrInvalid } from '../schools/schools.service.js';
import { isWebmailDomain } from '../schools/webmail.js';
import { linkTo } from '../shared/links.js';
import {
  type AccountAbility,
  type AccountPeople,
  accountAbilities,
  canEditAccount,
  canManageRegisterSettings,
  canReadRegister,
  canRegisterAccount,
  canRetireAccount,
  canViewAccount,
  type DecisionRefusal,
  decisionRefusal,
} from './accounts.permissions.js';
import {
  activeMemberIds,
  aupChecksOf,
  findAccount,
  findAccountForUpdate,
  findApprovedByIdentities,
  findLiveAccountByIdentity,
  findRegisterSettings,
  insertAccount,
  insertTransition,
  isDeclaredPersonal,
  listAccountRows,
  memberIdsWithRoles,
  type OwnerRow,
  ownersOf,
  replaceOwners,
  transitionsOf,
  updateAccountRow,
  upsertRegisterSettings,
} from './accounts.repository.js';
import type { AccountRow, AccountStatus, AupResult, StoredFinding } from './accounts.table.js';
import { identityOf, verificationCandidates } from './identity.js';
import { planTransition, studentAccessOf, type TransitionAction } from './lifecycle.js';
import { type PlatformId, platformIds, platforms } from './platforms.js';

export const purposeKinds = ['course', 'club', 'department', 'school', 'other'] as const;
export const accountStatuses = [
  'draft',
  'submitted',
  'approved',
  'changes_requested',
  'rejected',
  'suspended',
  'retired',
] as const satisfies readonly AccountStatus[];

/** What a member of staff gives to register (or edit) an account; HTTP and the service share it. */
export const accountInputSchema = z
  .object({
    /** Optional when a profile address is given: the platform is then the one the address belongs to. */
    platform: z.enum(platformIds).optional(),
    handle: z.string().trim().max(200).optional(),
    profileUrl: z.string().trim().max(2000).optional(),
    purposeKind: z.enum(purposeKinds),
    /** Shown on the public verification page: say what the account is for, never who runs it. */
    purpose: z
      .string()
      .trim()
      .min(3, 'must be at least 3 characters')
      .max(300, 'must be at most 300 characters'),
    linkedEmail: z.email('must be an email address').trim().toLowerCase().max(254),
    audience: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
    aboutText: z.string().max(5000).optional(),
    coOwnerStaffIds: z.array(z.uuid()).max(10).default([]),
    attestsNoDirectMessages: z.boolean().default(false),
    attestsAupLink: z.boolean().default(false),
  })
  .strict();

export type AccountInput = z.input<typeof accountInputSchema>;

export interface AccountsDeps {
  clock: Clock;
  contexts: CheckContextCache;
}

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

function peopleOf(row: AccountRow, owners: readonly OwnerRow[]): AccountPeople {
  const mine = owners.filter((o) => o.accountId === row.id);
  return {
    schoolId: row.school_id,
    ownerIds: mine.map((o) => o.staffId),
    ownerManagerIds: mine.flatMap((o) => (o.managerStaffId ? [o.managerStaffId] : [])),
  };
}

function submissionProblems(
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

function toView(actor: Actor, row: AccountRow, owners: readonly OwnerRow[]): AccountView {
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

function clauseTitleOf(id: string): string {
  try {
    return clauseById(id as ClauseId).title;
  } catch {
    return id;
  }
}

/** Runs the check engine on the purpose and About text (clauses 2.3–2.5); keeps no excerpts. */
function checkAccountText(
  context: CheckContext,
  purpose: string,
  about: string | undefined,
): StoredFinding[] {
  const findings: StoredFinding[] = [];
  for (const [field, text] of [
    ['purpose', purpose],
    ['about', about ?? ''],
  ] as const) {
    if (text.trim() === '') continue;
    for (const f of checkText(text, context).findings)
      findings.push({ field, rule: f.rule, clause: f.clause, severity: f.severity, message: f.message });
  }
  return findings;
}

interface ValidatedInput {
  data: z.output<typeof accountInputSchema>;
  identity: { platform: PlatformId; key: string; profileUrl: string };
  handle: string | null;
  findings: StoredFinding[];
}

/** Everything that can be decided before the transaction: shape, identity, email domain, text checks. */
async function validateInput(
  db: Db,
  schoolId: string,
  input: unknown,
  deps: AccountsDeps,
): Promise<ValidatedInput> {
  const data = parseOrInvalid(accountInputSchema, input, 'InvalidAccount');
  const identity = identityOf(data.platform, {
    ...(data.handle ? { handle: data.handle } : {}),
    ...(data.profileUrl ? { profileUrl: data.profileUrl } : {}),
  });
  if (!identity.ok) throw invalid('InvalidAccountIdentity', identity.problem);
  const school = await getSchool(db, schoolId);
  const domain = data.linkedEmail.split('@')[1] ?? '';
  if (isWebmailDomain(domain))
    throw invalid(
      'LinkedEmailIsWebmail',
      `the linked email is on ${domain}, a public webmail service: link the account to an official school email address (${cite('2.1')})`,
      ['clause 2.1'],
    );
  const official = school.officialEmailDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
  if (!official)
    throw invalid(
      'LinkedEmailNotOfficial',
      `link the account to an official school email address on ${school.officialEmailDomains.join(' or ')} (${cite('2.1')})`,
      ['clause 2.1'],
    );
  const context = await deps.contexts.load(db, schoolId, deps.clock.today());
  return {
    data,
    identity: identity.identity,
    handle: data.handle ? data.handle.trim() : null,
    findings: checkAccountText(context, data.purpose, data.aboutText),
  };
}

/** Checks inside the transaction: co-owners, declared personal accounts, duplicates. */
async function checkPeopleAndIdentity(
  tx: DbExecutor,
  schoolId: string,
  ownerId: string,
  input: ValidatedInput,
  exceptAccountId?: string,
): Promise<void> {
  const coOwners = input.data.coOwnerStaffIds.filter((id) => id !== ownerId);
  const members = await activeMemberIds(tx, schoolId, coOwners);
  const missing = coOwners.filter((id) => !members.has(id));
  if (missing.length > 0)
    throw invalid(
      'CoOwnerNotFound',
      'every co-owner must be a current member of staff of the school',
      missing,
    );
  // Says only that it is declared personal: whose declaration it is stays private.
  if (await isDeclaredPersonal(tx, schoolId, input.identity.key))
    throw invalid(
      'DeclaredPersonalAccount',
      `this is declared as personal: an educational account must be separate from personal accounts (${cite('2.1')})`,
      ['clause 2.1'],
    );
  if (await findLiveAccountByIdentity(tx, schoolId, input.identity.key, exceptAccountId))
    throw conflict('AccountAlreadyRegistered', 'this account is already on the register');
}

async function loadView(db: DbExecutor, actor: Actor, row: AccountRow): Promise<AccountView> {
  return toView(actor, row, await ownersOf(db, row.school_id, [row.id]));
}

function requireStaffOrSystemSchool(actor: Actor, schoolId: string): void {
  if (actor.kind === 'staff' && actor.schoolId !== schoolId)
    throw forbidden('AccountForbidden', 'accounts of another school cannot be reached from here');
}

/**
 * Registers an educational account as a draft, owned by the member of staff registering it (clause 2.1).
 * Refusals cite their clause; findings on the purpose and About text are stored with their clauses.
 */
export async function registerAccount(
  db: Db,
  actor: Actor,
  schoolId: string,
  input: unknown,
  deps: AccountsDeps,
): Promise<AccountView> {
  if (!canRegisterAccount(actor, schoolId) || actor.kind !== 'staff')
    throw forbidden('AccountForbidden', 'only a member of staff of the school registers an account');
  const valid = await validateInput(db, schoolId, input, deps);
  return db.transaction().execute(async (tx) => {
    await checkPeopleAndIdentity(tx, schoolId, actor.staffId, valid);
    const row = await insertAccount(tx, {
      school_id: schoolId,
      platform: valid.identity.platform,
      handle: valid.handle,
      profile_url: valid.identity.profileUrl,
      identity_key: valid.identity.key,
      purpose_kind: valid.data.purposeKind,
      purpose: valid.data.purpose,
      linked_email: valid.data.linkedEmail,
      audience: valid.data.audience,
      about_text: valid.data.aboutText ?? null,
      about_findings: JSON.stringify(valid.findings),
      attests_no_direct_messages: valid.data.attestsNoDirectMessages,
      attests_aup_link: valid.data.attestsAupLink,
      created_by_staff_id: actor.staffId,
      submitted_at: null,
      approved_at: null,
      approved_by_staff_id: null,
      approval_expires_on: null,
      expiry_reminder_sent_for: null,
      aup_status: null,
      aup_checked_at: null,
    });
    await replaceOwners(tx, row.id, actor.staffId, valid.data.coOwnerStaffIds);
    await recordAudit(tx, {
      actor,
      schoolId,
      at: deps.clock.now(),
      event: {
        type: 'account.registered',
        subject: { type: 'account', id: row.id },
        data: { platform: row.platform, identityKey: row.identity_key },
      },
    });
    return loadView(tx, actor, row);
  });
}

async function lockedAccount(tx: DbExecutor, actor: Actor, schoolId: string, id: string) {
  requireStaffOrSystemSchool(actor, schoolId);
  const row = z.uuid().safeParse(id).success ? await findAccountForUpdate(tx, schoolId, id) : undefined;
  if (!row) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = await ownersOf(tx, schoolId, [row.id]);
  return { row, owners, people: peopleOf(row, owners) };
}

/** Edits a draft or an account sent back for changes; the owners only. */
export async function updateAccount(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
  input: unknown,
  deps: AccountsDeps,
): Promise<AccountView> {
  if (!canRegisterAccount(actor, schoolId))
    throw forbidden('AccountForbidden', 'not a member of this school');
  const valid = await validateInput(db, schoolId, input, deps);
  return db.transaction().execute(async (tx) => {
    const { row, people } = await lockedAccount(tx, actor, schoolId, id);
    if (!canViewAccount(actor, people)) throw notFound('AccountNotFound', 'no such account on the register');
    if (!canEditAccount(actor, people)) throw forbidden('NotAnOwner', 'only the account’s owners edit it');
    if (row.status !== 'draft' && row.status !== 'changes_requested')
      throw conflict(
        'AccountNotEditable',
        `an account that is ${row.status.replace('_', ' ')} cannot be edited`,
      );
    const primary = row.created_by_staff_id;
    await checkPeopleAndIdentity(tx, schoolId, primary, valid, row.id);
    const next = {
      platform: valid.identity.platform,
      handle: valid.handle,
      profile_url: valid.identity.profileUrl,
      identity_key: valid.identity.key,
      purpose_kind: valid.data.purposeKind,
      purpose: valid.data.purpose,
      linked_email: valid.data.linkedEmail,
      audience: valid.data.audience,
      about_text: valid.data.aboutText ?? null,
      attests_no_direct_messages: valid.data.attestsNoDirectMessages,
      attests_aup_link: valid.data.attestsAupLink,
    };
    const fields = Object.entries(next)
      .filter(([key, value]) => JSON.stringify(row[key as keyof typeof next]) !== JSON.stringify(value))
      .map(([key]) => key);
    const updated = await updateAccountRow(tx, row.id, {
      ...next,
      about_findings: JSON.stringify(valid.findings),
    });
    await replaceOwners(tx, row.id, primary, valid.data.coOwnerStaffIds);
    await recordAudit(tx, {
      actor,
      schoolId,
      at: deps.clock.now(),
      event: { type: 'account.updated', subject: { type: 'account', id: row.id }, data: { fields } },
    });
    return loadView(tx, actor, updated);
  });
}

const refusalErrors: Record<DecisionRefusal, { code: string; message: string }> = {
  not_in_school: {
    code: 'AccountForbidden',
    message: 'accounts of another school cannot be decided from here',
  },
  own_account: {
    code: 'SelfApprovalRefused',
    message: `an owner cannot decide on their own account: a manager or SMT member who is not an owner must (${cite('2.2')})`,
  },
  not_a_decider: {
    code: 'NotADecider',
    message: `only a manager or a member of the SMT decides (${cite('2.2')})`,
  },
  not_their_manager: {
    code: 'NotTheOwnersManager',
    message: `a manager decides only on accounts of staff they manage; SMT decide on any (${cite('2.2')})`,
  },
  needs_a_person: {
    code: 'DecisionNeedsAPerson',
    message: 'a decision on an account is taken by a person, not the system',
  },
};

const deciderActions: readonly TransitionAction[] = [
  'approve',
  'request_changes',
  'reject',
  'suspend',
  'reinstate',
];

async function approvalMonths(
  db: DbExecutor,
  schoolId: string,
): Promise<{ approvalMonths: number; reminderDays: number }> {
  const row = await findRegisterSettings(db, schoolId);
  return { approvalMonths: row?.approval_months ?? 12, reminderDays: row?.reminder_days ?? 30 };
}

function actorLabel(actor: Actor): { staffId: string | null; label: string } {
  return actor.kind === 'staff'
    ? { staffId: actor.staffId, label: actor.name }
    : { staffId: null, label: `system:${actor.label}` };
}

const decisionWords: Partial<Record<TransitionAction, string>> = {
  approve: 'approved',
  request_changes: 'sent back for changes',
  reject: 'rejected',
  suspend: 'suspended',
  reinstate: 'reinstated',
  retire: 'retired',
  expire: 'due for review: its approval has ended',
};

/**
 * Moves an account through its lifecycle. Every transition is recorded with who, when and why (in the
 * register's history and the audit log, in one transaction); rejections, change requests and suspensions
 * need a reason. Submission re-runs the text checks and notifies the owners' managers and SMT.
 */
export async function transitionAccount(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
  action: TransitionAction,
  reason: string | undefined,
  deps: AccountsDeps,
): Promise<AccountView> {
  if (
    actor.kind === 'staff' &&
    deciderActions.includes(action) &&
    !hasRole(actor, 'manager', 'smt', 'headteacher')
  )
    throw forbidden('NotADecider', refusalErrors.not_a_decider.message);
  if (action === 'expire' && actor.kind !== 'system')
    throw forbidden('AccountForbidden', 'approval expiry is run by the system');
  const context =
    action === 'submit' ? await deps.contexts.load(db, schoolId, deps.clock.today()) : undefined;
  return db.transaction().execute(async (tx) => {
    const { row, owners, people } = await lockedAccount(tx, actor, schoolId, id);
    if (!canViewAccount(actor, people)) throw notFound('AccountNotFound', 'no such account on the register');
    if (action === 'submit' && !canEditAccount(actor, people))
      throw forbidden('NotAnOwner', 'only the account’s owners submit it');
    if (action === 'retire' && !canRetireAccount(actor, people))
      throw forbidden('AccountForbidden', 'only an owner or SMT retires an account');
    if (deciderActions.includes(action)) {
      const refusal = decisionRefusal(actor, people);
      if (refusal) throw forbidden(refusalErrors[refusal].code, refusalErrors[refusal].message);
    }
    const plan = planTransition(action, row.status, reason);
    if (!plan.ok) {
      throw plan.code === 'ReasonRequired'
        ? invalid(plan.code, plan.message)
        : conflict(plan.code, plan.message);
    }
    const now = deps.clock.now();
    const today = deps.clock.today();
    let changes: Parameters<typeof updateAccountRow>[2] = { status: plan.to };
    if (action === 'submit' && context) {
      const findings = checkAccountText(context, row.purpose, row.about_text ?? undefined);
      const problems = submissionProblems(row, findings);
      if (problems.length > 0)
        throw invalid(
          'SubmissionRefused',
          'the account cannot be submitted yet',
          // Each problem already cites its clause once; the reader needs the sentence, not a second citation.
          problems.map((p) =>
            p.message.includes('clause') ? p.message : `${p.message} (clause ${p.clause})`,
          ),
        );
      changes = { ...changes, submitted_at: now, about_findings: JSON.stringify(findings) };
    }
    let expiresOn: string | undefined;
    if (plan.to === 'approved') {
      const settings = await approvalMonths(tx, schoolId);
      expiresOn = addMonths(today, settings.approvalMonths);
      changes = {
        ...changes,
        approved_at: now,
        approved_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
        approval_expires_on: expiresOn,
        expiry_reminder_sent_for: null,
      };
    }
    const updated = await updateAccountRow(tx, row.id, changes);
    const who = actorLabel(actor);
    const why = reason?.trim() ? reason.trim() : null;
    await insertTransition(tx, {
      accountId: row.id,
      from: row.status,
      to: plan.to,
      actorStaffId: who.staffId,
      actorLabel: who.label,
      reason: why,
      at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId,
      at: now,
      event: {
        type: 'account.transitioned',
        subject: { type: 'account', id: row.id },
        data: { action, from: row.status, to: plan.to, reason: why, ...(expiresOn ? { expiresOn } : {}) },
      },
    });
    await notifyAboutTransition(tx, actor, updated, people, action, now);
    return toView(actor, updated, owners);
  });
}

async function notifyAboutTransition(
  tx: DbExecutor,
  actor: Actor,
  row: AccountRow,
  people: AccountPeople,
  action: TransitionAction,
  now: Date,
): Promise<void> {
  const actorId = actor.kind === 'staff' ? actor.staffId : undefined;
  const link = linkTo('account', { id: row.id });
  if (action === 'submit' || action === 'expire') {
    // Clause 2.2: the appropriate Manager or a member of the SMT; never the owners themselves.
    const smt = await memberIdsWithRoles(tx, row.school_id, ['smt', 'headteacher']);
    const deciders = [...new Set([...people.ownerManagerIds, ...smt])].filter(
      (id) => !people.ownerIds.includes(id) && id !== actorId,
    );
    await notify(tx, {
      schoolId: row.school_id,
      staffIds: deciders,
      kind: 'accounts.awaiting_approval',
      title:
        action === 'submit'
          ? 'A school social media account awaits approval'
          : 'A school social media account’s approval has ended and awaits review',
      link,
      email: {
        subject: 'A school social media account awaits a decision',
        text: 'A school social media account on the register awaits a decision. Sign in to Guardpost to review it.',
      },
      now,
    });
  }
  const word = decisionWords[action];
  if (action !== 'submit' && word) {
    await notify(tx, {
      schoolId: row.school_id,
      staffIds: people.ownerIds.filter((id) => id !== actorId),
      kind: 'accounts.decision',
      title: `Your school social media account was ${word}`,
      link,
      email: {
        subject: 'News about your school social media account',
        text: 'There is news about a school social media account you own. Sign in to Guardpost to see it.',
      },
      now,
    });
  }
}

/** One account with its history and AUP checks: its owners, their managers and the register's readers. */
export async function getAccount(db: Db, actor: Actor, schoolId: string, id: string): Promise<AccountDetail> {
  requireStaffOrSystemSchool(actor, schoolId);
  const row = z.uuid().safeParse(id).success ? await findAccount(db, schoolId, id) : undefined;
  if (!row) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = await ownersOf(db, schoolId, [row.id]);
  // Someone who may not see it learns nothing, not even that it exists.
  if (!canViewAccount(actor, peopleOf(row, owners)))
    throw notFound('AccountNotFound', 'no such account on the register');
  const history = await transitionsOf(db, row.id);
  const checks = await aupChecksOf(db, row.id);
  return {
    ...toView(actor, row, owners),
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      at: h.at.toISOString(),
      by: h.given_name ? `${h.given_name} ${h.family_name}` : h.actor_label,
      reason: h.reason,
    })),
    aupChecks: checks.map((c) => ({
      result: c.result,
      reason: c.reason,
      checkedUrl: c.checked_url,
      trigger: c.trigger,
      checkedAt: c.checked_at.toISOString(),
    })),
  };
}

/** The accounts the actor owns or co-owns. */
export async function listMyAccounts(db: Db, actor: Actor, schoolId: string): Promise<AccountView[]> {
  if (actor.kind !== 'staff' || actor.schoolId !== schoolId)
    throw forbidden('AccountForbidden', 'only a member of staff of the school has accounts here');
  const rows = await listAccountRows(db, schoolId, { ownerStaffId: actor.staffId });
  const owners = await ownersOf(
    db,
    schoolId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(actor, r, owners));
}

/** The whole register, filtered: managers, SMT, the headteacher and admins. */
export async function listRegister(
  db: Db,
  actor: Actor,
  schoolId: string,
  filters: { status?: AccountStatus; platform?: PlatformId; ownerStaffId?: string } = {},
): Promise<AccountView[]> {
  if (!canReadRegister(actor, schoolId))
    throw forbidden('RegisterForbidden', 'the register is for managers, SMT, the headteacher and admins');
  const rows = await listAccountRows(db, schoolId, filters);
  const owners = await ownersOf(
    db,
    schoolId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(actor, r, owners));
}

export interface PublicVerification {
  school: { id: string; name: string };
  official: boolean;
  message: string;
  matches: {
    platform: string;
    platformName: string;
    account: string;
    profileUrl: string | null;
    purpose: string;
    approvedOn: string;
    /** Who runs it, as a role in words ("a member of the senior leadership team"): never a name. */
    runBy: string;
  }[];
}

/** The owner's most senior role in words, for the public page. */
export function runByWords(roles: readonly string[] | null | undefined): string {
  if (roles?.includes('headteacher')) return 'the headteacher';
  if (roles?.includes('smt')) return 'a member of the senior leadership team';
  if (roles?.includes('manager')) return 'a head of department or manager';
  return 'a member of staff';
}

/**
 * What anyone may learn about an account: whether it is an approved official account of the school, when
 * it was approved and what for. Never who runs it, and nothing about accounts that are not approved now
 * (drafts, rejected, suspended, retired all read "no approved account matches").
 */
export async function verifyPublicly(
  db: DbExecutor,
  schoolId: string,
  query: string,
): Promise<PublicVerification> {
  const school = await getSchool(db, schoolId);
  const keys = verificationCandidates(query);
  const rows = await findApprovedByIdentities(db, schoolId, keys);
  const matches = rows.map((r) => ({
    platform: r.platform,
    platformName: platforms[r.platform as PlatformId]?.name ?? r.platform,
    account: r.handle ?? r.profile_url ?? '',
    profileUrl: r.profile_url,
    purpose: r.purpose,
    approvedOn: r.approved_at ? todayIn(SCHOOL_TIME_ZONE, r.approved_at) : '',
    runBy: runByWords(r.owner_roles),
  }));
  const first = matches[0];
  const message = first
    ? `An official ${school.name} account on ${first.platformName}, approved on ${formatUkDate(first.approvedOn)}, for ${first.purpose}`
    : `No approved account of ${school.name} matches`;
  return { school: { id: school.id, name: school.name }, official: matches.length > 0, message, matches };
}

export interface RegisterSettingsView {
  approvalMonths: number;
  reminderDays: number;
}

export async function getRegisterSettings(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<RegisterSettingsView> {
  if (!canReadRegister(actor, schoolId))
    throw forbidden('RegisterForbidden', 'not allowed to read register settings');
  return approvalMonths(db, schoolId);
}

export const registerSettingsSchema = z
  .object({
    approvalMonths: z.number().int().min(1).max(36),
    reminderDays: z.number().int().min(1).max(180),
  })
  .strict();

/** How long an approval lasts and how early owners are reminded: SMT, the headteacher and admins. */
export async function updateRegisterSettings(
  db: Db,
  actor: Actor,
  schoolId: string,
  input: unknown,
  clock: Clock,
): Promise<RegisterSettingsView> {
  if (!canManageRegisterSettings(actor, schoolId))
    throw forbidden('RegisterForbidden', 'register settings are for SMT, the headteacher and admins');
  const data = parseOrInvalid(registerSettingsSchema, input, 'InvalidRegisterSettings');
  if (data.reminderDays >= data.approvalMonths * 28)
    throw invalid('InvalidRegisterSettings', 'reminders must start before the approval period does');
  return db.transaction().execute(async (tx) => {
    await upsertRegisterSettings(tx, schoolId, {
      approval_months: data.approvalMonths,
      reminder_days: data.reminderDays,
    });
    await recordAudit(tx, {
      actor,
      schoolId,
      at: clock.now(),
      event: {
        type: 'account.register_settings_updated',
        subject: { type: 'school', id: schoolId },
        data: { approvalMonths: data.approvalMonths, reminderDays: data.reminderDays },
      },
    });
    return data;
  });
}
