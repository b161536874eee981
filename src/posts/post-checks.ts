import { checkSubject } from '../checks/engine/engine.js';
import type { CheckResult } from '../checks/engine/types.js';
import type { DbExecutor } from '../platform/db/database.js';
import { approvedPersonalChannelsFor } from '../staff-use/approved-personal-channels.js';
import type { PostsDeps } from './post-access.js';
import { listPhotos, updatePost } from './posts.repository.js';
import type { PostRow } from './posts.table.js';

/** The text the engine checks: the caption, then the links on their own lines (spans past the caption are links). */
export function checkedText(text: string, links: readonly string[]): string {
  return links.length === 0 ? text : `${text}\n\n${links.join('\n')}`;
}

export async function runCheck(
  tx: DbExecutor,
  deps: PostsDeps,
  schoolId: string,
  post: {
    text: string;
    links: string[];
    tagged_pupil_ids: string[];
    no_identifiable_pupils: boolean;
    author_staff_id: string;
  },
  photos: readonly Uint8Array[],
): Promise<CheckResult> {
  // The same context as POST /api/checks: roster, consents, the school's settings and block lists; and the
  // personal channels the headteacher approved for the author today (clauses 1.5, 1.6).
  const loaded = await deps.contexts.load(tx, schoolId, deps.clock.today());
  const context = {
    ...loaded,
    approvedPersonalChannels: await approvedPersonalChannelsFor(
      tx,
      schoolId,
      post.author_staff_id,
      deps.clock.today(),
    ),
  };
  return checkSubject(
    {
      kind: 'post',
      text: checkedText(post.text, post.links),
      ...(photos.length > 0 ? { images: [...photos] } : {}),
      taggedPupils: post.tagged_pupil_ids,
      noIdentifiablePupils: post.no_identifiable_pupils,
    },
    context,
    deps.photoAnalyses ? { analyseImage: deps.photoAnalyses.analyse } : {},
  );
}

export function rulesOf(result: CheckResult): string[] {
  return [...new Set(result.findings.map((f) => f.rule))].sort();
}

export async function recheckAndStore(
  tx: DbExecutor,
  deps: PostsDeps,
  post: PostRow,
  extra: { revision?: number } = {},
): Promise<PostRow> {
  const photos = await listPhotos(tx, post.id);
  const result = await runCheck(
    tx,
    deps,
    post.school_id,
    post,
    photos.map((p) => p.content),
  );
  const now = deps.clock.now();
  return updatePost(tx, post.id, {
    verdict: result.verdict,
    findings: JSON.stringify(result.findings),
    checked_at: now,
    updated_at: now,
    ...(extra.revision !== undefined ? { revision: extra.revision, status: 'draft' as const } : {}),
  });
}
