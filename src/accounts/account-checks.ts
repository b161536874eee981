import type { z } from 'zod';
import { checkText } from '../checks/engine/engine.js';
import type { CheckContext } from '../checks/engine/types.js';
import { activeMemberIds } from '../people/people.queries.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, invalid } from '../platform/errors.js';
import { type ClauseId, cite, clauseById } from '../policy/clauses.js';
import { parseOrInvalid } from '../schools/school-view.js';
import { getSchool } from '../schools/schools.queries.js';
import { isWebmailDomain } from '../schools/webmail.js';
import { accountInputSchema } from './account-inputs.js';
import { findLiveAccountByIdentity, isDeclaredPersonal } from './accounts.repository.js';
import type { StoredFinding } from './accounts.table.js';
import type { AccountsDeps } from './accounts-deps.js';
import { identityOf } from './identity.js';
import type { PlatformId } from './platforms.js';

export function clauseTitleOf(id: string): string {
  try {
    return clauseById(id as ClauseId).title;
  } catch {
    return id;
  }
}

/** Runs the check engine on the purpose and About text (clauses 2.3–2.5); keeps no excerpts. */
export function checkAccountText(
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

export interface ValidatedInput {
  data: z.output<typeof accountInputSchema>;
  identity: { platform: PlatformId; key: string; profileUrl: string };
  handle: string | null;
  findings: StoredFinding[];
}

/** Everything that can be decided before the transaction: shape, identity, email domain, text checks. */
export async function validateInput(
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
export async function checkPeopleAndIdentity(
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
