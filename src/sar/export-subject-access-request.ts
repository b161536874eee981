import { strToU8, zipSync } from 'fflate';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { conflict } from '../platform/errors.js';
import { getSchool } from '../schools/schools.queries.js';
import { markReleased } from './sar.repository.js';
import { collectSubjectData } from './sar-collect.js';
import { renderSarPdf } from './sar-pdf.js';
import { loadRequest, requireSarHandler, type SarContext } from './sar-views.js';

/**
 * The export: a zip of `personal-data.json` and `personal-data.pdf`, without what the review withheld.
 * Only after the review; audited as released.
 */
export async function exportSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<{ fileName: string; zip: Buffer }> {
  requireSarHandler(actor, input.schoolId);
  const row = await loadRequest(ctx.db, input.schoolId, input.id);
  if (row.status === 'awaiting_review')
    throw conflict(
      'SarNotReviewed',
      'the DSL must make the safeguarding review before the export can be released',
    );
  const now = ctx.clock.now();
  const data = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now },
    { schoolId: input.schoolId, kind: row.subject_kind, subjectId: row.subject_id },
  );
  const withheld = new Set(row.withheld.map((w) => w.itemId));
  const items = data.items.filter((i) => !withheld.has(i.id));
  const school = await getSchool(ctx.db, input.schoolId);
  const releasedAt = now.toISOString();
  const json = {
    subject: { kind: data.subject.kind, name: data.subject.name },
    school: school.name,
    preparedAt: releasedAt,
    note: "Other people's details are replaced by their role in square brackets; some information may have been withheld where the law allows it.",
    items: items.map(({ safeguarding, ...item }) => item),
  };
  const pdf = await renderSarPdf({ subject: data.subject, items, releasedAt, school: school.name });
  const zip = Buffer.from(
    zipSync({
      'personal-data.json': strToU8(`${JSON.stringify(json, null, 2)}\n`),
      'personal-data.pdf': new Uint8Array(pdf),
    }),
  );
  await ctx.db.transaction().execute(async (tx) => {
    await markReleased(tx, row.id, now);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'sar.released',
        subject: { type: 'subject_access_request', id: row.id },
        data: { items: items.length, withheld: data.items.length - items.length, format: 'zip' },
      },
      at: now,
    });
  });
  return { fileName: `subject-access-${releasedAt.slice(0, 10)}.zip`, zip };
}
