import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // The sanctioned accounts register (policy section 2): one row per educational account.
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('handle', 'text')
    .addColumn('profile_url', 'text')
    // The platform-normalised identity (`x:take1studios`) that public verification and duplicates match on.
    .addColumn('identity_key', 'text', (col) => col.notNull())
    .addColumn('purpose_kind', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('linked_email', 'text', (col) => col.notNull())
    .addColumn('audience', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('about_text', 'text')
    .addColumn('about_findings', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('attests_no_direct_messages', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('attests_aup_link', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('draft')
        .check(
          sql`status in ('draft', 'submitted', 'approved', 'changes_requested', 'rejected', 'suspended', 'retired')`,
        ),
    )
    .addColumn('created_by_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('approval_expires_on', 'date')
    .addColumn('expiry_reminder_sent_for', 'date')
    .addColumn('aup_status', 'text')
    .addColumn('aup_checked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // One live registration per identity per school; rejected and retired ones may be registered afresh.
  await sql`create unique index accounts_live_identity on accounts (school_id, identity_key)
    where status not in ('rejected', 'retired')`.execute(db);
  await db.schema
    .createIndex('accounts_school_status')
    .on('accounts')
    .columns(['school_id', 'status'])
    .execute();

  await db.schema
    .createTable('account_owners')
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('is_primary', 'boolean', (col) => col.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('account_owners_pk', ['account_id', 'staff_id'])
    .execute();
  await db.schema.createIndex('account_owners_staff').on('account_owners').column('staff_id').execute();

  // Who moved an account from what to what, when and why: the register's own history beside the audit log.
  await db.schema
    .createTable('account_transitions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_status', 'text', (col) => col.notNull())
    .addColumn('to_status', 'text', (col) => col.notNull())
    .addColumn('actor_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('actor_label', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('account_transitions_account')
    .on('account_transitions')
    .columns(['account_id', 'at'])
    .execute();

  // AUP-link checks (clause 2.8): every result with its reason and time.
  await db.schema
    .createTable('account_aup_checks')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('result', 'text', (col) =>
      col.notNull().check(sql`result in ('found', 'not_found', 'could_not_check', 'attested')`),
    )
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('checked_url', 'text')
    .addColumn('trigger', 'text', (col) => col.notNull())
    .addColumn('checked_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('account_aup_checks_account')
    .on('account_aup_checks')
    .columns(['account_id', 'checked_at'])
    .execute();

  // Personal handles a member of staff declares privately, so a personal account is never registered as
  // an educational one (clause 2.1). Only the member of staff reads their own list.
  await db.schema
    .createTable('personal_handles')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('identity_key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('personal_handles_unique', ['school_id', 'staff_id', 'identity_key'])
    .execute();
  await db.schema
    .createIndex('personal_handles_identity')
    .on('personal_handles')
    .columns(['school_id', 'identity_key'])
    .execute();

  // A school's register settings; absent row = 12 months' approval, reminders 30 days before.
  await db.schema
    .createTable('account_register_settings')
    .addColumn('school_id', 'uuid', (col) => col.primaryKey().references('schools.id'))
    .addColumn('approval_months', 'integer', (col) =>
      col.notNull().defaultTo(12).check(sql`approval_months between 1 and 36`),
    )
    .addColumn('reminder_days', 'integer', (col) =>
      col.notNull().defaultTo(30).check(sql`reminder_days between 1 and 180`),
    )
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_register_settings').execute();
  await db.schema.dropTable('personal_handles').execute();
  await db.schema.dropTable('account_aup_checks').execute();
  await db.schema.dropTable('account_transitions').execute();
  await db.schema.dropTable('account_owners').execute();
  await db.schema.dropTable('accounts').execute();
}
