/**
 * The contract every platform connector keeps (issue 13). (Named `connectors/`, not `platforms/`, so it is
 * never confused with `platform/`, the ground floor.) A connector speaks one platform's API and nothing
 * else: it knows no school, no database and no policy. The domain around it (connections, publishing,
 * comment ingest, moderation) decides what to do; the connector only says what the platform allows
 * (`capabilities`) and carries a request out.
 *
 * Connectors are pure of storage: credentials come in already unsealed and any refreshed token goes back
 * out in the result, for the caller to seal and store in its own transaction.
 */

export const connectorPlatformIds = [
  'mastodon',
  'bluesky',
  'facebook',
  'instagram',
  'youtube',
  'demo',
] as const;
export type ConnectorPlatformId = (typeof connectorPlatformIds)[number];

/** How new comments reach Guardpost for this platform. */
export type CommentSource = 'poll' | 'stream' | 'webhook';

/** What a moderator may do to one comment, as offered in the moderation queue's actions. */
export type ModerationAction = 'hide' | 'delete' | 'report' | 'block' | 'limit_replies' | 'dismiss';

/**
 * What the platform's API really allows a connected account to do. The UI offers only what is `true` here,
 * and the capability table in the app and in docs/ is generated from these declarations.
 */
export interface ConnectorCapabilities {
  publish: boolean;
  /** Photos can be attached when publishing (re-encoded, no EXIF, alt text required). */
  publishPhotos: boolean;
  /** A post without photos can be published (Instagram publishes only posts with a photo). */
  publishTextOnly: boolean;
  /** New replies/comments can be read; empty when they cannot. */
  readComments: readonly CommentSource[];
  /** A reply can be hidden from the public without deleting it. */
  hide: boolean;
  /** A hide can be undone (needed for out-of-hours auto-hide, confirmed or undone next morning). */
  unhide: boolean;
  delete: boolean;
  /** The author can be reported to the platform. */
  report: boolean;
  /** The author can be blocked or banned from the account/page. */
  block: boolean;
  /** Who may reply to a post can be limited after publishing. */
  limitReplies: boolean;
  /** Whether the account's direct-message setting can be read through the API (clause 2.7). */
  directMessageSettingReadable: boolean;
  /** Whether the profile (bio, website fields) can be read through the API (clauses 2.1, 2.8). */
  profileReadable: boolean;
  /** Short plain sentences on what the platform does not allow, shown beside the capability table. */
  notes: readonly string[];
}

/** Unsealed credentials of one connected account, as the connector needs them. */
export interface ConnectorCredentials {
  /** The platform's API base: a Mastodon instance (`https://mastodon.example`), a PDS, or the platform default. */
  baseUrl: string;
  accessToken: string;
  refreshToken?: string;
  /** When the access token stops working, if the platform says. */
  expiresAt?: Date;
  /** The account's own id on the platform (Mastodon account id, Bluesky DID, Page id, IG user id, channel id). */
  accountId: string;
  /**
   * The OAuth app the token was issued to, when it is per connection (Mastodon registers one app per
   * instance): needed to refresh and to revoke. Platform-wide apps (Meta, Google) come from configuration.
   */
  clientId?: string;
  clientSecret?: string;
}

/** Credentials changed during a call (a refreshed token): the caller seals and stores them. */
export interface RefreshedCredentials {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
}

export interface PublishPhoto {
  /** Re-encoded bytes (no EXIF), as the archive keeps them. */
  bytes: Uint8Array;
  mimeType: 'image/jpeg' | 'image/png';
  altText: string;
  /** Its size in pixels, when known: Instagram refuses photos outside its shapes. */
  width?: number;
  height?: number;
  /**
   * Where the platform may fetch the photo from (signed, expiring: posts/photo-links.ts), for platforms that
   * fetch a photo by address instead of taking an upload (Instagram). Absent when Guardpost has no public
   * address configured (GUARDPOST_PUBLIC_URL).
   */
  publicUrl?: string;
}

export interface PublishRequest {
  text: string;
  photos: readonly PublishPhoto[];
  /** Stable per post revision, so a retried publish cannot post twice where the platform honours it. */
  idempotencyKey: string;
}

export interface PublishResult {
  platformPostId: string;
  url: string;
  refreshed?: RefreshedCredentials;
}

/** One reply or comment as read from the platform, before any check. */
export interface PlatformComment {
  platformCommentId: string;
  /** The school's post the comment sits under (its platform id), when known. */
  platformPostId: string | null;
  /** The comment it replies to, when it is a reply to a reply. */
  parentCommentId: string | null;
  authorPlatformId: string;
  authorHandle: string;
  authorDisplayName: string;
  text: string;
  createdAt: Date;
  url: string | null;
  /** Nearby thread text shown to the moderator and kept in the snapshot (the post, the parent). */
  context: readonly { platformId: string; authorHandle: string; text: string }[];
}

export interface CommentPage {
  comments: PlatformComment[];
  /** Where the next read starts; stored by the caller. Unchanged when nothing new arrived. */
  cursor: string | null;
  refreshed?: RefreshedCredentials;
}

/** What a moderation call brings back: tokens the connector refreshed on the way, for the caller to store. */
export interface ActionOutcome {
  refreshed?: RefreshedCredentials;
}

/** A moderation call: nothing to report, or what it brought back. */
export type ActionCall = Promise<void> | Promise<ActionOutcome>;

export interface ProfileSnapshot {
  displayName: string;
  bio: string;
  /** Website/link fields, including Mastodon's profile fields (and whether the instance verified each). */
  links: readonly { label: string; url: string; verified?: boolean }[];
  avatarUrl: string | null;
  refreshed?: RefreshedCredentials;
}

/** Who can start a direct conversation with the account, where the platform exposes it. */
export type DirectMessageSetting = 'all' | 'following' | 'none';

/** The direct-message setting as read, with any token the connector refreshed on the way (for the caller to store). */
export interface DirectMessageSettingRead {
  setting: DirectMessageSetting;
  refreshed?: RefreshedCredentials;
}

export interface CommentTarget {
  platformCommentId: string;
  platformPostId: string | null;
  authorPlatformId: string;
}

/**
 * Why a call failed, in terms the domain acts on: retry later, ask the owners to reconnect, treat the
 * comment as gone, or say the action is not possible.
 */
export type ConnectorErrorCode =
  | 'rate_limited'
  | 'token_expired'
  | 'token_revoked'
  | 'not_found'
  | 'not_supported'
  | 'rejected'
  | 'offline'
  /** The platform would have to fetch a photo from an address the internet cannot reach. */
  | 'media_unreachable'
  | 'platform_error';

export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly platform: ConnectorPlatformId;
  /** Seconds the platform asked us to wait (429 Retry-After or its reset header). */
  readonly retryAfterSeconds: number | undefined;
  /** The HTTP status the platform answered, when there was one. */
  readonly status: number | undefined;
  /**
   * Tokens the connector refreshed before the call failed (a refresh, then a 429 or a comment gone). The old
   * ones may no longer work (Bluesky retires a used refresh token), so the caller stores these even on failure.
   */
  refreshed: RefreshedCredentials | undefined;

  constructor(
    platform: ConnectorPlatformId,
    code: ConnectorErrorCode,
    message: string,
    extra: { retryAfterSeconds?: number; status?: number } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
    this.platform = platform;
    this.code = code;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.status = extra.status;
    this.refreshed = undefined;
  }
}

/** How a person connects an account: OAuth (with a per-server app where the platform wants one) or an app password. */
export type ConnectMethod = 'oauth' | 'app_password';

/** An OAuth client: registered per server (Mastodon) or configured once for the deployment (Meta, Google). */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

/** A freshly connected account: where it lives, who it is, and its tokens (for the caller to seal). */
export interface ConnectedAccount {
  baseUrl: string;
  platformAccountId: string;
  handle: string;
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
  /** The per-server app the token belongs to (Mastodon), kept sealed to refresh and revoke. */
  app?: OAuthApp;
}

/**
 * Connecting and disconnecting. Optional on `Connector` so a connector that is never connected by a
 * person (the demo feed) need not have it.
 */
export interface ConnectorAuth {
  readonly method: ConnectMethod;
  /** The API base when the person names none; null when they must (a Mastodon instance). */
  readonly defaultBaseUrl: string | null;
  /** OAuth with a per-server app: registers one on that server (Mastodon `POST /api/v1/apps`). */
  registerApp?(input: { baseUrl: string; redirectUri: string }): Promise<OAuthApp>;
  /** OAuth: the platform's page the person is sent to. Throws `not_supported` when no app is configured. */
  authorizeUrl?(input: { baseUrl: string; redirectUri: string; state: string; app?: OAuthApp }): string;
  /** OAuth: the code from the callback, exchanged for tokens and the account they belong to. */
  exchangeCode?(input: {
    baseUrl: string;
    redirectUri: string;
    code: string;
    app?: OAuthApp;
    /** The register's handle, to pick the right Page or Instagram account when the person manages several. */
    expectedHandle: string | null;
  }): Promise<ConnectedAccount>;
  /** App password (Bluesky): a session from the handle and an app password, which is not kept. */
  signIn?(input: { baseUrl: string; identifier: string; password: string }): Promise<ConnectedAccount>;
  /** A new access token from the refresh token, before the old one expires. */
  refresh?(credentials: ConnectorCredentials): Promise<RefreshedCredentials>;
  /** Revokes the tokens at the platform; 'not_possible' when its API cannot (say what to do instead). */
  revoke(credentials: ConnectorCredentials): Promise<'yes' | 'not_possible'>;
}

/**
 * One platform. Methods whose capability is `false` throw `ConnectorError('not_supported')`; callers check
 * `capabilities` first so that never reaches a person.
 */
export interface Connector {
  readonly platform: ConnectorPlatformId;
  readonly name: string;
  readonly capabilities: ConnectorCapabilities;
  /** How an account is connected; absent for connectors nobody connects by hand (the demo feed). */
  readonly auth?: ConnectorAuth;

  publish(credentials: ConnectorCredentials, request: PublishRequest): Promise<PublishResult>;
  /** New comments on the account's posts since `cursor` (null: from now, or the platform's recent window). */
  fetchComments(credentials: ConnectorCredentials, cursor: string | null): Promise<CommentPage>;
  hideComment(credentials: ConnectorCredentials, target: CommentTarget): ActionCall;
  unhideComment(credentials: ConnectorCredentials, target: CommentTarget): ActionCall;
  deleteComment(credentials: ConnectorCredentials, target: CommentTarget): ActionCall;
  reportAuthor(credentials: ConnectorCredentials, target: CommentTarget, reason: string): ActionCall;
  blockAuthor(credentials: ConnectorCredentials, target: CommentTarget): ActionCall;
  /** Limit who may reply to one of the account's posts (threadgate, Instagram comments off). */
  limitReplies(credentials: ConnectorCredentials, platformPostId: string): ActionCall;
  readProfile(credentials: ConnectorCredentials): Promise<ProfileSnapshot>;
  readDirectMessageSetting(credentials: ConnectorCredentials): Promise<DirectMessageSettingRead>;
  /**
   * Follows the platform's live stream for the account (a `stream` source in `readComments`) and calls
   * `onComment` when a new reply or mention arrives: a signal to read the feed now, never the record itself.
   * Calls `onOpen` once the platform accepted the stream. Resolves when the platform closes the stream;
   * rejects with a ConnectorError (`token_revoked` on a 401) or when `signal` aborts.
   */
  watchComments?(credentials: ConnectorCredentials, watch: CommentWatch): Promise<void>;
}

export interface CommentWatch {
  signal: AbortSignal;
  onOpen(): void;
  onComment(): void;
}
