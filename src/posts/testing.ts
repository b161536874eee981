import type { DbExecutor } from '../platform/db/database.js';

/** Test factory: an account on the register with these owners, approved unless told otherwise. */
export async function buildPostingAccount(
  db: DbExecutor,
  input: { schoolId: string; ownerIds: readonly string[]; key: string; status?: 'approved' | 'submitted' },
): Promise<string> {
  const [first] = input.ownerIds;
  if (!first) throw new Error('an account needs an owner');
  const account = await db
    .insertInto('accounts')
    .values({
      school_id: input.schoolId,
      platform: 'x',
      handle: `@posts_${input.key}`,
      profile_url: null,
      identity_key: `x:posts_${input.key}`,
      purpose_kind: 'club',
      purpose: 'Club news',
      linked_email: `club-${input.key}@school.example`,
      audience: ['parents'],
      about_text: null,
      about_findings: '[]',
      attests_no_direct_messages: true,
      attests_aup_link: true,
      status: input.status ?? 'approved',
      created_by_staff_id: first,
      submitted_at: null,
      approved_at: null,
      approved_by_staff_id: null,
      approval_expires_on: null,
      expiry_reminder_sent_for: null,
      aup_status: null,
      aup_checked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('account_owners')
    .values(
      input.ownerIds.map((staffId, i) => ({
        account_id: account.id,
        staff_id: staffId,
        is_primary: i === 0,
      })),
    )
    .execute();
  return account.id;
}
