import type { Insertable, Selectable } from 'kysely';

/** `due_soon`: the account's owners are told the deadline is near; `overdue`: SMT and the head are told. */
export type TakedownReminderStage = 'due_soon' | 'overdue';

export interface PostTakedownReminderTable {
  task_id: string;
  stage: TakedownReminderStage;
  school_id: string;
  sent_at: Date;
  /** How many people were notified (0 when nobody active could be). */
  recipients: number;
}

export type PostTakedownReminderRow = Selectable<PostTakedownReminderTable>;
export type NewPostTakedownReminderRow = Insertable<PostTakedownReminderTable>;
