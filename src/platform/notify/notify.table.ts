import type { Generated, Selectable } from 'kysely';

export interface EmailOutboxTable {
  id: Generated<string>;
  /** Null for deployment-wide mail. */
  school_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: Generated<'queued' | 'sent'>;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface NotificationTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type NotificationRow = Selectable<NotificationTable>;
