import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, invalid } from '../platform/errors.js';
import { installSeedPolicy } from '../policy/install-seed-policy.js';
import {
  type CreateSchoolInput,
  createSchoolInputSchema,
  parseOrInvalid,
  type SchoolView,
  toSchoolView,
} from './school-view.js';
import { findSchoolByUrn, insertSchool } from './schools.repository.js';

/** A school's details, read and checked: what `insertNewSchool` takes. */
export type ValidSchoolInput = ReturnType<typeof validSchoolInput>;

/**
 * Reads a new school's details. The AUP must be on the school's own website or an official domain, since
 * clause 2.8 links to it as proof of sanction.
 */
export function validSchoolInput(input: CreateSchoolInput) {
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
  return data;
}

/**
 * The school row, its audit row and its first policy version (the seed policy), inside the caller's
 * transaction: creating a school alone (below) and a trust admin creating one in the trust share it.
 */
export async function insertNewSchool(
  tx: DbExecutor,
  actor: Actor,
  data: ValidSchoolInput,
  options: { demo?: boolean } = {},
): Promise<SchoolView> {
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
}

/** Creates a school with the seed policy as its first policy version, in one transaction. */
export async function createSchool(
  db: Db,
  actor: Actor,
  input: CreateSchoolInput,
  options: { demo?: boolean } = {},
): Promise<SchoolView> {
  const data = validSchoolInput(input);
  return db.transaction().execute((tx) => insertNewSchool(tx, actor, data, options));
}
