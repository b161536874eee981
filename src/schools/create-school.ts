import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
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
