import os from 'node:os';
import { CheckContextCache } from '../src/checks/check-context.js';
import type { CommentTarget, ConnectorCredentials, PlatformComment } from '../src/connectors/connector.js';
import { DemoConnector, demoComment, demoCommentTexts } from '../src/connectors/demo.js';
import { buildRegisteredAccount } from '../src/connectors/testing.js';
import { moderationConnections } from '../src/moderation/moderation-connections.js';
import type { ModerationContext } from '../src/moderation/moderation-context.js';
import { checkComment, connectFeed, readFeed } from '../src/moderation/moderation-ingest.js';
import { importRoster } from '../src/people/import-roster.js';
import { parseRosterUploads } from '../src/people/roster-parse.js';
import { createKeyring, generateMasterKey } from '../src/platform/crypto/envelope.js';
import { createDb } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createSchool } from '../src/schools/create-school.js';
import { openStaffHandover } from '../src/staff-use/open-staff-handover.js';
import { type BenchRow, median, row } from './harness.js';
import { buildLargeRosterCsv } from './large-roster.js';

/**
 * Comment moderation through the real ingest on PGlite with the full rule set (text, links, the disclosure
 * rule) and a school-sized roster (2,000 pupils and 3,500 carers: the 5,500 people the name rule matches):
 * - throughput: comments read, checked and queued (with snapshot and audit row) per second by one process;
 * - latency: comments arrive at a steady rate, out of hours with the school's out-of-hours cover on, and
 *   the feed is read continuously; the time from a blocked comment's arrival to the platform's hide call.
 */
const suite = 'moderation';
const today = '2026-11-24';
const system = { kind: 'system', label: 'bench' } as const;

/** Demo texts plus comments naming pupils from the roster (blocked: pupil.name with a full name). */
function textsWith(pupilNames: readonly string[]): string[] {
  const named = pupilNames.slice(0, 40).map((n) => `Well done ${n}, what a star at the match today!`);
  return [...demoCommentTexts, ...named, ...demoCommentTexts];
}

export default async function moderationBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bytes = buildLargeRosterCsv(today);
  const parsed = parseRosterUploads([{ name: 'large-roster.csv', bytes }]);
  const db = createDb({});
  try {
    await migrateToLatest(db);
    const school = await createSchool(db, system, {
      name: 'Bench Academy',
      officialEmailDomains: ['bench.example'],
    });
    await importRoster(
      db,
      system,
      {
        schoolId: school.id,
        files: [{ name: 'large-roster.csv', bytes }],
        dryRun: false,
        full: true,
        today,
      },
      { onStaffLeft: openStaffHandover },
    );
    const owner = await db.selectFrom('staff').select('id').limit(1).executeTakeFirstOrThrow();
    const texts = textsWith(parsed.pupils.map((p) => `${p.givenName} ${p.familyName}`));
    const keyring = createKeyring(generateMasterKey());
    const checkContexts = new CheckContextCache();

    // Throughput: 5,000 comments in pages of 500.
    const total = 5000;
    const start = new Date('2026-12-01T10:00:00Z');
    const bulk = new DemoConnector({
      pageSize: 500,
      feed: (from, limit) => {
        const out: PlatformComment[] = [];
        for (let i = from; i < Math.min(total, from + limit); i++)
          out.push(demoComment(i, texts[i % texts.length] as string, start));
        return out;
      },
    });
    const bulkAccount = await buildRegisteredAccount(db, {
      schoolId: school.id,
      ownerIds: [owner.id],
      platform: 'bluesky',
      handle: 'bulk.bench.example',
    });
    const ctx = (connector: DemoConnector, now: Date): ModerationContext => ({
      db,
      keyring,
      now,
      checkContexts,
      connections: moderationConnections(connector),
    });
    await connectFeed(ctx(bulk, start), system, {
      schoolId: school.id,
      accountId: bulkAccount,
      platform: 'demo',
    });
    // Warm the roster index and the compiled settings, as a running server has them.
    await checkContexts.load(db, school.id, '2026-12-01');
    // The rule set alone, for context: the same texts through the engine, no database.
    const context = await checkContexts.load(db, school.id, '2026-12-01');
    const c0 = performance.now();
    for (let i = 0; i < total; i++)
      checkComment(demoComment(i, texts[i % texts.length] as string, start), context);
    rows.push(
      row(
        suite,
        'comments checked per second, rules only (no database)',
        Math.round(total / ((performance.now() - c0) / 1000)),
        'comments/s',
        undefined,
        `${total} comments, os load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`,
      ),
    );
    let checked = 0;
    let queued = 0;
    const t0 = performance.now();
    while (checked < total) {
      const r = await readFeed(ctx(bulk, start), bulkAccount);
      checked += r.checked;
      queued += r.queued;
      if (r.checked === 0) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    rows.push(
      row(
        suite,
        'comments checked and queued per second (full rules, 5,500-person roster, PGlite)',
        Math.round(checked / seconds),
        'comments/s',
        '>= 1000',
        `${checked} checked, ${queued} queued with snapshot and audit row, in ${seconds.toFixed(1)} s`,
      ),
    );

    // Latency: 20 comments a second for 10 s, out of hours, cover on; the feed is read continuously.
    await db
      .insertInto('moderation_settings')
      .values({
        school_id: school.id,
        read_every_minutes: 2,
        sla_working_minutes: 60,
        out_of_hours_hide: true,
        updated_at: start,
      })
      .execute();
    const rate = 20;
    const seconds2 = 10;
    const arrivedAt = new Map<string, number>();
    const hiddenAt = new Map<string, number>();
    const feedStart = performance.now();
    class TimedDemo extends DemoConnector {
      override async hideComment(credentials: ConnectorCredentials, target: CommentTarget): Promise<void> {
        await super.hideComment(credentials, target);
        hiddenAt.set(target.platformCommentId, performance.now());
      }
    }
    const saturday = new Date('2026-12-05T21:00:00Z');
    const timed = new TimedDemo({
      pageSize: 1000,
      feed: (from, limit) => {
        const arrived = Math.min(
          rate * seconds2,
          Math.floor(((performance.now() - feedStart) / 1000) * rate),
        );
        const out: PlatformComment[] = [];
        for (let i = from; i < Math.min(arrived, from + limit); i++) {
          const id = `demo-comment-${i}`;
          if (!arrivedAt.has(id)) arrivedAt.set(id, feedStart + (i / rate) * 1000);
          out.push(demoComment(i, texts[i % texts.length] as string, saturday));
        }
        return out;
      },
    });
    const liveAccount = await buildRegisteredAccount(db, {
      schoolId: school.id,
      ownerIds: [owner.id],
      platform: 'bluesky',
      handle: 'live.bench.example',
    });
    await connectFeed(ctx(timed, saturday), system, {
      schoolId: school.id,
      accountId: liveAccount,
      platform: 'demo',
    });
    while (performance.now() - feedStart < seconds2 * 1000 + 500) {
      await readFeed(ctx(timed, saturday), liveAccount);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const latencies = [...hiddenAt].map(([id, at]) => at - (arrivedAt.get(id) ?? at));
    rows.push(
      row(
        suite,
        'median arrival → automatic hide (out-of-hours cover, 20 comments/s, feed read continuously)',
        Math.round(median(latencies)),
        'ms',
        undefined,
        `${latencies.length} blocked comments hidden; a platform read every N minutes adds up to N minutes (N/2 median)`,
      ),
    );
  } finally {
    await db.destroy();
  }
  return rows;
}
