import type { DbExecutor } from '../platform/db/database.js';

/**
 * Test factory: a pupil with one carer holding parental responsibility and one without (generated names
 * only). Returns their ids.
 */
export async function buildConsentFamily(
  db: DbExecutor,
  input: { schoolId: string; key: string; carerEmail?: string; leftOn?: string },
): Promise<{ pupilId: string; carerId: string; otherCarerId: string }> {
  const pupil = await db
    .insertInto('pupils')
    .values({
      school_id: input.schoolId,
      external_id: `P-${input.key}`,
      given_name: `Pupil${input.key}`,
      family_name: 'Testfamily',
      year_group: 8,
      left_on: input.leftOn ?? null,
      ...(input.leftOn ? { status: 'left' as const } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [carer, other] = await db
    .insertInto('carers')
    .values([
      {
        school_id: input.schoolId,
        external_id: `C-${input.key}`,
        given_name: `Carer${input.key}`,
        family_name: 'Testfamily',
        email: input.carerEmail ?? `carer-${input.key.toLowerCase()}@family.example`,
      },
      {
        school_id: input.schoolId,
        external_id: `C-${input.key}-X`,
        given_name: `Other${input.key}`,
        family_name: 'Testfamily',
        email: null,
      },
    ])
    .returning('id')
    .execute();
  if (!carer || !other) throw new Error('carers not created');
  await db
    .insertInto('carer_pupil_links')
    .values([
      { school_id: input.schoolId, carer_id: carer.id, pupil_id: pupil.id, parental_responsibility: true },
      { school_id: input.schoolId, carer_id: other.id, pupil_id: pupil.id, parental_responsibility: false },
    ])
    .execute();
  return { pupilId: pupil.id, carerId: carer.id, otherCarerId: other.id };
}
