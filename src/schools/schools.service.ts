import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, invalid, notFound } from '../platform/errors.js';
import { installSeedPolicy } from '../policy/policy.service.js';
import {
  countSchools,
  findDemoSchool,
  findSchoolById,
  findSchoolByUrn,
  insertSchool,
  listSchoolRows,
} from './schools.repository.js';
import type { SchoolRow } from './schools.table.js';
import { isWebmailDomain } from './webmail.js';

const hostname = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

const httpUrl = z
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

/**
 * Creates a school with the seed policy as its first policy version, in one transaction. The AUP must be
 * on the school's own website or an official domain, since clause 2.8 links to it as proof of sanction.
 */
export async function createSchool(
  db: Db,
  actor: Actor,
  input: CreateSchoolInput,
  options: { demo?: boolean } = {},
): Promise<SchoolView> {
  const data = parseOrInvalid(createSchoolInputSchema, input, 'InvalidSchool');
  if (data.aupUrl) {
    const aupHost = new URL(data.aupUrl).hostname;
    const websiteHost = data.website ? new URL(data.website).hostname : undefined;
    const onSchoolDomain =
      aupHost === websiteHost ||
      data.officialEmailDomains.some((d) => aupHost === d || aupHost.endsWith(`.${d}`));
    if (!onSchoolDomain) {
      throw invalid(
        'InvalidSchool',
        `aupUrl: must be on the school website or an official domain, not ${aupHost}`,
      );
    }
  }
  return db.transaction().execute(async (tx) => {
    if (data.urn && (await findSchoolByUrn(tx, data.urn))) {
      throw conflict('SchoolExists', `a school with URN ${data.urn} already exists`);
    }
    const row = await insertSchool(tx, {
      name: data.name,
      urn: data.urn ?? null,
      official_email_domains: [...new Set(data.officialEmailDomains)],
      website: data.website ?? null,
      aup_url: data.aupUrl ?? null,
      is_demo: options.demo ?? false,
    });
    await recordAudit(tx, {
      actor,
      schoolId: null,
      event: {
        type: 'school.created',
        subject: { type: 'school', id: row.id },
        data: { name: row.name, demo: row.is_demo },
      },
    });
    await installSeedPolicy(tx, actor, row.id);
    return toSchoolView(row);
  });
}

export async function listSchools(db: DbExecutor): Promise<SchoolView[]> {
  return (await listSchoolRows(db)).map(toSchoolView);
}

export async function getSchool(db: DbExecutor, id: string): Promise<SchoolView> {
  const row = z.uuid().safeParse(id).success ? await findSchoolById(db, id) : undefined;
  if (!row) throw notFound('SchoolNotFound', `no school with id ${id}`);
  return toSchoolView(row);
}

/**
 * The school a command or request means when it does not say: the one named, else the only school, else
 * the demo school. Several schools and no choice is an error rather than a guess.
 */
export async function resolveSchool(db: DbExecutor, id?: string): Promise<SchoolView> {
  if (id) return getSchool(db, id);
  const schools = await listSchoolRows(db);
  if (schools.length === 1) return toSchoolView(schools[0]!);
  if (schools.length === 0)
    throw notFound('SchoolNotFound', 'there is no school yet: run `guardpost school create`');
  const demo = await findDemoSchool(db);
  if (demo) return toSchoolView(demo);
  throw invalid('SchoolRequired', `there are ${schools.length} schools: name one with --school ID`);
}

/** The demo school, when this deployment has one. */
export async function findDemoSchoolView(db: DbExecutor): Promise<SchoolView | undefined> {
  const row = await findDemoSchool(db);
  return row ? toSchoolView(row) : undefined;
}

export async function hasAnySchool(db: DbExecutor): Promise<boolean> {
  return (await countSchools(db)) > 0;
}
