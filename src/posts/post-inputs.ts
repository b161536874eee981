import { z } from 'zod';

export const postInputSchema = z
  .object({
    text: z.string().max(20_000),
    links: z
      .array(z.url({ protocol: /^https?$/ }).max(2_000))
      .max(20)
      .default([]),
    taggedPupils: z.array(z.uuid()).max(200).default([]),
    noIdentifiablePupils: z.boolean().default(false),
  })
  .strict();
export type PostInput = z.input<typeof postInputSchema>;

export const newPostInputSchema = postInputSchema.extend({ accountId: z.uuid() }).strict();
export type NewPostInput = z.input<typeof newPostInputSchema>;

export const approvalInputSchema = z.object({ reason: z.string().trim().min(3).max(2_000) }).strict();

export const publishInputSchema = z
  .object({ publishedUrl: z.url({ protocol: /^https$/ }).max(2_000) })
  .strict();

export const archiveFiltersSchema = z
  .object({
    accountId: z.uuid().optional(),
    pupilId: z.uuid().optional(),
    rule: z
      .string()
      .regex(/^[a-z_]+\.[a-z_]+$/)
      .optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .strict();

export const postSettingsSchema = z.object({ requiresApproval: z.boolean() }).strict();

export const takedownCompleteSchema = z.object({ note: z.string().trim().max(2_000).optional() }).strict();
