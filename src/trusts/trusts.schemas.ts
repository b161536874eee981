import { z } from 'zod';

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
