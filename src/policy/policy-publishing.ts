import type { Actor } from '../platform/auth/roles.js';
import { forbidden, invalid } from '../platform/errors.js';
import { MAX_POLICY_BYTES } from './document.js';
import { canPublishPolicy } from './policy.permissions.js';

export function requirePublisher(actor: Actor, schoolId: string): void {
  if (!canPublishPolicy(actor, schoolId))
    throw forbidden('PolicyPublishForbidden', 'only SMT, the headteacher or an admin publishes the policy');
}

export function requireSize(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES)
    throw invalid(
      'PolicyDocumentTooLarge',
      `a policy document has at most ${MAX_POLICY_BYTES / 1024} KB of text`,
    );
}
