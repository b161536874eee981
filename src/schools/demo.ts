import { seedDemoBlockLists } from '../checks/demo-block-lists.js';
import { seedDemoModeration } from '../moderation/demo-moderation.js';
import { hasDemoPeople, seedDemoPeople } from '../people/demo-people.js';
import { systemClock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { seedDemoPosting } from '../posts/demo-posts.js';
import { findDemoSchool } from './schools.repository.js';
import { createSchool, hasAnySchool, type SchoolView, toSchoolView } from './schools.service.js';

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
): Promise<{ school: SchoolView; created: boolean } | undefined> {
  const existing = await findDemoSchool(db);
  if (existing) {
    // Creating the school and seeding its people are two steps; finish the second if a start stopped between.
    if (!(await hasDemoPeople(db, existing.id))) await seedDemoPeople(db, existing.id, systemClock.today());
    // The posting example came later than the people: an older demo install gets it on its next start.
    await seedDemoPosting(db, existing.id, systemClock);
    await seedDemoBlockLists(db, existing.id, systemClock);
    await seedDemoModeration(db, existing.id, systemClock);
    return { school: toSchoolView(existing), created: false };
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
  await seedDemoPeople(db, school.id, systemClock.today());
  await seedDemoPosting(db, school.id, systemClock);
  await seedDemoBlockLists(db, school.id, systemClock);
  await seedDemoModeration(db, school.id, systemClock);
  return { school, created: true };
}
