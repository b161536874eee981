import { createHash } from 'node:crypto';
import { CheckContextCache } from '../checks/check-context.js';
import type { ConnectDeps } from '../connectors/connect-account.js';
import type { ConnectorFetch } from '../connectors/connector-registry.js';
import { createDefaultConnectorRegistry } from '../connectors/default-connectors.js';
import { DemoConnector } from '../connectors/demo.js';
import type { PublishDeps } from '../connectors/publish-through-connector.js';
import { type RecordedExchange, type Replay, replay } from '../connectors/recorded-http.js';
import { buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { buildPupil } from '../people/testing.js';
import { canonicalJson } from '../platform/audit/audit.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { fixedClock, type SettableClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey, type Keyring } from '../platform/crypto/envelope.js';
import type { DbEngine } from '../platform/db/create-db.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { createTestDb, type TestDb } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { runDueJobs } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import { emailJobHandlers } from '../platform/notify/email.jobs.js';
import { startTestSmtp, type TestSmtp } from '../platform/notify/test-smtp.js';
import { addPostPhotos } from '../posts/add-post-photos.js';
import { approvePost } from '../posts/approve-post.js';
import { createPost } from '../posts/create-post.js';
import { markPostReady } from '../posts/mark-post-ready.js';
import { PhotoAnalysisCache } from '../posts/photo-analysis-cache.js';
import type { PostsDeps } from '../posts/post-access.js';
import { setAccountPostSettings } from '../posts/set-account-post-settings.js';
import { linkToModerationItem } from '../shared/links.js';
import { MODERATION_SCAN_QUEUE, moderationJobHandlers } from './moderation.jobs.js';
import { connectedAccountOpener, moderationConnections } from './moderation-connections.js';
import type { ModerationContext } from './moderation-context.js';

/**
 * Test factory: a blocked comment in the queue, with its plain snapshot, on the demo platform. Written
 * straight to the tables: the ingest that normally makes it is tested in moderation.service.test.ts.
 */
export async function buildModerationItem(
  db: DbExecutor,
  input: { schoolId: string; accountId: string; text?: string; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const text = input.text ?? 'shut up you stupid cow';
  const id = (
    await db
      .insertInto('moderation_items')
      .values({
        school_id: input.schoolId,
        account_id: input.accountId,
        platform: 'demo',
        platform_comment_id: `factory-${createHash('sha256').update(`${input.accountId}${text}${now.getTime()}`).digest('hex').slice(0, 12)}`,
        platform_post_id: 'demo-post-1',
        author_platform_id: 'did:demo:factory',
        verdict: 'block',
        findings: JSON.stringify([
          { rule: 'language.abuse', clause: '2.3', severity: 'block', message: 'Abusive language.' },
        ]),
        clauses: JSON.stringify(['2.3']),
        disclosure: false,
        concern_draft: null,
        concern_id: null,
        state: 'open',
        arrived_at: now,
        received_at: now,
        actioned_at: null,
        escalated_at: null,
        retry_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const content = {
    text,
    authorHandle: 'factory.demo',
    authorDisplayName: 'Factory Commenter',
    authorPlatformId: 'did:demo:factory',
    createdAt: now.toISOString(),
    platform: 'demo',
    platformCommentId: 'factory',
    platformPostId: 'demo-post-1',
    parentCommentId: null,
    url: null,
    context: [],
  };
  const json = JSON.stringify(content);
  await db
    .insertInto('moderation_snapshots')
    .values({
      item_id: id,
      school_id: input.schoolId,
      taken_at: now,
      sha256: createHash('sha256').update(json).digest('hex'),
      content: json,
      data_key_id: null,
      sealed_content: null,
    })
    .execute();
  return id;
}

// ---------------------------------------------------------------------------------------------------------
// The end-to-end flow on each platform (platform-flows*.test.ts): the real connectors over recorded HTTP,
// driven through the use cases a person or a job would call, never the connector's methods directly.

/** What one platform flow runs on: the process's own deps, built the way the composition root builds them. */
export interface PlatformFlowDeps {
  connect: ConnectDeps;
  publish: PublishDeps;
  posts: PostsDeps;
  /** The moderation context at the clock's current time (what a route or the worker is given). */
  moderation(): ModerationContext;
  /** Runs the moderation scan as the worker does: a `moderation.scan` job, claimed and run. */
  scan(): Promise<number>;
  /** Runs the `moderation.scan` jobs already queued and due (a webhook's), as the worker does. */
  runQueuedScans(): Promise<number>;
}

export function platformFlowDeps(input: {
  db: Db;
  keyring: Keyring;
  clock: SettableClock;
  fetch: ConnectorFetch;
  /** Where the platforms fetch a post's photos from (Instagram); none: nothing is served publicly. */
  publicUrl?: string;
}): PlatformFlowDeps {
  const { db, keyring, clock } = input;
  const connectors = createDefaultConnectorRegistry(
    {
      env: 'test',
      connectorsOffline: true,
      metaApp: flowMetaApp,
      googleApp: flowGoogleApp,
    },
    { fetch: input.fetch, now: () => clock.now() },
  );
  const checkContexts = new CheckContextCache();
  // As the composition root: photos are analysed (metadata, faces) when a post is checked.
  const posts: PostsDeps = {
    clock,
    contexts: checkContexts,
    photoAnalyses: new PhotoAnalysisCache(),
    keyring,
  };
  const connections = moderationConnections(
    new DemoConnector(),
    connectedAccountOpener({ keyring, connectors }),
  );
  const handlers = moderationJobHandlers({ keyring, checkContexts, connections });
  const scanHandler = handlers[MODERATION_SCAN_QUEUE];
  if (!scanHandler) throw new Error('the moderation scan has a job handler');
  const runQueuedScans = () =>
    runDueJobs({
      db,
      clock,
      logger: createLogger('silent'),
      handlers: { [MODERATION_SCAN_QUEUE]: scanHandler },
      workerId: 'platform-flow-test',
    });
  return {
    connect: { keyring, connectors, clock, callbackUrl: flowCallbackUrl },
    publish: { keyring, connectors, clock, posts, publicUrl: input.publicUrl },
    posts,
    moderation: () => ({ db, keyring, now: clock.now(), checkContexts, connections }),
    async scan() {
      await enqueueJob(db, MODERATION_SCAN_QUEUE, clock.now());
      return runQueuedScans();
    },
    runQueuedScans,
  };
}

export const flowCallbackUrl = 'https://guardpost.school.example/api/connections/callback';
export const flowMetaApp = { clientId: '1234567890', clientSecret: 'meta-app-secret' };
export const flowGoogleApp = {
  clientId: 'client-1.apps.googleusercontent.com',
  clientSecret: 'google-secret',
};

/**
 * A school for the flows: an account owner, SMT, a headteacher (both are told of every action, clause 2.6),
 * a colleague, and a pupil on the roll (generated name) whom a comment may name.
 */
export async function buildFlowSchool(db: Db, now: Date) {
  const school = await buildConnectorSchool(db, now);
  const head = await signInAs(db, {
    schoolId: school.schoolId,
    roles: ['headteacher'],
    givenName: 'Hal',
    familyName: 'Penrose',
    now,
  });
  const pupil = { givenName: 'Wrenna', familyName: 'Calloway' };
  await buildPupil(db, { schoolId: school.schoolId, ...pupil, yearGroup: 5 });
  return { ...school, head, pupil };
}

/**
 * A post on the account that needs approval (the account's setting, set by SMT), with the photos its author
 * adds, marked ready by its author and approved by SMT: the state `publishThroughConnector` and
 * `publishPost` start from.
 */
export async function approvedPost(
  db: Db,
  deps: PlatformFlowDeps,
  school: { schoolId: string; owner: TestSignIn; smt: TestSignIn },
  accountId: string,
  text: string,
  photos: readonly Uint8Array[] = [],
): Promise<string> {
  await setAccountPostSettings(
    db,
    school.smt.actor,
    { schoolId: school.schoolId, accountId, body: { requiresApproval: true } },
    deps.posts.clock,
  );
  const post = await createPost(db, school.owner.actor, school.schoolId, { accountId, text }, deps.posts);
  if (photos.length > 0)
    await addPostPhotos(
      db,
      school.owner.actor,
      { schoolId: school.schoolId, postId: post.id, images: photos },
      deps.posts,
    );
  const marked = await markPostReady(
    db,
    school.owner.actor,
    { schoolId: school.schoolId, postId: post.id },
    deps.posts,
  );
  if (marked.status !== 'awaiting_approval') throw new Error(`expected approval, got ${marked.status}`);
  const approved = await approvePost(
    db,
    school.smt.actor,
    { schoolId: school.schoolId, postId: post.id, reason: 'Checked: fine to go out' },
    deps.posts,
  );
  if (approved.status !== 'ready') throw new Error(`expected ready, got ${approved.status}`);
  return post.id;
}

/** The post's archive record, with the publication that wrote it (none when recorded by hand). */
export async function archiveOf(db: DbExecutor, postId: string) {
  const archive = await db
    .selectFrom('post_archive')
    .selectAll()
    .where('post_id', '=', postId)
    .executeTakeFirstOrThrow();
  const publication = await db
    .selectFrom('post_publications')
    .selectAll()
    .where('post_id', '=', postId)
    .executeTakeFirst();
  return { archive, publication };
}

/** The account's queue after a scan: each item with its snapshot (content parsed, hash recomputed). */
export async function queuedWithSnapshots(db: DbExecutor, accountId: string) {
  const items = await db
    .selectFrom('moderation_items')
    .innerJoin('moderation_snapshots', 'moderation_snapshots.item_id', 'moderation_items.id')
    .select([
      'moderation_items.id',
      'moderation_items.platform_comment_id',
      'moderation_items.platform_post_id',
      'moderation_items.author_platform_id',
      'moderation_items.verdict',
      'moderation_items.clauses',
      'moderation_items.findings',
      'moderation_items.state',
      'moderation_items.hidden',
      'moderation_snapshots.sha256',
      'moderation_snapshots.content',
      'moderation_snapshots.taken_at',
    ])
    .where('moderation_items.account_id', '=', accountId)
    .orderBy('moderation_items.arrived_at')
    .execute();
  return items.map((item) => ({
    ...item,
    recomputedSha256: item.content
      ? createHash('sha256').update(canonicalJson(item.content)).digest('hex')
      : null,
  }));
}

/** What SMT was told of an action on the item (clause 2.6): in-app notifications and queued emails. */
export async function smtToldOf(db: DbExecutor, schoolId: string, sha256: string) {
  const notifications = await db
    .selectFrom('notifications')
    .select(['staff_id', 'kind', 'title', 'body', 'link'])
    .where('school_id', '=', schoolId)
    .where('kind', '=', 'moderation.action_reported')
    .where('body', 'like', `%${sha256}%`)
    .orderBy('staff_id')
    .execute();
  const emails = await db
    .selectFrom('email_outbox')
    .select(['to_address', 'subject', 'text_body'])
    .where('school_id', '=', schoolId)
    .where('text_body', 'like', `%${sha256}%`)
    .orderBy('to_address')
    .execute();
  return { notifications, emails };
}

/** The school's audit event types about these subjects, in the chain's order. */
export async function auditTypesOf(db: DbExecutor, schoolId: string, subjectIds: readonly string[]) {
  const rows = await db
    .selectFrom('audit_events')
    .select('type')
    .where('school_id', '=', schoolId)
    .where('subject_id', 'in', [...subjectIds])
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.type);
}

/** One platform's flow: its own database, school, registered account and recorded platform. */
export interface PlatformFlow {
  t: TestDb;
  http: Replay;
  /** A real SMTP server the outbox is delivered to, as the worker's email jobs do. */
  smtp: TestSmtp;
  deps: PlatformFlowDeps;
  clock: SettableClock;
  school: Awaited<ReturnType<typeof buildFlowSchool>>;
  accountId: string;
}

/**
 * A fresh database per platform, so one platform's scan never reads another's feed, with an approved
 * account on the register owned by the school's account owner. `exchanges` are every request the flow may
 * send, in order.
 */
export async function setUpPlatformFlow(input: {
  engine: DbEngine;
  start: Date;
  platform: string;
  handle: string;
  exchanges: RecordedExchange[];
  /** Where the platform fetches the post's photos from (Instagram); none: nothing is served publicly. */
  publicUrl?: string;
}): Promise<PlatformFlow> {
  const [t, smtp] = await Promise.all([createTestDb(input.engine), startTestSmtp()]);
  const clock = fixedClock(input.start);
  const http = replay(input.exchanges);
  const keyring = createKeyring(generateMasterKey());
  const deps = platformFlowDeps({ db: t.db, keyring, clock, fetch: http.fetch, publicUrl: input.publicUrl });
  const school = await buildFlowSchool(t.db, clock.now());
  const accountId = await buildRegisteredAccount(t.db, {
    schoolId: school.schoolId,
    ownerIds: [school.owner.actor.staffId],
    platform: input.platform,
    handle: input.handle,
  });
  return { t, http, smtp, deps, clock, school, accountId };
}

export async function tearDownPlatformFlow(flow: PlatformFlow | undefined): Promise<void> {
  await flow?.http.close();
  await flow?.smtp.close();
  await flow?.t.destroy();
}

/**
 * Delivers the outbox through the flow's SMTP server as the worker does (the `email.send` jobs), and says
 * who received a message carrying this text (quoted-printable soft breaks and escapes undone).
 */
export async function deliveredMailWith(flow: PlatformFlow, text: string): Promise<string[]> {
  await runDueJobs({
    db: flow.t.db,
    clock: flow.clock,
    logger: createLogger('silent'),
    handlers: emailJobHandlers({ smtpUrl: flow.smtp.url }),
    workerId: 'platform-flow-mail',
    batchSize: 100,
  });
  const decoded = (raw: string) =>
    raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return [
    ...new Set(flow.smtp.received.filter((m) => decoded(m.raw).includes(text)).flatMap((m) => m.to)),
  ].sort();
}

/** Every request sent, one line each: method, address and the credentials it carried. */
export function requestLines(http: Replay): string[] {
  return http.sent().map((r) => `${r.method} ${r.url} ${r.authorization ?? '-'}`);
}

/**
 * Who was told of a hide, as the four platforms that hide compare it: each of SMT and the headteacher one
 * notification (its title and the link to the comment) and one email, delivered to the real SMTP server.
 */
export async function hideReportOf(flow: PlatformFlow, item: { id: string; sha256: string }) {
  const told = await smtToldOf(flow.t.db, flow.school.schoolId, item.sha256);
  return {
    told,
    summary: {
      notifications: told.notifications.map((n) => [n.staff_id, n.title, n.link]).sort(),
      emailedTo: told.emails.map((e) => e.to_address).sort(),
      delivered: await deliveredMailWith(flow, item.sha256),
    },
  };
}

/** What `hideReportOf` gives when the flow's SMT member hid the comment. */
export function expectedHideReport(flow: PlatformFlow, itemId: string) {
  const told = [flow.school.smt.actor, flow.school.head.actor];
  const emails = told.map((a) => a.email.toLowerCase()).sort();
  return {
    notifications: told
      .map((a) => [
        a.staffId,
        `A comment on a school account was hidden by ${flow.school.smt.actor.name} (clause 2.6)`,
        linkToModerationItem(itemId),
      ])
      .sort(),
    emailedTo: emails,
    delivered: emails,
  };
}
