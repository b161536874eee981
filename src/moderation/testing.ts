import { createHash } from 'node:crypto';
import type { DbExecutor } from '../platform/db/database.js';

/**
 * Test factory: a blocked comment in the queue, with its plain snapshot, on the demo platform. Written
 * straight to the tables: the ingest that normally makes it is tested in moderation.service.test.ts.
 */
export async function buildModerationItem(
  db: DbExecutor,
  input: { schoolId: string; accountId: string; text?: string; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const text = input.text ?? 'shut up you stupid cow';
  const id = (
    await db
      .insertInto('moderation_items')
      .values({
        school_id: input.schoolId,
        account_id: input.accountId,
        platform: 'demo',
        platform_comment_id: `factory-${createHash('sha256').update(`${input.accountId}${text}${now.getTime()}`).digest('hex').slice(0, 12)}`,
        platform_post_id: 'demo-post-1',
        author_platform_id: 'did:demo:factory',
        verdict: 'block',
        findings: JSON.stringify([
          { rule: 'language.abuse', clause: '2.3', severity: 'block', message: 'Abusive language.' },
        ]),
        clauses: JSON.stringify(['2.3']),
        disclosure: false,
        concern_draft: null,
        concern_id: null,
        state: 'open',
        arrived_at: now,
        received_at: now,
        actioned_at: null,
        escalated_at: null,
        retry_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const content = {
    text,
    authorHandle: 'factory.demo',
    authorDisplayName: 'Factory Commenter',
    authorPlatformId: 'did:demo:factory',
    createdAt: now.toISOString(),
    platform: 'demo',
    platformCommentId: 'factory',
    platformPostId: 'demo-post-1',
    parentCommentId: null,
    url: null,
    context: [],
  };
  const json = JSON.stringify(content);
  await db
    .insertInto('moderation_snapshots')
    .values({
      item_id: id,
      school_id: input.schoolId,
      taken_at: now,
      sha256: createHash('sha256').update(json).digest('hex'),
      content: json,
      data_key_id: null,
      sealed_content: null,
    })
    .execute();
  return id;
}
