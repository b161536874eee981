import { z } from 'zod';
import { trustRoles } from '../platform/auth/roles.js';

/** What the trust routes answer (the OpenAPI document and the web client are generated from these). */
const figureKey = z.enum([
  'policy_review',
  'acknowledgement_rate',
  'reapprovals_due',
  'blocked_per_100',
  'moderation_minutes',
  'concerns_acknowledged_late',
]);
export const dashboardSchema = z.object({
  trust: z.object({ id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  figures: z.array(
    z.object({ key: figureKey, label: z.string(), definition: z.string(), safeguarding: z.boolean() }),
  ),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      cells: z.array(
        z.object({
          key: figureKey,
          display: z.string(),
          value: z.number().nullable(),
          band: z.enum(['fewer_than_5']).nullable(),
          withheld: z.boolean(),
          link: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export const format = z.enum(['text', 'markdown']);
export const trustTemplatesSchema = z.object({
  trust: z.object({ id: z.string(), name: z.string() }),
  canPublish: z.boolean(),
  templates: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      format,
      publishedAt: z.string(),
      adoptedBy: z.number().int(),
    }),
  ),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      templateId: z.string().nullable(),
      templateLabel: z.string().nullable(),
      adapted: z.boolean(),
      adoptedAt: z.string().nullable(),
      stillCurrent: z.boolean(),
    }),
  ),
});
export const schoolTemplatesSchema = z.object({
  trust: z.object({ id: z.string(), name: z.string() }).nullable(),
  templates: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      format,
      text: z.string(),
      publishedAt: z.string(),
      adopted: z.object({ at: z.string(), adapted: z.boolean() }).nullable(),
    }),
  ),
});

/** The trust admin's pages: the schools of the trust, and who holds which trust roles. */
export const trustSchoolsSchema = z.object({
  trust: z.object({ id: z.string(), name: z.string() }),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      urn: z.string().nullable(),
      officialEmailDomains: z.array(z.string()),
      joinedAt: z.string(),
    }),
  ),
});
export const newTrustSchoolBody = z
  .object({
    name: z.string().max(200),
    urn: z.string().max(6).optional(),
    officialEmailDomains: z.array(z.string().max(253)).min(1).max(10),
    website: z.string().max(2000).optional(),
    aupUrl: z.string().max(2000).optional(),
  })
  .strict();
export const createdSchoolSchema = z.object({
  id: z.string(),
  name: z.string(),
  urn: z.string().nullable(),
  officialEmailDomains: z.array(z.string()),
  website: z.string().nullable(),
  aupUrl: z.string().nullable(),
  isDemo: z.boolean(),
});
const trustRole = z.enum(trustRoles);
export const trustPeopleSchema = z.object({
  trust: z.object({ id: z.string(), name: z.string() }),
  people: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      email: z.string(),
      roles: z.array(trustRole),
      since: z.string(),
    }),
  ),
});
export const grantTrustRolesBody = z
  .object({
    email: z.string().max(320),
    roles: z.array(trustRole).min(1).max(3),
    givenName: z.string().trim().min(1).max(100).optional(),
    familyName: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export const revokeTrustRoleBody = z.object({ email: z.string().max(320), role: trustRole }).strict();
export const heldTrustRolesSchema = z.object({ staffId: z.string(), roles: z.array(trustRole) });
