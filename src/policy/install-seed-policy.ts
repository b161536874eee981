import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { hashDocument, parsePolicyDocument } from './document.js';
import { clearCurrentVersion, insertReviews, insertVersion } from './policy.repository.js';
import type { PolicyVersionRow } from './policy.table.js';
import { loadSeedPolicy } from './seed-policy.js';

/** Installs the built-in seed policy with its review history as the school's current version. */
export async function installSeedPolicy(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<PolicyVersionRow> {
  const seed = loadSeedPolicy();
  const parsed = parsePolicyDocument(seed.documentText, 'text');
  await clearCurrentVersion(db, schoolId);
  const version = await insertVersion(db, {
    school_id: schoolId,
    label: seed.label,
    title: 'Social Media Policy',
    document_text: seed.documentText,
    document_hash: hashDocument(seed.documentText),
    source: 'seed',
    format: 'text',
    sections: JSON.stringify(parsed.sections),
    effective_from: seed.effectiveFrom,
    next_review_due: seed.nextReviewDue,
    is_current: true,
  });
  await insertReviews(
    db,
    seed.history.map((h) => ({
      school_id: schoolId,
      policy_version_id: version.id,
      kind: h.kind,
      reviewed_on: h.on,
      note: null,
    })),
  );
  await recordAudit(db, {
    actor,
    schoolId,
    event: {
      type: 'policy.seed_installed',
      subject: { type: 'policy_version', id: version.id },
      data: { label: version.label, documentHash: version.document_hash },
    },
  });
  return version;
}
