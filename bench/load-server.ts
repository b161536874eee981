/**
 * The server the load bench drives, as a child process so the load generator does not share its event
 * loop: a fresh migrated database (PGlite in memory, or a new PostgreSQL database when DATABASE_URL is
 * set), the demo school with a school-sized roster on top (~5,700 more people), and a signed-in member
 * of staff. Tells the parent its address and session over IPC, then serves until killed.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createAppContext } from '../src/app/context.js';
import { DEMO_POSTING } from '../src/demo/demo-posts.js';
import { ensureDemoSchool } from '../src/demo/demo-school.js';
import { testDemoDeps } from '../src/demo/testing.js';
import { importRoster } from '../src/people/import-roster.js';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions.js';
import { systemClock } from '../src/platform/clock.js';
import { createTestDb } from '../src/platform/db/test-db.js';
import { createLogger } from '../src/platform/logger.js';
import { buildApp } from '../src/server/app.js';
import { testConfig } from '../src/server/test-app.js';
import { openStaffHandover } from '../src/staff-use/open-staff-handover.js';
import { buildLargeRosterCsv } from './large-roster.js';

export interface LoadServerReady {
  url: string;
  cookie: string;
  csrf: string;
  people: number;
}

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
// The server's own default (LOG_LEVEL unset means info), written to stdout like `guardpost start`.
const logLevel = (process.env.LOG_LEVEL ?? 'info') as typeof testConfig.logLevel;

const testDb = await createTestDb(engine);
const { db } = testDb;
const demo = await ensureDemoSchool(db, testDemoDeps());
if (!demo) throw new Error('the demo school was not created on a fresh database');
const schoolId = demo.school.id;
await importRoster(
  db,
  { kind: 'system', label: 'load-bench' },
  {
    schoolId,
    files: [{ name: 'large-roster.csv', bytes: buildLargeRosterCsv(systemClock.today()) }],
    dryRun: false,
    full: false,
  },
  { onStaffLeft: openStaffHandover },
);
const people = await db
  .selectFrom('pupils')
  .select((eb) => eb.fn.countAll<string>().as('n'))
  .where('school_id', '=', schoolId)
  .executeTakeFirstOrThrow();
const carers = await db
  .selectFrom('carers')
  .select((eb) => eb.fn.countAll<string>().as('n'))
  .where('school_id', '=', schoolId)
  .executeTakeFirstOrThrow();

// The demo member of staff who owns the demo post, so GET /api/posts has something to list.
const staff = await db
  .selectFrom('staff')
  .select('id')
  .where('email', '=', DEMO_POSTING.ownerEmail)
  .executeTakeFirstOrThrow();
const session = await createSession(db, {
  staffId: staff.id,
  schoolId,
  secondFactorPassed: true,
  now: new Date(),
});

const app = await buildApp(
  createAppContext(
    {
      ...testConfig,
      env: 'production',
      logLevel,
      masterKey: randomBytes(32).toString('base64'),
      publicUrl: 'https://guardpost.example',
    },
    { db, dbEngine: engine, logger: createLogger(logLevel) },
  ),
);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const ready: LoadServerReady = {
  url,
  cookie: `${SESSION_COOKIE}=${session.token}`,
  csrf: session.csrfToken,
  people: Number(people.n) + Number(carers.n),
};
// Profiles only the serving, not the seeding, when the bench is run with LOAD_CPU_PROF=path/prefix.
const profileFile = process.env.LOAD_CPU_PROF
  ? `${process.env.LOAD_CPU_PROF}-${engine}.cpuprofile`
  : undefined;
const profiler = profileFile ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
process.send?.(ready);
// The parent asks for this process's CPU time around each run: CPU per request is the figure that the other
// engineers' work on this shared machine does not distort.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});

const stop = () => {
  const saveProfile = async () => {
    if (!profiler || !profileFile) return;
    const { profile } = await profiler.post('Profiler.stop');
    await writeFile(profileFile, JSON.stringify(profile));
  };
  saveProfile()
    .then(() => app.close())
    .then(() => testDb.destroy())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);
