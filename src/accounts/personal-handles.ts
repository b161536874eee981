import { z } from 'zod';
import type { Actor } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import { type PlatformId, platformIds } from './platforms.js';

/**
 * Personal accounts a member of staff declares privately (clause 2.1), so that none is ever registered as
 * an educational account. Only the member of staff sees their own list; the register's check says only
 * "this is declared as personal". The handle is not written to the audit log.
 */
export const personalHandleSchema = z
  .object({
    platform: z.enum(platformIds),
    value: z.string().trim().min(1).max(2000),
  })
  .strict();

export interface PersonalHandleView {
  id: string;
  platform: PlatformId;
  value: string;
  createdAt: string;
}

export function requireSelf(actor: Actor, schoolId: string): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || actor.schoolId !== schoolId)
    throw forbidden(
      'PersonalHandlesForbidden',
      'personal handles are declared by the member of staff themselves',
    );
  return actor;
}
