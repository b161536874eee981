import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import type { Keyring } from '../crypto/envelope.js';
import type { Db } from '../db/database.js';
import { forbidden, invalid } from '../errors.js';
import type { StaffActor } from '../http/route-access.js';
import {
  findSchoolAuthSettings,
  findStaffById,
  listActiveMemberships,
  listActiveTrustMemberships,
} from './auth.repository.js';
import { forgetDataKey, type SealedOidcSecret, sealOidcSecret } from './oidc-secret.js';
import { can } from './permissions.js';
import type { Role, TrustRole } from './roles.js';
import { revokeAllSessions, revokeSession } from './sessions.js';

/**
 * What a person may open and do, named ability by ability: worked out above the domains (their permission
 * functions) and handed to the auth routes, with the response schema that lists every ability.
 */
export interface MeAbilities {
  schema: z.ZodType<Record<string, boolean>>;
  of(actor: StaffActor): Record<string, boolean>;
}

export interface MeView {
  person: { id: string; email: string; name: string };
  school: { id: string; name: string };
  roles: Role[];
  schools: { id: string; name: string; roles: Role[] }[];
  /** The trusts the person holds roles in (held per trust, not per school). */
  trusts: { id: string; name: string; roles: TrustRole[] }[];
  abilities: Record<string, boolean>;
  secondFactorPassed: boolean;
  /** Whether an authenticator app is set up: a session waiting for its second factor without one must enrol. */
  totpEnrolled: boolean;
  csrfToken: string;
}

export async function describeMe(
  db: Db,
  abilitiesOf: MeAbilities['of'],
  input: { actor: StaffActor; secondFactorPassed: boolean; csrfToken: string },
): Promise<MeView> {
  const memberships = await listActiveMemberships(db, input.actor.staffId);
  const current = memberships.find((m) => m.schoolId === input.actor.schoolId);
  const staff = await findStaffById(db, input.actor.staffId);
  const trusts = await listActiveTrustMemberships(db, input.actor.staffId);
  // With trust roles only, the session works in one of the trust's schools without a membership there.
  const trustSchool = trusts.flatMap((t) => t.schools).find((s) => s.id === input.actor.schoolId);
  return {
    person: { id: input.actor.staffId, email: input.actor.email, name: input.actor.name },
    school: { id: input.actor.schoolId, name: current?.schoolName ?? trustSchool?.name ?? '' },
    roles: [...input.actor.roles],
    schools: memberships.map((m) => ({ id: m.schoolId, name: m.schoolName, roles: m.roles })),
    trusts: trusts.map((t) => ({ id: t.trustId, name: t.trustName, roles: t.roles })),
    // A session still waiting for its second factor may do nothing yet.
    abilities: input.secondFactorPassed ? abilitiesOf(input.actor) : noAbilities(abilitiesOf(input.actor)),
    secondFactorPassed: input.secondFactorPassed,
    totpEnrolled: Boolean(staff?.totpSecret),
    csrfToken: input.csrfToken,
  };
}

function noAbilities(abilities: Record<string, boolean>): Record<string, boolean> {
  return Object.fromEntries(Object.keys(abilities).map((ability) => [ability, false]));
}

export async function signOut(
  db: Db,
  input: { actor: StaffActor; sessionId: string; everywhere: boolean },
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    let sessions = 1;
    if (input.everywhere) sessions = await revokeAllSessions(tx, input.actor.staffId, now);
    else await revokeSession(tx, input.sessionId, now);
    await recordAudit(tx, {
      actor: input.actor,
      schoolId: input.actor.schoolId,
      at: now,
      event: {
        type: 'auth.signed_out',
        subject: { type: 'staff', id: input.actor.staffId },
        data: { everywhere: input.everywhere, sessions },
      },
    });
    return sessions;
  });
}

export interface SchoolAuthSettingsView {
  requireTotpForAll: boolean;
  oidc: { issuer: string; clientId: string; clientSecretSet: boolean; enforcesMfa: boolean } | null;
}

export async function getSchoolAuthSettings(
  db: Db,
  actor: StaffActor,
  schoolId: string,
): Promise<SchoolAuthSettingsView> {
  if (!can(actor, 'school.auth_settings.manage', { schoolId })) {
    throw forbidden('NotAllowed', 'only an admin of this school can see its sign-in settings');
  }
  const row = await findSchoolAuthSettings(db, schoolId);
  return {
    requireTotpForAll: row?.require_totp_for_all ?? false,
    oidc:
      row?.oidc_issuer && row.oidc_client_id
        ? {
            issuer: row.oidc_issuer,
            clientId: row.oidc_client_id,
            // Never decrypted here: the answer is only whether a secret is stored (sealed, or plain text
            // not yet sealed).
            clientSecretSet: Boolean(row.oidc_client_secret_sealed ?? row.oidc_client_secret),
            enforcesMfa: row.oidc_enforces_mfa,
          }
        : null,
  };
}

const issuerUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1');
    } catch {
      return false;
    }
  }, 'must be an https:// issuer URL');

export const schoolAuthSettingsInputSchema = z
  .object({
    requireTotpForAll: z.boolean().optional(),
    oidc: z
      .object({
        issuer: issuerUrl,
        clientId: z.string().trim().min(1).max(300),
        clientSecret: z.string().min(1).max(1000).optional(),
        enforcesMfa: z.boolean().default(false),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

export type SchoolAuthSettingsInput = z.input<typeof schoolAuthSettingsInputSchema>;

/**
 * Changes a school's sign-in settings (TOTP for everyone, OpenID Connect). A new client secret is sealed
 * under a fresh data key and the old key deleted; the secret is never read back.
 */
export async function updateSchoolAuthSettings(
  db: Db,
  keyring: Keyring,
  actor: StaffActor | { kind: 'system'; label: string },
  schoolId: string,
  input: SchoolAuthSettingsInput,
  now: Date,
): Promise<void> {
  if (!can(actor, 'school.auth_settings.manage', { schoolId })) {
    throw forbidden('NotAllowed', 'only an admin of this school can change its sign-in settings');
  }
  const parsed = schoolAuthSettingsInputSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    throw invalid('InvalidAuthSettings', details[0] ?? 'invalid settings', details);
  }
  const data = parsed.data;
  const changes: {
    require_totp_for_all?: boolean;
    oidc_issuer?: string | null;
    oidc_client_id?: string | null;
    oidc_enforces_mfa?: boolean;
    oidc_client_secret?: null;
    oidc_client_secret_key_id?: string | null;
    oidc_client_secret_sealed?: Buffer | null;
  } = {};
  if (data.requireTotpForAll !== undefined) changes.require_totp_for_all = data.requireTotpForAll;
  if (data.oidc === null) {
    Object.assign(changes, { oidc_issuer: null, oidc_client_id: null, oidc_enforces_mfa: false });
  } else if (data.oidc) {
    Object.assign(changes, {
      oidc_issuer: data.oidc.issuer,
      oidc_client_id: data.oidc.clientId,
      oidc_enforces_mfa: data.oidc.enforcesMfa,
    });
  }
  // The secret changes when a new one is given or single sign-on is switched off.
  const newSecret = data.oidc ? data.oidc.clientSecret : undefined;
  const secretChanges = data.oidc === null || newSecret !== undefined;
  const fields = [...Object.keys(changes), ...(secretChanges ? ['oidc_client_secret'] : [])];
  if (fields.length === 0) return;
  await db.transaction().execute(async (tx) => {
    let replacedKeyId: string | null = null;
    if (secretChanges) {
      const previous = await tx
        .selectFrom('school_auth_settings')
        .select('oidc_client_secret_key_id')
        .where('school_id', '=', schoolId)
        .forUpdate()
        .executeTakeFirst();
      replacedKeyId = previous?.oidc_client_secret_key_id ?? null;
      const sealed: { [K in keyof SealedOidcSecret]: SealedOidcSecret[K] | null } =
        newSecret !== undefined
          ? await sealOidcSecret(tx, keyring, { schoolId, secret: newSecret, now })
          : { oidc_client_secret_key_id: null, oidc_client_secret_sealed: null };
      // A plain-text value left from before secrets were sealed goes at the same time.
      Object.assign(changes, sealed, { oidc_client_secret: null });
    }
    await tx
      .insertInto('school_auth_settings')
      .values({ school_id: schoolId, ...changes, updated_at: now })
      .onConflict((oc) => oc.column('school_id').doUpdateSet({ ...changes, updated_at: now }))
      .execute();
    // The replaced secret's data key is deleted, so the old ciphertext can never be opened again.
    await forgetDataKey(tx, replacedKeyId);
    await recordAudit(tx, {
      actor,
      schoolId,
      at: now,
      event: { type: 'auth.settings_updated', subject: { type: 'school', id: schoolId }, data: { fields } },
    });
  });
}
