import { redact } from '../checks/engine/redact.js';
import type { Finding, Verdict } from '../checks/engine/types.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { clauseById } from '../policy/clauses.js';
import { loadPostFor, type PostsDeps, parseInput, requireStaff, validatePupils } from './post-access.js';
import { runCheck } from './post-checks.js';
import { postInputSchema } from './post-inputs.js';
import { listPhotos } from './posts.repository.js';

/** The result of a draft check: as `POST /api/checks` gives it, for the unsaved content with the stored photos. */
export interface DraftCheckView {
  verdict: Verdict;
  findings: (Finding & { clauseTitle: string })[];
  redactedText: string | null;
}

/**
 * Checks unsaved content of a post together with its stored photos, with the same context and rules as a
 * save, and stores nothing (like `POST /api/checks`, so no audit: the content may hold exactly the personal
 * data the checks look for). For whoever may read the post; the composer calls it as the author types.
 */
export async function checkPostDraft(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; body: unknown },
  deps: PostsDeps,
): Promise<DraftCheckView> {
  requireStaff(actor, input.schoolId);
  const body = parseInput(postInputSchema, input.body);
  const { post } = await loadPostFor(db, actor, input.schoolId, input.postId, false);
  await validatePupils(db, input.schoolId, body);
  const photos = await listPhotos(db, post.id);
  const result = await runCheck(
    db,
    deps,
    input.schoolId,
    {
      text: body.text,
      links: body.links,
      tagged_pupil_ids: body.taggedPupils,
      no_identifiable_pupils: body.noIdentifiablePupils,
      author_staff_id: post.author_staff_id,
    },
    photos.map((p) => p.content),
  );
  // Fixes apply to the caption: spans past it are the links, which the redaction leaves alone.
  const captionFindings = result.findings.filter((f) => f.end === undefined || f.end <= body.text.length);
  return {
    verdict: result.verdict,
    findings: result.findings.map((f) => ({ ...f, clauseTitle: clauseById(f.clause).title })),
    redactedText: body.text === '' ? null : redact(body.text, captionFindings),
  };
}
