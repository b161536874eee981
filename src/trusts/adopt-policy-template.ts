import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { IsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, notFound } from '../platform/errors.js';
import { hashDocument } from '../policy/document.js';
import { canPublishPolicy } from '../policy/policy.permissions.js';
import { publishPolicyVersion } from '../policy/publish-policy-version.js';
import { findAdoption, findTemplateById, findTrustIdOfSchool, insertAdoption } from './trusts.repository.js';

/**
 * A school adopts a template version of its trust as its own new policy version, as it is or adapted, through
 * the policy's own publishing (staff are asked to acknowledge it). The adoption is recorded in the same
 * transaction, so the trust sees which school is on which template version.
 */
export async function adoptPolicyTemplate(
  db: Db,
  actor: Actor,
  input: { schoolId: string; templateId: string; text?: string | undefined; label?: string | undefined },
  today: IsoDate,
  now: Date,
): Promise<{ policyVersionId: string; label: string; adapted: boolean }> {
  if (!canPublishPolicy(actor, input.schoolId)) {
    throw forbidden('PolicyPublishForbidden', 'only SMT, the headteacher or an admin publishes the policy');
  }
  const trustId = await findTrustIdOfSchool(db, input.schoolId);
  const template = /^[0-9a-f-]{36}$/i.test(input.templateId)
    ? await findTemplateById(db, input.templateId)
    : undefined;
  // A template of another trust is as unknown as one that does not exist.
  if (!template || !trustId || template.trust_id !== trustId) {
    throw notFound('TemplateNotFound', 'your trust has no such policy template');
  }
  const text = input.text ?? template.document_text;
  const adapted = hashDocument(text) !== template.document_hash;
  const version = await publishPolicyVersion(
    db,
    actor,
    { schoolId: input.schoolId, text, format: template.format, label: input.label ?? template.label },
    today,
    now,
    async (tx, row) => {
      if (await findAdoption(tx, template.id, input.schoolId)) {
        throw conflict('TemplateAlreadyAdopted', 'this school has already adopted that template version');
      }
      await insertAdoption(tx, {
        template_id: template.id,
        school_id: input.schoolId,
        policy_version_id: row.id,
        adapted,
        adopted_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
        adopted_at: now,
      });
      await recordAudit(tx, {
        actor,
        schoolId: input.schoolId,
        at: now,
        event: {
          type: 'trust.template_adopted',
          subject: { type: 'school', id: input.schoolId },
          data: { trustId, templateId: template.id, policyVersionId: row.id, adapted },
        },
      });
    },
  );
  return { policyVersionId: version.id, label: version.label, adapted };
}
