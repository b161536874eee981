import type { Db } from '../platform/db/database.js';
import { ensureDemoAccounts } from './demo-accounts.js';
import { demoAccounts } from './demo-people.js';
import type { DemoDeps } from './demo-posts.js';
import { ensureDemoSchool } from './demo-school.js';
import { DEMO_TRUST, ensureDemoTrust } from './demo-trust.js';

export interface DemoSeedOptions {
  /** GUARDPOST_DEMO_PASSWORD; a password is generated (and returned once) when absent. */
  password?: string | undefined;
  /** GUARDPOST_DEMO_TOTP_SECRET, for scripted sign-in of the roles that need a second factor. */
  totpSecret?: string | undefined;
}

export interface DemoSeedResult {
  schoolName: string;
  created: boolean;
  /** Set when the demo accounts were given a generated password now: shown once, never stored in clear. */
  generatedPassword: string | undefined;
}

/**
 * The demo school *Take 1 Studios* with its people, posting example, block lists and sign-in accounts, on a
 * database with no other school (a database with another school is left alone: undefined).
 */
export async function seedDemo(
  db: Db,
  deps: DemoDeps,
  options: DemoSeedOptions,
): Promise<DemoSeedResult | undefined> {
  const demo = await ensureDemoSchool(db, deps);
  if (!demo) return undefined;
  const accounts = await ensureDemoAccounts(
    db,
    {
      schoolId: demo.school.id,
      accounts: demoAccounts,
      password: options.password,
      totpSecret: options.totpSecret,
    },
    deps.clock.now(),
  );
  await ensureDemoTrust(
    db,
    {
      demoSchoolId: demo.school.id,
      today: deps.clock.today(),
      password: options.password ?? accounts.generatedPassword,
      totpSecret: options.totpSecret,
    },
    deps.clock.now(),
  );
  return {
    schoolName: demo.school.name,
    created: demo.created,
    generatedPassword: accounts.generatedPassword,
  };
}

/** The addresses of the demo accounts, for the start-up message. */
export const demoAccountEmails: readonly string[] = [
  ...demoAccounts.map((a) => a.email),
  DEMO_TRUST.account.email,
];
