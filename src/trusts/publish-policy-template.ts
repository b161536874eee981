import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid } from '../platform/errors.js';
import {
  hashDocument,
  MAX_POLICY_BYTES,
  PolicyDocumentError,
  parsePolicyDocument,
} from '../policy/document.js';
import { trustRolesOf } from './trust-access.js';
import { canPublishTrustTemplate } from './trusts.permissions.js';
import { findTemplateByLabel, insertTemplate } from './trusts.repository.js';

export interface PublishTemplateInput {
  trustId: string;
  label: string;
  text: string;
  format: 'text' | 'markdown';
}

/**
 * A trust publishes a policy text as a template version for its schools. The text is read as a policy
 * document now, so that every school can adopt it as it is; each school then adopts (and may adapt) it.
 */
export async function publishPolicyTemplate(
  db: Db,
  actor: Actor,
  input: PublishTemplateInput,
): Promise<{ id: string; label: string; documentHash: string }> {
  const label = input.label.trim();
  if (label.length < 1 || label.length > 60) {
    throw invalid('InvalidLabel', 'a template version label has 1 to 60 characters');
  }
  if (Buffer.byteLength(input.text, 'utf8') > MAX_POLICY_BYTES) {
    throw invalid(
      'PolicyDocumentTooLarge',
      `a policy document has at most ${MAX_POLICY_BYTES / 1024} KB of text`,
    );
  }
  try {
    parsePolicyDocument(input.text, input.format);
  } catch (error) {
    if (error instanceof PolicyDocumentError) {
      throw invalid(
        'InvalidPolicyDocument',
        'the policy document cannot be read',
        error.problems.map((p) => `${p.line}:${p.column}: ${p.message}`),
      );
    }
    throw error;
  }
  return db.transaction().execute(async (tx) => {
    const { trust, roles } = await trustRolesOf(tx, actor, input.trustId);
    if (!canPublishTrustTemplate(roles)) {
      throw forbidden(
        'TrustTemplateForbidden',
        'the trust admin or the trust safeguarding lead publishes templates',
      );
    }
    if (await findTemplateByLabel(tx, trust.id, label)) {
      throw conflict('TemplateVersionExists', `the trust already has a template version ${label}`);
    }
    const documentHash = hashDocument(input.text);
    const row = await insertTemplate(tx, {
      trust_id: trust.id,
      label,
      format: input.format,
      document_text: input.text,
      document_hash: documentHash,
      published_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
    });
    await recordAudit(tx, {
      actor,
      schoolId: null,
      event: {
        type: 'trust.template_published',
        subject: { type: 'trust', id: trust.id },
        data: { templateId: row.id, label, documentHash },
      },
    });
    return { id: row.id, label: row.label, documentHash };
  });
}
