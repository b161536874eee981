import {
  type CommentPage,
  type CommentTarget,
  type Connector,
  type ConnectorCapabilities,
  type ConnectorCredentials,
  ConnectorError,
  type ConnectorErrorCode,
  type DirectMessageSetting,
  type DirectMessageSettingRead,
  type PlatformComment,
  type ProfileSnapshot,
  type PublishRequest,
  type PublishResult,
} from './connector.js';

/**
 * The demo platform: a bundled feed of generated comments, kept in memory, so the demo school shows a
 * moderation queue with nothing leaving the machine. Its capabilities are Bluesky's (hide and unhide a
 * reply, report and block the author, limit replies, the direct-message setting readable), so the queue
 * offers what a real connected account would. It is labelled "demo" wherever it appears.
 *
 * Each account (credentials.accountId) has its own feed: `feedFor` gives the comments from a position on
 * (the cursor is that position); the default is the bundled demo feed.
 */
export const demoCapabilities: ConnectorCapabilities = {
  publish: true,
  publishPhotos: false,
  publishTextOnly: true,
  readComments: ['poll'],
  hide: true,
  unhide: true,
  delete: false,
  report: true,
  block: true,
  limitReplies: true,
  directMessageSettingReadable: true,
  profileReadable: true,
  notes: ['Demo only: a bundled feed of generated comments; nothing is sent anywhere.'],
};

export type DemoFeed = (from: number, limit: number, now: Date) => PlatformComment[];

interface DemoAccountState {
  hidden: Set<string>;
  blocked: Set<string>;
  reported: string[];
  limitedPosts: Set<string>;
  deleted: Set<string>;
  posts: number;
}

export interface DemoConnectorOptions {
  feed?: DemoFeed;
  /** How many comments one read returns at most. */
  pageSize?: number;
  directMessages?: DirectMessageSetting;
  /** What a profile read returns (a demo bio by default). */
  profile?: ProfileSnapshot;
  now?: () => Date;
}

export class DemoConnector implements Connector {
  readonly platform = 'demo' as const;
  readonly name = 'Demo platform';
  readonly capabilities = demoCapabilities;
  private readonly accounts = new Map<string, DemoAccountState>();
  private readonly failures: { method: string; error: ConnectorError }[] = [];
  private readonly feed: DemoFeed;
  private readonly pageSize: number;
  private readonly now: () => Date;
  directMessages: DirectMessageSetting;
  /** What a profile read returns; change it to show the profile check noticing a change. */
  profile: ProfileSnapshot;
  /** Every call made, in order, for tests to assert on: `method:target`. */
  readonly calls: string[] = [];

  constructor(options: DemoConnectorOptions = {}) {
    this.feed = options.feed ?? bundledDemoFeed;
    this.pageSize = options.pageSize ?? 50;
    this.directMessages = options.directMessages ?? 'following';
    this.profile = options.profile ?? {
      displayName: 'Demo account',
      bio: 'A demo account of Guardpost.',
      links: [],
      avatarUrl: null,
    };
    this.now = options.now ?? (() => new Date());
  }

  /** Makes the next call of `method` fail as the platform would (429, revoked token, comment gone). */
  failNext(
    method: string,
    code: ConnectorErrorCode,
    extra: { retryAfterSeconds?: number; status?: number } = {},
  ): void {
    this.failures.push({ method, error: new ConnectorError('demo', code, `demo: ${code}`, extra) });
  }

  /** What happened to one account on the demo platform (for tests and the demo page). */
  stateOf(accountId: string): Readonly<DemoAccountState> {
    return this.state(accountId);
  }

  private state(accountId: string): DemoAccountState {
    let s = this.accounts.get(accountId);
    if (!s) {
      s = {
        hidden: new Set(),
        blocked: new Set(),
        reported: [],
        limitedPosts: new Set(),
        deleted: new Set(),
        posts: 0,
      };
      this.accounts.set(accountId, s);
    }
    return s;
  }

  private enter(method: string, detail: string): void {
    this.calls.push(`${method}:${detail}`);
    const index = this.failures.findIndex((f) => f.method === method);
    if (index >= 0) {
      const [failure] = this.failures.splice(index, 1);
      if (failure) throw failure.error;
    }
  }

  async publish(credentials: ConnectorCredentials, request: PublishRequest): Promise<PublishResult> {
    this.enter('publish', request.idempotencyKey);
    const s = this.state(credentials.accountId);
    s.posts++;
    const id = `demo-post-${request.idempotencyKey}`;
    return { platformPostId: id, url: `https://demo.invalid/${credentials.accountId}/${id}` };
  }

  async fetchComments(_credentials: ConnectorCredentials, cursor: string | null): Promise<CommentPage> {
    this.enter('fetchComments', cursor ?? 'start');
    const from = cursor === null ? 0 : Number.parseInt(cursor, 10) || 0;
    const comments = this.feed(from, this.pageSize, this.now());
    return { comments, cursor: String(from + comments.length) };
  }

  async hideComment(credentials: ConnectorCredentials, target: CommentTarget): Promise<void> {
    this.enter('hideComment', target.platformCommentId);
    this.state(credentials.accountId).hidden.add(target.platformCommentId);
  }

  async unhideComment(credentials: ConnectorCredentials, target: CommentTarget): Promise<void> {
    this.enter('unhideComment', target.platformCommentId);
    this.state(credentials.accountId).hidden.delete(target.platformCommentId);
  }

  async deleteComment(_credentials: ConnectorCredentials, target: CommentTarget): Promise<void> {
    this.enter('deleteComment', target.platformCommentId);
    throw new ConnectorError('demo', 'not_supported', 'the demo platform cannot delete others’ replies');
  }

  async reportAuthor(
    credentials: ConnectorCredentials,
    target: CommentTarget,
    reason: string,
  ): Promise<void> {
    this.enter('reportAuthor', target.authorPlatformId);
    this.state(credentials.accountId).reported.push(`${target.authorPlatformId}:${reason}`);
  }

  async blockAuthor(credentials: ConnectorCredentials, target: CommentTarget): Promise<void> {
    this.enter('blockAuthor', target.authorPlatformId);
    this.state(credentials.accountId).blocked.add(target.authorPlatformId);
  }

  async limitReplies(credentials: ConnectorCredentials, platformPostId: string): Promise<void> {
    this.enter('limitReplies', platformPostId);
    this.state(credentials.accountId).limitedPosts.add(platformPostId);
  }

  async readProfile(_credentials: ConnectorCredentials): Promise<ProfileSnapshot> {
    this.enter('readProfile', '');
    return { ...this.profile, links: [...this.profile.links] };
  }

  async readDirectMessageSetting(_credentials: ConnectorCredentials): Promise<DirectMessageSettingRead> {
    this.enter('readDirectMessageSetting', '');
    return { setting: this.directMessages };
  }
}

/** Generated commenters: made-up names, never a pupil's or a member of staff's. */
const demoAuthors = [
  ['quill.fairweather', 'Quill Fairweather'],
  ['marlow_penhallow', 'Marlow Penhallow'],
  ['tansy.ravelston', 'Tansy Ravelston'],
  ['bexley.orchard', 'Bexley Orchard'],
  ['corran_vaile', 'Corran Vaile'],
  ['juniper.haddow', 'Juniper Haddow'],
  ['fenwick.stroud', 'Fenwick Stroud'],
  ['ottoline_march', 'Ottoline March'],
] as const;

/** The bundled demo comments, in our own words: most are ordinary, a few break the policy. */
export const demoCommentTexts: readonly string[] = [
  'Brilliant concert last night, well done to every performer!',
  'Anyone selling a spare blazer? text me on 07700 900461',
  'Lovely photos from sports day, thank you for sharing them.',
  'shut up you stupid cow, nobody asked what you think',
  'Free tickets for the fair here bit.ly/fair-tix-now',
  'i dont want to go home tonight, my stepdad hits me when he is drunk',
  'Can’t wait for the summer fair, see you all there.',
  'the girls in my class keep picking on me and nobody does anything',
  'Great to see the new library open at last.',
  'Huge thanks to the PTA for the cake sale, it raised so much!',
];

/** Comment `i` of the bundled feed, with a generated author and a post it sits under. */
export function demoComment(i: number, text: string, createdAt: Date): PlatformComment {
  const [handle, displayName] = demoAuthors[i % demoAuthors.length] ?? demoAuthors[0];
  const postId = `demo-post-${1 + (i % 3)}`;
  return {
    platformCommentId: `demo-comment-${i}`,
    platformPostId: postId,
    parentCommentId: null,
    authorPlatformId: `did:demo:${handle}`,
    authorHandle: `${handle}.demo`,
    authorDisplayName: displayName,
    text,
    createdAt,
    url: `https://demo.invalid/post/${postId}/reply/${i}`,
    context: [{ platformId: postId, authorHandle: 'school.demo', text: 'Our news this week (demo post).' }],
  };
}

/** The bundled feed: the demo comments once, arriving a minute apart up to now. */
export function bundledDemoFeed(from: number, limit: number, now: Date): PlatformComment[] {
  const out: PlatformComment[] = [];
  for (let i = from; i < demoCommentTexts.length && out.length < limit; i++) {
    const at = new Date(now.getTime() - (demoCommentTexts.length - i) * 60_000);
    out.push(demoComment(i, demoCommentTexts[i] as string, at));
  }
  return out;
}
