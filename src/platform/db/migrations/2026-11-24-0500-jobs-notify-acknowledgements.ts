import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // Durable work. A worker claims rows with FOR UPDATE SKIP LOCKED; a lock that outlives locked_until
  // belonged to a worker that died, and the row may be claimed again.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('queue', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('run_at', 'timestamptz', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (col) => col.notNull().defaultTo(5))
    .addColumn('last_error', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('queued').check(sql`status in ('queued', 'running', 'done', 'dead')`),
    )
    // Kept after the job finishes, so a schedule's run (or any keyed job) is enqueued at most once.
    .addColumn('unique_key', 'text', (col) => col.unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index jobs_claimable on jobs (queue, run_at) where status in ('queued', 'running')`.execute(
    db,
  );

  await db.schema
    .createTable('job_schedules')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('queue', 'text', (col) => col.notNull())
    .addColumn('spec', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('enabled', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('next_run_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_run_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();

  // Mail waits here until a job hands it to SMTP; written in the same transaction as the change it reports.
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.references('schools.id'))
    .addColumn('to_address', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('text_body', 'text', (col) => col.notNull())
    .addColumn('html_body', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('queued').check(sql`status in ('queued', 'sent')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index email_outbox_queued on email_outbox (created_at) where status = 'queued'`.execute(
    db,
  );

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('notifications_recipient')
    .on('notifications')
    .columns(['school_id', 'staff_id', 'created_at'])
    .execute();

  // One row per person per policy text: a new document hash asks everyone again.
  await db.schema
    .createTable('policy_acknowledgements')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('policy_version_id', 'uuid', (col) => col.notNull().references('policy_versions.id'))
    .addColumn('document_hash', 'text', (col) => col.notNull())
    .addColumn('acknowledged_at', 'timestamptz', (col) => col.notNull())
    .addUniqueConstraint('policy_acknowledgements_once', ['school_id', 'staff_id', 'document_hash'])
    .execute();

  // The unique key is what makes the reminder job idempotent: each reminder goes once per person per text.
  await db.schema
    .createTable('policy_acknowledgement_reminders')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('document_hash', 'text', (col) => col.notNull())
    .addColumn('after_days', 'integer', (col) => col.notNull().check(sql`after_days in (7, 14)`))
    .addColumn('sent_at', 'timestamptz', (col) => col.notNull())
    .addUniqueConstraint('policy_acknowledgement_reminders_once', [
      'school_id',
      'staff_id',
      'document_hash',
      'after_days',
    ])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_acknowledgement_reminders').execute();
  await db.schema.dropTable('policy_acknowledgements').execute();
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('email_outbox').execute();
  await db.schema.dropTable('job_schedules').execute();
  await db.schema.dropTable('jobs').execute();
}
