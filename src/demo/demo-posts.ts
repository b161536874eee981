import { registerAccount } from '../accounts/register-account.js';
import { transitionAccount } from '../accounts/transition-account.js';
import type { CheckContextCache } from '../checks/check-context.js';
import { type Actor, isRole } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import { createPost } from '../posts/create-post.js';
import { markPostReady } from '../posts/mark-post-ready.js';
import { setAccountPostSettings } from '../posts/set-account-post-settings.js';

/** What seeding the demo takes from the composition root: its clock and the process's check contexts. */
export interface DemoDeps {
  clock: Clock;
  contexts: CheckContextCache;
  /** The master keys: the demo account's connection to the demo platform is sealed like any other. */
  keyring?: Keyring | undefined;
}

/** The demo school's example of the post workflow: an approved account and a post waiting for approval. */
export const DEMO_POSTING = {
  ownerEmail: 'staff@take1studios.example',
  approverEmail: 'smt@take1studios.example',
  platform: 'instagram',
  handle: '@take1.newsroom',
  purpose: 'School news, trips and performances for parents',
  linkedEmail: 'newsroom@take1studios.example',
  postText:
    'Year 5 spent the day at the science museum: rockets, robots and a great many questions. ' +
    'Thank you to the museum team for a wonderful visit!',
} as const;

async function demoActor(db: Db, schoolId: string, email: string): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('staff as s')
    .innerJoin('staff_memberships as m', 'm.staff_id', 's.id')
    .where('s.email', '=', email)
    .where('m.school_id', '=', schoolId)
    .where('m.status', '=', 'active')
    .select(['s.id', 's.email', 's.given_name', 's.family_name', 'm.roles'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    kind: 'staff',
    staffId: row.id,
    schoolId,
    roles: row.roles.filter(isRole),
    email: row.email,
    name: `${row.given_name} ${row.family_name}`,
  };
}

export async function hasDemoPosting(db: Db, schoolId: string): Promise<boolean> {
  const found = await db
    .selectFrom('accounts')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('handle', '=', DEMO_POSTING.handle)
    .executeTakeFirst();
  return found !== undefined;
}

/**
 * Seeds the demo school's posting example through the same services the API uses (so the register's
 * history, the audit log and the notifications are those of real use): the demo member of staff registers
 * an Instagram account and submits it, the demo SMT member approves it and asks for approval of every
 * post on it, and the owner composes a post with no identifiable pupil and sends it for approval. Does
 * nothing when the demo people are missing or the example already exists.
 */
export async function seedDemoPosting(db: Db, schoolId: string, deps: DemoDeps): Promise<void> {
  const { clock } = deps;
  if (await hasDemoPosting(db, schoolId)) return;
  const owner = await demoActor(db, schoolId, DEMO_POSTING.ownerEmail);
  const approver = await demoActor(db, schoolId, DEMO_POSTING.approverEmail);
  if (!owner || !approver) return;
  const account = await registerAccount(
    db,
    owner,
    schoolId,
    {
      platform: DEMO_POSTING.platform,
      handle: DEMO_POSTING.handle,
      purposeKind: 'school',
      purpose: DEMO_POSTING.purpose,
      linkedEmail: DEMO_POSTING.linkedEmail,
      audience: ['parents'],
      attestsNoDirectMessages: true,
      attestsAupLink: true,
    },
    deps,
  );
  await transitionAccount(db, owner, schoolId, account.id, 'submit', undefined, deps);
  await transitionAccount(db, approver, schoolId, account.id, 'approve', undefined, deps);
  await setAccountPostSettings(
    db,
    approver,
    { schoolId, accountId: account.id, body: { requiresApproval: true } },
    clock,
  );
  const post = await createPost(
    db,
    owner,
    schoolId,
    { accountId: account.id, text: DEMO_POSTING.postText, noIdentifiablePupils: true },
    deps,
  );
  // A check that changed since this text was written must not stop the server starting: leave a draft.
  if (post.verdict !== 'block') await markPostReady(db, owner, { schoolId, postId: post.id }, deps);
}
