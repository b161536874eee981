import type { Actor } from '../platform/auth/roles.js';
import type { IsoDate } from '../platform/calendar/dates.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { getPolicyOverview } from '../policy/get-policy-overview.js';
import { canPublishPolicy } from '../policy/policy.permissions.js';
import { getSchool } from '../schools/schools.queries.js';
import { trustRolesOf } from './trust-access.js';
import { canPublishTrustTemplate, canReadTrustTemplates } from './trusts.permissions.js';
import {
  findTrustById,
  findTrustIdOfSchool,
  listAdoptions,
  listTemplates,
  listTemplatesWithText,
  listTrustSchoolIds,
} from './trusts.repository.js';

export interface TrustTemplatesView {
  trust: { id: string; name: string };
  canPublish: boolean;
  templates: {
    id: string;
    label: string;
    format: 'text' | 'markdown';
    publishedAt: string;
    adoptedBy: number;
  }[];
  /** Each school's latest adopted template version, and whether its current policy is still that version. */
  schools: {
    id: string;
    name: string;
    templateId: string | null;
    templateLabel: string | null;
    adapted: boolean;
    adoptedAt: string | null;
    /** False when the school has published its own version since adopting. */
    stillCurrent: boolean;
  }[];
}

/** For the trust's roles: the template versions and which school is on which. */
export async function listTrustTemplates(
  db: DbExecutor,
  actor: Actor,
  trustId: string,
  today: IsoDate,
): Promise<TrustTemplatesView> {
  const { trust, roles } = await trustRolesOf(db, actor, trustId);
  if (!canReadTrustTemplates(roles)) throw forbidden('TrustTemplatesForbidden', 'this needs a trust role');
  const templates = await listTemplates(db, trust.id);
  const adoptions = await listAdoptions(db, trust.id);
  const schools: TrustTemplatesView['schools'] = [];
  for (const schoolId of await listTrustSchoolIds(db, trust.id)) {
    const school = await getSchool(db, schoolId);
    const latest = adoptions.filter((a) => a.schoolId === schoolId).at(-1);
    const current = latest ? (await getPolicyOverview(db, schoolId, today)).current : null;
    schools.push({
      id: school.id,
      name: school.name,
      templateId: latest?.templateId ?? null,
      templateLabel: latest?.label ?? null,
      adapted: latest?.adapted ?? false,
      adoptedAt: latest ? latest.adoptedAt.toISOString() : null,
      stillCurrent: Boolean(latest && current?.id === latest.policyVersionId),
    });
  }
  return {
    trust: { id: trust.id, name: trust.name },
    canPublish: canPublishTrustTemplate(roles),
    templates: templates.map((t) => ({
      id: t.id,
      label: t.label,
      format: t.format,
      publishedAt: t.created_at.toISOString(),
      adoptedBy: new Set(adoptions.filter((a) => a.templateId === t.id).map((a) => a.schoolId)).size,
    })),
    schools,
  };
}

export interface SchoolTemplatesView {
  trust: { id: string; name: string } | null;
  templates: {
    id: string;
    label: string;
    format: 'text' | 'markdown';
    text: string;
    publishedAt: string;
    adopted: { at: string; adapted: boolean } | null;
  }[];
}

/** For a school's policy publishers: the templates their trust offers, and which the school adopted. */
export async function listSchoolTemplates(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<SchoolTemplatesView> {
  if (!canPublishPolicy(actor, schoolId)) {
    throw forbidden('PolicyPublishForbidden', 'only SMT, the headteacher or an admin publishes the policy');
  }
  await getSchool(db, schoolId);
  const trustId = await findTrustIdOfSchool(db, schoolId);
  const trust = trustId ? await findTrustById(db, trustId) : undefined;
  if (!trust) return { trust: null, templates: [] };
  const adoptions = (await listAdoptions(db, trust.id)).filter((a) => a.schoolId === schoolId);
  const rows = await listTemplatesWithText(db, trust.id);
  return {
    trust: { id: trust.id, name: trust.name },
    templates: rows.map((t) => {
      const adoption = adoptions.find((a) => a.templateId === t.id);
      return {
        id: t.id,
        label: t.label,
        format: t.format,
        text: t.document_text,
        publishedAt: t.created_at.toISOString(),
        adopted: adoption ? { at: adoption.adoptedAt.toISOString(), adapted: adoption.adapted } : null,
      };
    }),
  };
}
