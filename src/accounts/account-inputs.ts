import { z } from 'zod';
import type { AccountStatus } from './accounts.table.js';
import { platformIds } from './platforms.js';

export const purposeKinds = ['course', 'club', 'department', 'school', 'other'] as const;
export const accountStatuses = [
  'draft',
  'submitted',
  'approved',
  'changes_requested',
  'rejected',
  'suspended',
  'retired',
] as const satisfies readonly AccountStatus[];

/** What a member of staff gives to register (or edit) an account; HTTP and the service share it. */
export const accountInputSchema = z
  .object({
    /** Optional when a profile address is given: the platform is then the one the address belongs to. */
    platform: z.enum(platformIds).optional(),
    handle: z.string().trim().max(200).optional(),
    profileUrl: z.string().trim().max(2000).optional(),
    purposeKind: z.enum(purposeKinds),
    /** Shown on the public verification page: say what the account is for, never who runs it. */
    purpose: z
      .string()
      .trim()
      .min(3, 'must be at least 3 characters')
      .max(300, 'must be at most 300 characters'),
    linkedEmail: z.email('must be an email address').trim().toLowerCase().max(254),
    audience: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
    aboutText: z.string().max(5000).optional(),
    coOwnerStaffIds: z.array(z.uuid()).max(10).default([]),
    attestsNoDirectMessages: z.boolean().default(false),
    attestsAupLink: z.boolean().default(false),
  })
  .strict();

export type AccountInput = z.input<typeof accountInputSchema>;
