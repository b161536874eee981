import { applyRoster } from '../people/import-roster.js';
import type { ParsedRoster } from '../people/roster-parse.js';
import { findStaffForSignIn, upsertCredentials } from '../platform/auth/auth.repository.js';
import { hashPassword, verifyPassword } from '../platform/auth/passwords.js';
import type { Actor, TrustRole } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { createSchool } from '../schools/create-school.js';
import { addTrustSchool } from '../trusts/add-trust-school.js';
import { createTrust } from '../trusts/create-trust.js';
import { grantTrustRoles } from '../trusts/grant-trust-roles.js';
import { listTrusts } from '../trusts/trusts.queries.js';
import { generateDemoRoster } from './demo-people.js';

const seed: Actor = { kind: 'system', label: 'demo-seed' };

/** The demo trust: the demo school and a second, small generated school, with one trust account. */
export const DEMO_TRUST = {
  name: 'Take 1 Learning Trust',
  secondSchool: {
    name: 'Northcliffe Film School',
    officialEmailDomains: ['northcliffe.example'],
    website: 'https://www.northcliffe.example/',
  },
  account: {
    email: 'trust@take1studios.example',
    givenName: 'Delphine',
    familyName: 'Ashgrove',
    roles: ['trust_admin', 'trust_safeguarding_lead', 'trust_executive'] as TrustRole[],
  },
} as const;

/**
 * The second school's people: a slice of a roster generated from another seed (about 80 pupils, their
 * carers and 8 staff), leaving out anyone whose name someone at the demo school already has, so no name is
 * both a pupil's and a member of staff's across the trust (nor the trust account's).
 */
export function generateSecondSchoolRoster(today: string): Omit<ParsedRoster, 'format'> {
  const first = generateDemoRoster(today);
  const taken = new Set(
    [...first.pupils, ...first.carers, ...first.staff].map((p) => `${p.givenName} ${p.familyName}`),
  );
  taken.add(`${DEMO_TRUST.account.givenName} ${DEMO_TRUST.account.familyName}`);
  const fresh = (p: { givenName: string; familyName: string }) =>
    !taken.has(`${p.givenName} ${p.familyName}`);
  const generated = generateDemoRoster(today, 20270317);
  const pupils = generated.pupils.filter((p) => p.status === 'current' && fresh(p)).slice(0, 80);
  const kept = new Set(pupils.map((p) => p.externalId));
  const carers = generated.carers
    .map((c) => ({ ...c, links: c.links.filter((l) => kept.has(l.pupilExternalId)) }))
    .filter((c) => c.links.length > 0 && fresh(c));
  const roleSets = [
    ['staff', 'headteacher'],
    ['staff', 'dsl'],
    ['staff', 'smt'],
    ['staff', 'admin'],
  ] as const;
  const staff = generated.staff
    .slice(10)
    .filter(fresh)
    .slice(0, 8)
    .map((s, i) => ({
      ...s,
      externalId: `NFS-S${String(i + 1).padStart(3, '0')}`,
      email: s.email.replace(/@.*$/, `@${DEMO_TRUST.secondSchool.officialEmailDomains[0]}`),
      roles: [...(roleSets[i] ?? ['staff'])],
    }));
  return {
    pupils: pupils.map((p) => ({ ...p, externalId: p.externalId.replace('DEMO-', 'NFS-') })),
    carers: carers.map((c) => ({
      ...c,
      externalId: c.externalId.replace('DEMO-', 'NFS-'),
      links: c.links.map((l) => ({ ...l, pupilExternalId: l.pupilExternalId.replace('DEMO-', 'NFS-') })),
    })),
    staff,
  };
}

/**
 * Makes sure the demo trust exists around the demo school, with its second school and the trust account
 * (the demo accounts' password; the demo TOTP secret when one is configured, as trust roles need a second
 * factor). Idempotent: a trust already there is left as it is, and only the account's password is checked.
 */
export async function ensureDemoTrust(
  db: Db,
  input: {
    demoSchoolId: string;
    today: string;
    password?: string | undefined;
    totpSecret?: string | undefined;
  },
  now: Date,
): Promise<void> {
  const existing = (await listTrusts(db)).find((t) => t.name === DEMO_TRUST.name);
  let trustId = existing?.id;
  if (!trustId) {
    trustId = (await createTrust(db, seed, { name: DEMO_TRUST.name })).id;
    await addTrustSchool(db, seed, { trustId, schoolId: input.demoSchoolId });
    const second = await createSchool(db, seed, {
      name: DEMO_TRUST.secondSchool.name,
      officialEmailDomains: [...DEMO_TRUST.secondSchool.officialEmailDomains],
      website: DEMO_TRUST.secondSchool.website,
    });
    await applyRoster(db, seed, {
      schoolId: second.id,
      roster: { format: 'demo', ...generateSecondSchoolRoster(input.today) },
      fileName: 'demo',
      dryRun: false,
      full: false,
      today: input.today,
    });
    await addTrustSchool(db, seed, { trustId, schoolId: second.id });
    await grantTrustRoles(db, seed, { trustId, ...DEMO_TRUST.account, roles: [...DEMO_TRUST.account.roles] });
  }
  const staff = await findStaffForSignIn(db, DEMO_TRUST.account.email);
  if (!staff) return;
  if (input.password && !(staff.passwordHash && (await verifyPassword(staff.passwordHash, input.password)))) {
    await upsertCredentials(db, staff.staffId, {
      password_hash: await hashPassword(input.password),
      password_changed_at: now,
    });
  }
  if (input.totpSecret && staff.totpSecret !== input.totpSecret) {
    await upsertCredentials(db, staff.staffId, {
      totp_secret: input.totpSecret,
      totp_confirmed_at: now,
      totp_last_step: null,
    });
  }
}
