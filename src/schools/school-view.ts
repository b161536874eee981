import { z } from 'zod';
import { invalid } from '../platform/errors.js';
import type { SchoolRow } from './schools.table.js';
import { isWebmailDomain } from './webmail.js';

export const hostname =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && hostname.test(url.hostname);
    } catch {
      return false;
    }
  }, 'must be a web address starting with https://');

/** What it takes to create a school; the same schema validates the CLI and the HTTP API. */
export const createSchoolInputSchema = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters'),
  urn: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the six-digit Unique Reference Number')
    .optional(),
  officialEmailDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(hostname, 'must be a domain name such as school.example')
        .refine((d) => !isWebmailDomain(d), 'is a public webmail domain, not a school domain'),
    )
    .min(1, 'needs at least one official email domain'),
  website: httpUrl.optional(),
  aupUrl: httpUrl.optional(),
});

export type CreateSchoolInput = z.input<typeof createSchoolInputSchema>;

export interface SchoolView {
  id: string;
  name: string;
  urn: string | null;
  officialEmailDomains: string[];
  website: string | null;
  aupUrl: string | null;
  isDemo: boolean;
}

export function toSchoolView(row: SchoolRow): SchoolView {
  return {
    id: row.id,
    name: row.name,
    urn: row.urn,
    officialEmailDomains: row.official_email_domains,
    website: row.website,
    aupUrl: row.aup_url,
    isDemo: row.is_demo,
  };
}

/** Turns zod issues into our typed error, naming each field and what is wrong with it. */
export function parseOrInvalid<T extends z.ZodType>(schema: T, input: unknown, code: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
  throw invalid(code, details[0] ?? 'invalid input', details);
}
