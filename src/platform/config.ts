import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseScheduleSpec } from './jobs/schedule-spec.js';
import { DEFAULT_MAX_UNZIPPED_MB } from './uploads/limits.js';

/** Typed configuration, read once from the environment and validated before anything starts. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly seedDemo: boolean;
  /** Password of the demo school's accounts; generated and printed once at start when unset. */
  readonly demoPassword?: string | undefined;
  /** Base32 TOTP secret of the demo accounts whose roles need TOTP, so scripted sign-in works. */
  readonly demoTotpSecret?: string | undefined;
  /** SMTP server for outgoing mail (`smtp://` or `smtps://`); without it mail stays queued in the outbox. */
  readonly smtpUrl?: string | undefined;
  /** The From address of outgoing mail. */
  readonly mailFrom?: string | undefined;
  /** Base64 of the 32-byte master key that wraps safeguarding data keys (required in production). */
  readonly masterKey?: string | undefined;
  /** Earlier master keys, still able to unwrap until `guardpost keys rotate` re-wraps under the current one. */
  readonly previousMasterKeys?: readonly string[] | undefined;
  /**
   * The address people reach Guardpost at (`https://guardpost.school.example`), used for links in emails and
   * OpenID redirects, and for the signed photo links a platform fetches photos from (Instagram). Required in production: a link built from the request's Host header could be pointed
   * at another site by whoever sends the request (a password-reset link carrying its token there).
   */
  readonly publicUrl?: string | undefined;
  /**
   * Which peers may tell us the client's address in X-Forwarded-For: addresses and CIDR ranges (or the
   * names `loopback`, `linklocal`, `uniquelocal`), or a number of proxy hops. Unset: nobody, so the
   * address is always the connection's own and a client cannot pick the address its limits are kept under.
   */
  readonly trustedProxies?: readonly string[] | number | undefined;
  /** Folder of the signed audit checkpoints (`audit-checkpoints.jsonl`); `<dataDir>/audit-checkpoints` when unset. */
  readonly auditCheckpointDir?: string | undefined;
  /** The most one uploaded zip (a OneRoster export) may unpack to, in bytes; the default when unset. */
  readonly maxUnzippedBytes?: number | undefined;
  /**
   * Where `guardpost lists update` and the weekly update download the UT1 block lists (a gzipped tar).
   * Set by default in production only, so development and tests never reach the internet.
   */
  readonly blockListsUrl?: string | undefined;
  /** Bearer token that turns on `GET /metrics` (Prometheus); unset, there is no /metrics and no request hook. */
  readonly metricsToken?: string | undefined;
  /** The Meta app Facebook Pages and Instagram accounts are connected through (Facebook Login). */
  readonly metaApp?: { clientId: string; clientSecret: string } | undefined;
  /**
   * The verify token Meta's webhook subscription is set up with. With the Meta app (whose secret signs each
   * delivery) and a public URL, it turns on `/api/webhooks/meta`: comments are read seconds after Meta says so.
   */
  readonly metaWebhookVerifyToken?: string | undefined;
  /** The Google OAuth client YouTube channels are connected through. */
  readonly googleApp?: { clientId: string; clientSecret: string } | undefined;
  /** Platform connectors reach nothing and say so (tests and demos); on by default in the test environment. */
  readonly connectorsOffline?: boolean | undefined;
  /**
   * Follow each connected Mastodon account's streaming API in the job worker, so a mention is read within
   * seconds rather than at the next scheduled read. On by default in production only.
   */
  readonly mastodonStreaming?: boolean | undefined;
  /** Folder of the embedded database's scheduled backups; `<dataDir>/backups` when unset. */
  readonly backupDir?: string | undefined;
  /** How many scheduled backups to keep (the oldest beyond it are removed). */
  readonly backupKeep?: number | undefined;
  /** When the embedded database is backed up (schedule spec, London time); undefined: never. */
  readonly backupSchedule?: string | undefined;
}

/** The UT1 lists as the Université Toulouse Capitole publishes them. */
export const defaultBlockListsUrl = 'https://dsi.ut-capitole.fr/blacklists/download/blacklists.tar.gz';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user@127.0.0.1:5432/guardpost');

const smtpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@mail.school.example:587');

const masterKey = z
  .string()
  .trim()
  .refine(
    (value) => /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, 'base64').length === 32,
    'must be 32 random bytes in base64 (openssl rand -base64 32)',
  );

const publicUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.hostname.length > 0 &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  }, 'must be the http(s) address people open Guardpost at, e.g. https://guardpost.school.example')
  // Stored without a trailing slash so paths can be appended with one.
  .transform((value) => value.replace(/\/+$/, ''));

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IPv4 or IPv6 address, optionally with a prefix length that fits it. */
function isAddressOrRange(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustedProxies = z
  .string()
  .trim()
  .transform((value, context): string[] | number => {
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 32) return Number(value);
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const bad = entries.find((entry) => !isAddressOrRange(entry));
    if (entries.length > 0 && bad === undefined) return entries;
    context.addIssue({
      code: 'custom',
      message: `must be proxy addresses or CIDR ranges separated by commas (e.g. 10.0.0.1,fd00::/8) or a hop count from 1 to 32${bad === undefined ? '' : `; ${JSON.stringify(bad.slice(0, 60))} is neither`}`,
    });
    return z.NEVER;
  });

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ error: 'must be a whole number between 1 and 65535' })
    .int('must be a whole number between 1 and 65535')
    .min(1, 'must be a whole number between 1 and 65535')
    .max(65535, 'must be a whole number between 1 and 65535')
    .default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  GUARDPOST_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GUARDPOST_SEED_DEMO: z.enum(['true', 'false', '1', '0']).default('true'),
  GUARDPOST_DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  GUARDPOST_DEMO_TOTP_SECRET: z
    .string()
    .trim()
    // 26 characters carry 16 bytes, the least otplib accepts; shorter secrets failed at every sign-in.
    .regex(/^[A-Z2-7]{26,}=*$/, 'must be a base32 secret of at least 26 characters (16 bytes; A-Z, 2-7)')
    .optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(
      /^[^\r\n]+@[^\r\n]+$/,
      'must be an email address, optionally with a name: Guardpost <guardpost@school.example>',
    )
    .default('Guardpost <guardpost@localhost>'),
  GUARDPOST_BLOCKLISTS_URL: z
    .string()
    .trim()
    .refine(
      (value) => value === 'off' || /^https?:\/\/[^\s/]+/.test(value),
      'must be an http(s):// address of a UT1-format .tar.gz, or off',
    )
    .optional(),
  GUARDPOST_MASTER_KEY: masterKey.optional(),
  GUARDPOST_PREVIOUS_MASTER_KEYS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    )
    .pipe(z.array(masterKey))
    .optional(),
  GUARDPOST_PUBLIC_URL: publicUrl.optional(),
  GUARDPOST_TRUSTED_PROXIES: trustedProxies.optional(),
  GUARDPOST_AUDIT_CHECKPOINT_DIR: z.string().trim().min(1, 'must not be empty').optional(),
  GUARDPOST_MAX_UNZIPPED_MB: z.coerce
    .number({ error: 'must be a whole number of MB between 1 and 4096' })
    .int('must be a whole number of MB between 1 and 4096')
    .min(1, 'must be a whole number of MB between 1 and 4096')
    .max(4096, 'must be a whole number of MB between 1 and 4096')
    .default(DEFAULT_MAX_UNZIPPED_MB),
  GUARDPOST_BACKUP_DIR: z.string().trim().min(1, 'must not be empty').optional(),
  GUARDPOST_BACKUP_KEEP: z.coerce
    .number({ error: 'must be a whole number of backups between 1 and 1000' })
    .int('must be a whole number of backups between 1 and 1000')
    .min(1, 'must be a whole number of backups between 1 and 1000')
    .max(1000, 'must be a whole number of backups between 1 and 1000')
    .default(14),
  GUARDPOST_BACKUP_SCHEDULE: z
    .string()
    .trim()
    .refine((value) => {
      if (value === 'off') return true;
      try {
        parseScheduleSpec(value);
        return true;
      } catch {
        return false;
      }
    }, 'must be a schedule such as "30 2 * * *" (five cron fields, London time) or "every 6h", or off')
    .default('30 2 * * *'),
  GUARDPOST_METRICS_TOKEN: z
    .string()
    .trim()
    .regex(
      /^[\x21-\x7e]{24,200}$/,
      'must be 24 to 200 printable characters without spaces (openssl rand -hex 24)',
    )
    .optional(),
  GUARDPOST_META_APP_ID: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'must be the Meta app id (digits)')
    .optional(),
  GUARDPOST_META_APP_SECRET: z.string().trim().min(16, 'must be the Meta app secret').optional(),
  GUARDPOST_META_WEBHOOK_VERIFY_TOKEN: z
    .string()
    .trim()
    .regex(
      /^[\x21-\x7e]{16,200}$/,
      'must be 16 to 200 printable characters without spaces (openssl rand -hex 24)',
    )
    .optional(),
  GUARDPOST_GOOGLE_CLIENT_ID: z.string().trim().min(10, 'must be the Google OAuth client id').optional(),
  GUARDPOST_GOOGLE_CLIENT_SECRET: z
    .string()
    .trim()
    .min(10, 'must be the Google OAuth client secret')
    .optional(),
  GUARDPOST_CONNECTORS_OFFLINE: z.enum(['true', 'false', '1', '0']).optional(),
  GUARDPOST_MASTODON_STREAMING: z.enum(['true', 'false', '1', '0']).optional(),
});

/** Empty strings count as unset, the way shells and .env files usually mean them. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') result[key] = value;
  }
  return result;
}

/** An OAuth client from its two variables: both or neither. */
function appOf(
  clientId: string | undefined,
  clientSecret: string | undefined,
  prefix: string,
): { clientId: string; clientSecret: string } | undefined {
  if (clientId === undefined && clientSecret === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined)
    throw new ConfigError(`${prefix}_*: set both the id and the secret, or neither`);
  return { clientId, clientSecret };
}

/**
 * Reads and validates the environment. Throws ConfigError with one line naming the variable and what is
 * wrong; the CLI prints it and exits with code 2.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const values = parsed.data;
  if (values.NODE_ENV === 'production' && values.GUARDPOST_MASTER_KEY === undefined)
    throw new ConfigError('GUARDPOST_MASTER_KEY: required in production (openssl rand -base64 32)');
  if (values.NODE_ENV === 'production' && values.GUARDPOST_PUBLIC_URL === undefined)
    throw new ConfigError(
      'GUARDPOST_PUBLIC_URL: required in production, e.g. https://guardpost.school.example (links in emails must not trust the Host header)',
    );
  // Meta signs every delivery with the app secret: a verify token without the app could never be checked.
  if (
    values.GUARDPOST_META_WEBHOOK_VERIFY_TOKEN !== undefined &&
    values.GUARDPOST_META_APP_SECRET === undefined
  )
    throw new ConfigError(
      'GUARDPOST_META_WEBHOOK_VERIFY_TOKEN: needs GUARDPOST_META_APP_ID and GUARDPOST_META_APP_SECRET (the app secret signs each webhook)',
    );
  const dataDir = path.resolve(values.GUARDPOST_DATA_DIR);
  if (values.DATABASE_URL === undefined) ensureWritableDirectory(dataDir);
  return {
    env: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir,
    logLevel: values.LOG_LEVEL,
    seedDemo: values.GUARDPOST_SEED_DEMO === 'true' || values.GUARDPOST_SEED_DEMO === '1',
    demoPassword: values.GUARDPOST_DEMO_PASSWORD,
    demoTotpSecret: values.GUARDPOST_DEMO_TOTP_SECRET,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    masterKey: values.GUARDPOST_MASTER_KEY,
    previousMasterKeys: values.GUARDPOST_PREVIOUS_MASTER_KEYS,
    publicUrl: values.GUARDPOST_PUBLIC_URL,
    trustedProxies: values.GUARDPOST_TRUSTED_PROXIES,
    auditCheckpointDir:
      values.GUARDPOST_AUDIT_CHECKPOINT_DIR === undefined
        ? undefined
        : path.resolve(values.GUARDPOST_AUDIT_CHECKPOINT_DIR),
    maxUnzippedBytes: values.GUARDPOST_MAX_UNZIPPED_MB * 1024 * 1024,
    blockListsUrl:
      values.GUARDPOST_BLOCKLISTS_URL === 'off'
        ? undefined
        : (values.GUARDPOST_BLOCKLISTS_URL ??
          (values.NODE_ENV === 'production' ? defaultBlockListsUrl : undefined)),
    metricsToken: values.GUARDPOST_METRICS_TOKEN,
    metaApp: appOf(values.GUARDPOST_META_APP_ID, values.GUARDPOST_META_APP_SECRET, 'GUARDPOST_META_APP'),
    metaWebhookVerifyToken: values.GUARDPOST_META_WEBHOOK_VERIFY_TOKEN,
    googleApp: appOf(
      values.GUARDPOST_GOOGLE_CLIENT_ID,
      values.GUARDPOST_GOOGLE_CLIENT_SECRET,
      'GUARDPOST_GOOGLE_CLIENT',
    ),
    connectorsOffline:
      values.GUARDPOST_CONNECTORS_OFFLINE === undefined
        ? undefined
        : values.GUARDPOST_CONNECTORS_OFFLINE === 'true' || values.GUARDPOST_CONNECTORS_OFFLINE === '1',
    mastodonStreaming:
      values.GUARDPOST_MASTODON_STREAMING === undefined
        ? values.NODE_ENV === 'production'
        : values.GUARDPOST_MASTODON_STREAMING === 'true' || values.GUARDPOST_MASTODON_STREAMING === '1',
    backupDir:
      values.GUARDPOST_BACKUP_DIR === undefined ? undefined : path.resolve(values.GUARDPOST_BACKUP_DIR),
    backupKeep: values.GUARDPOST_BACKUP_KEEP,
    backupSchedule: values.GUARDPOST_BACKUP_SCHEDULE === 'off' ? undefined : values.GUARDPOST_BACKUP_SCHEDULE,
  };
}

/**
 * Creates the folder one level at a time: Node's recursive mkdir can spin forever on pseudo file systems
 * such as /proc, where it should simply fail.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) mkdirSync(folder);
}

function ensureWritableDirectory(dir: string): void {
  try {
    makeDirectories(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
    // access() says yes to root everywhere; writing a file is the real test.
    const probe = path.join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'not writable';
    throw new ConfigError(`GUARDPOST_DATA_DIR: cannot write to ${dir} (${reason})`);
  }
}
