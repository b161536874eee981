import { ownerIdsOf } from '../accounts/accounts.queries.js';
import type { ConsentLost } from '../consent/consent.events.js';
import { notify } from '../notifications/notify.js';
import { staffIdsWithRoles } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { DbExecutor } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import { archiveReaderRoles } from './posts.permissions.js';
import { archivesFeaturingPupil } from './posts.repository.js';
import { insertTakedownTask } from './takedowns.repository.js';

/** How long an account owner has to take a post down once a featured pupil's consent is lost. */
export const TAKEDOWN_DEADLINE_DAYS = 2;

const takedownActor: Actor = { kind: 'system', label: 'consent-recheck' };

/**
 * The retroactive re-check (subscribed to the consent register's consent-lost hook): every published post
 * featuring the pupil becomes a takedown task for its account's owners and SMT, with a deadline. Runs in
 * the transaction that recorded the loss; idempotent per publication and lost grant.
 */
export async function openTakedownTasks(tx: DbExecutor, event: ConsentLost, clock: Clock): Promise<number> {
  if (event.purpose !== 'social_media') return 0;
  const archives = await archivesFeaturingPupil(tx, event.schoolId, event.pupilId);
  if (archives.length === 0) return 0;
  const now = clock.now();
  const dueAt = new Date(now.getTime() + TAKEDOWN_DEADLINE_DAYS * 86_400_000);
  const owners = await ownerIdsOf(
    tx,
    archives.map((a) => a.account_id),
  );
  const leaders = await staffIdsWithRoles(tx, event.schoolId, archiveReaderRoles);
  let opened = 0;
  for (const archive of archives) {
    const task = await insertTakedownTask(tx, {
      school_id: event.schoolId,
      archive_id: archive.id,
      account_id: archive.account_id,
      pupil_id: event.pupilId,
      consent_id: event.consentId,
      reason: event.reason,
      created_at: now,
      due_at: dueAt,
      removed_at: null,
      removed_by_staff_id: null,
      note: null,
    });
    if (!task) continue;
    opened++;
    await recordAudit(tx, {
      actor: takedownActor,
      schoolId: event.schoolId,
      at: now,
      event: {
        type: 'post.takedown_opened',
        subject: { type: 'post_takedown_task', id: task.id },
        data: {
          archiveId: archive.id,
          pupilId: event.pupilId,
          consentId: event.consentId,
          reason: event.reason,
          dueAt: dueAt.toISOString(),
        },
      },
    });
    // No pupil's name in the notification: the task page says which post.
    await notify(tx, {
      schoolId: event.schoolId,
      staffIds: [...(owners.get(archive.account_id) ?? []), ...leaders],
      kind: 'post.takedown',
      title: 'A published post must be taken down',
      body: `Consent for a pupil in it no longer holds. Remove it by ${dueAt.toISOString().slice(0, 10)} and mark it removed.`,
      link: linkTo('takedowns'),
      email: true,
      now,
    });
  }
  return opened;
}
