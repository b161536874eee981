import { type Kysely, sql } from 'kysely';

/**
 * Staff personal use (policy section 1): the headteacher's register of personal email and phone use for
 * school business (1.5, 1.6), privacy-settings attestations (1.4), follower self-audit attestations (1.1,
 * 1.9: the attestation only, never the list), the per-session keys of the self-audit's keyed hashes, the
 * reminders sent (each once), the school's attestation period and its official phone numbers.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_exceptions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('channel', 'text', (col) =>
      col.notNull().check(sql`channel in ('personal_phone', 'personal_email')`),
    )
    .addColumn('contact', 'text')
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('audience', 'text', (col) => col.notNull())
    .addColumn('from_on', 'date', (col) => col.notNull())
    .addColumn('to_on', 'date', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'approved', 'refused', 'expired', 'closed')`),
    )
    .addColumn('decided_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_reason', 'text')
    .addColumn('expiry_reminded_at', 'timestamptz')
    .addColumn('closed_reason', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addCheckConstraint('contact_exceptions_dates', sql`to_on >= from_on`)
    .execute();
  await db.schema
    .createIndex('contact_exceptions_school_status')
    .on('contact_exceptions')
    .columns(['school_id', 'status', 'to_on'])
    .execute();

  await db.schema
    .createTable('privacy_attestations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('checklist_version', 'text', (col) => col.notNull())
    .addColumn('settings_confirmed', 'integer', (col) => col.notNull())
    .addColumn('settings_total', 'integer', (col) => col.notNull())
    .addColumn('attested_at', 'timestamptz', (col) => col.notNull())
    .addUniqueConstraint('privacy_attestations_once', ['school_id', 'staff_id', 'platform', 'period'])
    .execute();

  await db.schema
    .createTable('self_audit_attestations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('followers_checked', 'integer', (col) => col.notNull().check(sql`followers_checked >= 0`))
    .addColumn('matches', 'integer', (col) => col.notNull().check(sql`matches >= 0`))
    .addColumn('all_resolved', 'boolean', (col) => col.notNull())
    .addColumn('attested_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('self_audit_attestations_staff')
    .on('self_audit_attestations')
    .columns(['school_id', 'staff_id', 'period'])
    .execute();

  await db.schema
    .createTable('self_audit_keys')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('hmac_key', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('hashes_answered', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('staff_use_reminders')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'timestamptz', (col) => col.notNull())
    .addUniqueConstraint('staff_use_reminders_once', ['school_id', 'staff_id', 'kind', 'period'])
    .execute();

  await db.schema
    .createTable('staff_use_settings')
    .addColumn('school_id', 'uuid', (col) => col.primaryKey().references('schools.id'))
    .addColumn('attestation_period', 'text', (col) =>
      col.notNull().check(sql`attestation_period in ('term', 'year')`),
    )
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'staff_use_settings',
    'staff_use_reminders',
    'self_audit_keys',
    'self_audit_attestations',
    'privacy_attestations',
    'contact_exceptions',
  ])
    await db.schema.dropTable(table).execute();
}
