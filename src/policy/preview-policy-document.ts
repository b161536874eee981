import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { PolicyDocumentError, parsePolicyDocument } from './document.js';
import type { PolicySection } from './policy.table.js';
import { requirePublisher, requireSize } from './policy-publishing.js';

/** The clauses a document would give, before anything is written, so whoever publishes sees them first. */
export function previewPolicyDocument(
  actor: Actor,
  schoolId: string,
  input: { text: string; format: 'text' | 'markdown' },
): { title: string; sections: PolicySection[] } {
  requirePublisher(actor, schoolId);
  requireSize(input.text);
  try {
    const parsed = parsePolicyDocument(input.text, input.format);
    return { title: parsed.title, sections: parsed.sections };
  } catch (error) {
    if (error instanceof PolicyDocumentError)
      throw invalid(
        'InvalidPolicyDocument',
        'the policy document cannot be read',
        error.problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`),
      );
    throw error;
  }
}
