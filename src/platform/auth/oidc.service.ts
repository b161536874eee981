import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { recordAudit } from '../audit/audit.js';
import type { Keyring } from '../crypto/envelope.js';
import type { Db } from '../db/database.js';
import { forbidden, invalid, notFound, unavailable } from '../errors.js';
import {
  findSchoolAuthSettings,
  findStaffForSignIn,
  listActiveMemberships,
  listActiveTrustMemberships,
  type MembershipView,
  type TrustMembershipView,
} from './auth.repository.js';
import { openOidcSecret, sealPlainOidcSecrets } from './oidc-secret.js';
import { createSession } from './sessions.js';
import { needsSecondFactor, normaliseEmail, type SignedIn, staffActorOf } from './sign-in.service.js';

const FLOW_MINUTES = 10;

interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  enforcesMfa: boolean;
}

// Discovery is a network round trip; a process keeps each provider's metadata once found.
const configurations = new Map<string, Promise<oidc.Configuration>>();

function providerConfiguration(settings: OidcSettings): Promise<oidc.Configuration> {
  const key = createHash('sha256')
    .update(`${settings.issuer}\n${settings.clientId}\n${settings.clientSecret}`)
    .digest('hex');
  let found = configurations.get(key);
  if (!found) {
    const issuer = new URL(settings.issuer);
    // Plain http is accepted only for a provider on this machine (tests, local development).
    const insecure = issuer.protocol === 'http:' && issuer.hostname === '127.0.0.1';
    found = oidc.discovery(
      issuer,
      settings.clientId,
      settings.clientSecret,
      undefined,
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    configurations.set(key, found);
    found.catch(() => configurations.delete(key));
  }
  return found;
}

/** The school's provider settings, with the client secret decrypted: the only place it is opened. */
async function settingsFor(db: Db, keyring: Keyring, schoolId: string, now: Date): Promise<OidcSettings> {
  let row = await findSchoolAuthSettings(db, schoolId);
  if (row?.oidc_client_secret) {
    // Stored before secrets were sealed and not yet sealed at start: seal it now, then read it back.
    await sealPlainOidcSecrets(db, keyring, now, schoolId);
    row = await findSchoolAuthSettings(db, schoolId);
  }
  if (
    !row?.oidc_issuer ||
    !row.oidc_client_id ||
    !row.oidc_client_secret_key_id ||
    !row.oidc_client_secret_sealed
  ) {
    throw notFound('OidcNotConfigured', 'this school has not set up single sign-on');
  }
  return {
    issuer: row.oidc_issuer,
    clientId: row.oidc_client_id,
    clientSecret: await openOidcSecret(db, keyring, {
      school_id: row.school_id,
      oidc_client_secret_key_id: row.oidc_client_secret_key_id,
      oidc_client_secret_sealed: row.oidc_client_secret_sealed,
    }),
    enforcesMfa: row.oidc_enforces_mfa,
  };
}

function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

async function discover(settings: OidcSettings): Promise<oidc.Configuration> {
  try {
    return await providerConfiguration(settings);
  } catch {
    throw unavailable(
      'OidcProviderUnavailable',
      'the school sign-in provider did not answer: try again later',
    );
  }
}

/**
 * Starts single sign-on for a school: remembers state, nonce and the PKCE verifier in the database (so
 * any server process can finish the flow) and returns the provider's authorisation URL.
 */
export async function startOidcSignIn(
  db: Db,
  keyring: Keyring,
  input: { schoolId: string; redirectUri: string },
  now: Date,
): Promise<URL> {
  const settings = await settingsFor(db, keyring, input.schoolId, now);
  const config = await discover(settings);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await db.deleteFrom('oidc_flows').where('expires_at', '<', now).execute();
  await db
    .insertInto('oidc_flows')
    .values({
      state_hash: hashState(state),
      school_id: input.schoolId,
      nonce,
      code_verifier: codeVerifier,
      redirect_uri: input.redirectUri,
      expires_at: new Date(now.getTime() + FLOW_MINUTES * 60_000),
    })
    .execute();
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
}

/**
 * The ID token's claims after openid-client has checked signature, issuer, audience, nonce, state and
 * PKCE. Providers that keep email out of the ID token (oidc-provider by default) answer it from userinfo,
 * bound to the same subject.
 */
async function verifiedIdentity(
  config: oidc.Configuration,
  currentUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ subject: string; email: string | undefined }> {
  try {
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    let email = claims.email;
    let verified = claims.email_verified;
    if (typeof email !== 'string') {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = info.email;
      verified = info.email_verified;
    }
    return {
      subject: claims.sub,
      email: typeof email === 'string' && verified !== false ? normaliseEmail(email) : undefined,
    };
  } catch {
    throw invalid('OidcRejected', 'the school sign-in provider did not confirm who you are: start again');
  }
}

/**
 * Where someone holding trust roles, and no school role at this school, works after signing in through
 * its provider: the school, with no school role, when one of their trusts holds it (as password sign-in).
 */
function trustSeat(trusts: readonly TrustMembershipView[], schoolId: string): MembershipView | undefined {
  const school = trusts.flatMap((t) => t.schools).find((s) => s.id === schoolId);
  return school
    ? {
        schoolId: school.id,
        schoolName: school.name,
        roles: [],
        requireTotpForAll: false,
        oidcEnforcesMfa: false,
      }
    : undefined;
}

/**
 * Finishes single sign-on: checks state, nonce and PKCE through openid-client, then maps the verified
 * email to an existing member of staff of that school (or someone holding a role in a trust the school
 * belongs to). Nobody is ever created here. The session counts as second-factor passed only when the
 * school says its provider enforces MFA and the person holds no trust role (their own second factor).
 */
export async function finishOidcSignIn(
  db: Db,
  keyring: Keyring,
  input: { query: URLSearchParams; ip: string; userAgent?: string | undefined },
  now: Date,
): Promise<SignedIn> {
  const state = input.query.get('state');
  if (!state) throw invalid('OidcStateMissing', 'the sign-in answer has no state: start again');
  const flow = await db
    .deleteFrom('oidc_flows')
    .where('state_hash', '=', hashState(state))
    .returningAll()
    .executeTakeFirst();
  if (!flow || flow.expires_at.getTime() <= now.getTime()) {
    throw invalid('OidcFlowExpired', 'this sign-in has expired or was already used: start again');
  }
  const settings = await settingsFor(db, keyring, flow.school_id, now);
  const config = await discover(settings);
  const currentUrl = new URL(flow.redirect_uri);
  currentUrl.search = input.query.toString();
  const identity = await verifiedIdentity(config, currentUrl, {
    state,
    nonce: flow.nonce,
    codeVerifier: flow.code_verifier,
  });
  const email = identity.email;
  if (!email) {
    throw forbidden('OidcEmailMissing', 'the sign-in provider did not share a verified email address');
  }
  const staff = await findStaffForSignIn(db, email);
  const memberships = staff ? await listActiveMemberships(db, staff.staffId) : [];
  const trusts = staff ? await listActiveTrustMemberships(db, staff.staffId) : [];
  const membership =
    memberships.find((m) => m.schoolId === flow.school_id) ?? trustSeat(trusts, flow.school_id);
  if (!staff || !membership) {
    throw forbidden(
      'OidcUnknownStaff',
      'that account is not a member of staff at this school here: ask your Guardpost admin to add you',
    );
  }
  const enrolled = staff.totpSecret !== null;
  // A school's provider vouches for the school's staff; trust roles reach every school of the trust, so
  // its MFA does not stand in for the person's own second factor, and someone holding trust roles without
  // a school role here must have set one up already (else this school's provider alone could set it up).
  const holdsTrustRoles = trusts.length > 0;
  if (holdsTrustRoles && memberships.every((m) => m.schoolId !== flow.school_id) && !enrolled) {
    throw forbidden(
      'OidcTrustNeedsAuthenticator',
      'trust roles need your own authenticator app: sign in with your password first and set one up',
    );
  }
  const secondFactorPassed =
    (settings.enforcesMfa && !holdsTrustRoles) || !needsSecondFactor(memberships, enrolled, trusts);
  return db.transaction().execute(async (tx) => {
    const session = await createSession(tx, {
      staffId: staff.staffId,
      schoolId: membership.schoolId,
      secondFactorPassed,
      now,
      userAgent: input.userAgent,
      ip: input.ip,
    });
    await recordAudit(tx, {
      actor: staffActorOf(staff, membership),
      schoolId: membership.schoolId,
      at: now,
      event: {
        type: 'auth.signed_in',
        subject: { type: 'staff', id: staff.staffId },
        data: {
          method: 'oidc',
          secondFactor: secondFactorPassed
            ? settings.enforcesMfa && !holdsTrustRoles
              ? 'idp'
              : 'none'
            : 'pending',
        },
      },
    });
    return {
      token: session.token,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
      staffId: staff.staffId,
      schoolId: membership.schoolId,
      secondFactorPassed,
      totpEnrolmentRequired: !secondFactorPassed && staff.totpSecret === null,
    };
  });
}
