import { seedDemoBlockLists } from '../checks/demo-block-lists.js';
import { seedDemoModeration } from '../moderation/demo-moderation.js';
import type { Db } from '../platform/db/database.js';
import { createSchool } from '../schools/create-school.js';
import type { SchoolView } from '../schools/school-view.js';
import { findDemoSchoolView, hasAnySchool } from '../schools/schools.queries.js';
import { hasDemoPeople, seedDemoPeople } from './demo-people.js';
import { type DemoDeps, seedDemoPosting } from './demo-posts.js';

export const DEMO_SCHOOL = {
  name: 'Take 1 Studios',
  officialEmailDomains: ['take1studios.example'],
  website: 'https://www.take1studios.example/',
  aupUrl: 'https://www.take1studios.example/policies/ict-acceptable-use',
} as const;

/**
 * On first start with an empty database, creates the demo school so a new install has something to show.
 * Never touches a database that already has another school.
 */
export async function ensureDemoSchool(
  db: Db,
  deps: DemoDeps,
): Promise<{ school: SchoolView; created: boolean } | undefined> {
  const { clock } = deps;
  const existing = await findDemoSchoolView(db);
  if (existing) {
    // Creating the school and seeding its people are two steps; finish the second if a start stopped between.
    if (!(await hasDemoPeople(db, existing.id))) await seedDemoPeople(db, existing.id, clock.today());
    // The posting example came later than the people: an older demo install gets it on its next start.
    await seedDemoPosting(db, existing.id, deps);
    await seedDemoBlockLists(db, existing.id, clock);
    await seedDemoModeration(db, existing.id, deps);
    return { school: existing, created: false };
  }
  if (await hasAnySchool(db)) return undefined;
  const school = await createSchool(
    db,
    { kind: 'system', label: 'demo-seed' },
    {
      name: DEMO_SCHOOL.name,
      officialEmailDomains: [...DEMO_SCHOOL.officialEmailDomains],
      website: DEMO_SCHOOL.website,
      aupUrl: DEMO_SCHOOL.aupUrl,
    },
    { demo: true },
  );
  await seedDemoPeople(db, school.id, clock.today());
  await seedDemoPosting(db, school.id, deps);
  await seedDemoBlockLists(db, school.id, clock);
  await seedDemoModeration(db, school.id, deps);
  return { school, created: true };
}
