import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

const refuse = (table: string, ops: string) =>
  sql.raw(
    `create trigger ${table}_no_${ops.replace(/ OR /g, '_').toLowerCase()} before ${ops} on ${table} ` +
      'for each row execute function guardpost_refuse_change()',
  );

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // Envelope encryption: one data key per encrypted record or file, wrapped by a master key held outside
  // the database. Rotation rewrites master_key_id and wrapped_key only.
  await db.schema
    .createTable('data_keys')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('master_key_id', 'text', (col) => col.notNull())
    .addColumn('wrapped_key', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('rewrapped_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('data_keys_master_key').on('data_keys').column('master_key_id').execute();

  await sql`
    create function guardpost_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % is refused: safeguarding records are never rewritten or deleted', tg_op, tg_table_name
        using errcode = 'P0001';
    end
    $$`.execute(db);

  await db.schema
    .createTable('concern_settings')
    .addColumn('school_id', 'uuid', (col) => col.primaryKey().references('schools.id'))
    .addColumn('urgent_ack_minutes', 'integer', (col) =>
      col.notNull().defaultTo(15).check(sql`urgent_ack_minutes between 1 and 1440`),
    )
    .addColumn('routine_ack_working_days', 'integer', (col) =>
      col.notNull().defaultTo(1).check(sql`routine_ack_working_days between 1 and 10`),
    )
    .addColumn('headteacher_sees', 'text', (col) =>
      col.notNull().defaultTo('staff_conduct').check(sql`headteacher_sees in ('staff_conduct', 'all')`),
    )
    .addColumn('chair_of_governors_name', 'text')
    .addColumn('chair_of_governors_email', 'text')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('concerns')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) =>
      col
        .notNull()
        .check(
          sql`type in ('pupil_contact', 'inappropriate_communication', 'other_online_safety', 'staff_conduct')`,
        ),
    )
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'timestamptz')
    .addColumn('urgency', 'text', (col) => col.notNull().check(sql`urgency in ('urgent', 'routine')`))
    .addColumn('told_dsl_in_person', 'boolean', (col) => col.notNull())
    .addColumn('reporter_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('subject_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('new').check(sql`status in ('new', 'open', 'closed')`),
    )
    .addColumn('data_key_id', 'uuid', (col) => col.notNull().references('data_keys.id'))
    .addColumn('content', 'bytea', (col) => col.notNull())
    .addColumn('assigned_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'uuid', (col) => col.references('staff.id'))
    .addColumn('escalation_level', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('decision', 'text')
    .addColumn('outcome', 'text')
    .addColumn('legal_hold', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('retention_until', 'date')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addUniqueConstraint('concerns_reference_unique', ['school_id', 'reference'])
    .execute();
  await db.schema
    .createIndex('concerns_school_status')
    .on('concerns')
    .columns(['school_id', 'status'])
    .execute();
  await db.schema.createIndex('concerns_reporter').on('concerns').column('reporter_staff_id').execute();
  await sql`${refuse('concerns', 'DELETE')}`.execute(db);

  await db.schema
    .createTable('concern_pupils')
    .addColumn('concern_id', 'uuid', (col) => col.notNull().references('concerns.id'))
    .addColumn('pupil_id', 'uuid', (col) => col.notNull().references('pupils.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('subject', 'affected', 'alleged_instigator', 'witness')`),
    )
    .addPrimaryKeyConstraint('concern_pupils_pk', ['concern_id', 'pupil_id'])
    .execute();
  await db.schema.createIndex('concern_pupils_pupil').on('concern_pupils').column('pupil_id').execute();
  await sql`${refuse('concern_pupils', 'DELETE')}`.execute(db);

  // Who was alerted, at which step of the chain: staff in-app and by email, or an outside contact by email.
  await db.schema
    .createTable('concern_alerts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('concern_id', 'uuid', (col) => col.notNull().references('concerns.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('level', 'integer', (col) => col.notNull())
    .addColumn('staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('contact_label', 'text')
    .addColumn('alerted_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('concern_alerts_concern').on('concern_alerts').column('concern_id').execute();

  // The chronology: append-only. A correction is a new entry pointing at the entry it corrects.
  await db.schema
    .createTable('concern_entries')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('concern_id', 'uuid', (col) => col.notNull().references('concerns.id'))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('author_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('author_label', 'text', (col) => col.notNull())
    .addColumn('corrects_entry_id', 'uuid', (col) => col.references('concern_entries.id'))
    .addColumn('facts', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('data_key_id', 'uuid', (col) => col.references('data_keys.id'))
    .addColumn('content', 'bytea')
    .execute();
  await db.schema
    .createIndex('concern_entries_concern')
    .on('concern_entries')
    .columns(['concern_id', 'seq'])
    .execute();
  await sql`${refuse('concern_entries', 'UPDATE OR DELETE')}`.execute(db);

  await db.schema
    .createTable('concern_actions')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('concern_id', 'uuid', (col) => col.notNull().references('concerns.id'))
    .addColumn('data_key_id', 'uuid', (col) => col.notNull().references('data_keys.id'))
    .addColumn('content', 'bytea', (col) => col.notNull())
    .addColumn('owner_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('due_on', 'date', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_by', 'uuid', (col) => col.references('staff.id'))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('completed_by', 'uuid', (col) => col.references('staff.id'))
    .execute();
  await db.schema.createIndex('concern_actions_concern').on('concern_actions').column('concern_id').execute();
  await sql`${refuse('concern_actions', 'DELETE')}`.execute(db);

  await db.schema
    .createTable('concern_referrals')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('concern_id', 'uuid', (col) => col.notNull().references('concerns.id'))
    .addColumn('agency', 'text', (col) =>
      col.notNull().check(sql`agency in ('childrens_social_care', 'police', 'lado')`),
    )
    .addColumn('agency_reference', 'text')
    .addColumn('referred_on', 'date', (col) => col.notNull())
    .addColumn('follow_up_on', 'date')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_by', 'uuid', (col) => col.references('staff.id'))
    .execute();
  await db.schema
    .createIndex('concern_referrals_concern')
    .on('concern_referrals')
    .column('concern_id')
    .execute();
  await sql`${refuse('concern_referrals', 'DELETE')}`.execute(db);

  await db.schema
    .createTable('concern_evidence')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('concern_id', 'uuid', (col) => col.notNull().references('concerns.id'))
    .addColumn('data_key_id', 'uuid', (col) => col.notNull().references('data_keys.id'))
    // The file name can say what the file shows, so it is encrypted with the file.
    .addColumn('name', 'bytea', (col) => col.notNull())
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('original', 'bytea', (col) => col.notNull())
    .addColumn('viewing_copy', 'bytea')
    .addColumn('viewing_media_type', 'text')
    .addColumn('uploaded_by', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('concern_evidence_concern')
    .on('concern_evidence')
    .column('concern_id')
    .execute();
  await sql`${refuse('concern_evidence', 'UPDATE OR DELETE')}`.execute(db);

  // The child protection file follows a pupil who leaves: sent within 5 school days, receipt confirmed.
  await db.schema
    .createTable('concern_transfers')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('pupil_id', 'uuid', (col) => col.notNull().references('pupils.id'))
    .addColumn('left_on', 'date', (col) => col.notNull())
    .addColumn('due_on', 'date', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'received')`),
    )
    .addColumn('destination', 'text')
    .addColumn('sent_method', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('sent_by', 'uuid', (col) => col.references('staff.id'))
    .addColumn('receipt_confirmed_at', 'timestamptz')
    .addColumn('receipt_confirmed_by', 'uuid', (col) => col.references('staff.id'))
    .addColumn('receipt_from', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addUniqueConstraint('concern_transfers_once', ['pupil_id', 'left_on'])
    .execute();
  await sql`${refuse('concern_transfers', 'DELETE')}`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'concern_transfers',
    'concern_evidence',
    'concern_referrals',
    'concern_actions',
    'concern_entries',
    'concern_alerts',
    'concern_pupils',
    'concerns',
    'concern_settings',
    'data_keys',
  ])
    await db.schema.dropTable(table).execute();
  await sql`drop function guardpost_refuse_change()`.execute(db);
}
