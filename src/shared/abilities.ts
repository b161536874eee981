/**
 * What a signed-in person may open and do in the school they are working in, as `GET /api/me` answers it
 * (`abilities`: each name true or false). The server works each one out from the permission functions its
 * routes use (src/app/abilities.ts); the web app's route guards and navigation read the answer and never
 * re-derive it from roles. No imports, so the web app's bundler and the server's compiler both take it.
 */
export const abilityDescriptions = {
  'session.manage': 'Their own sessions, second factor and security settings (governors too)',
  'school.switch': 'Switch to another school they belong to',
  'policy.read': "Read the school's policy and their own acknowledgements (every member of staff)",
  'policy.acknowledge': 'Acknowledge the policy',
  'policy.acknowledgements.read': "Read who has acknowledged the policy (the SMT's report)",
  'policy.import': 'Publish a new version of the policy and record its review',
  'notifications.read': 'Read their in-app notifications',
  'people.read': 'Look up pupils and carers',
  'roster.import': 'Import the roster',
  'consents.read': "Read pupils' consent (tagging a photo needs it)",
  'consents.record': 'Record and import consent, and ask carers for it',
  'checks.run': 'Check a post against the policy',
  'checks.settings': "Change the school's check settings",
  'concerns.report': 'Report a safeguarding concern and follow their own reports',
  'concerns.read': "Open the school's safeguarding concerns (DSL, deputy, headteacher)",
  'concerns.transfers': 'Send and receive child protection files (DSL and deputy)',
  'concerns.settings': 'Change the safeguarding alert settings',
  'posts.write': 'Write posts for accounts they own',
  'posts.approve': 'Approve posts written by others',
  'posts.settings': "Change the school's posting settings",
  'archive.read': 'Search the publication archive',
  'takedowns.handle': 'Handle takedowns of posts (their own accounts, or the school’s for SMT)',
  'accounts.use': 'Register and keep their own accounts',
  'accounts.manage': 'Read the accounts register',
  'accounts.decide': 'Approve, suspend and reinstate accounts',
  'accounts.settings': "Change the register's settings",
  'moderation.act':
    "Work the comment moderation queue (the school's for moderators, their own accounts' for owners)",
  'moderation.disclosures': "Read a possible disclosure's words and file it as a concern",
  'moderation.settings': "Change the school's moderation settings",
  'staffUse.own': 'Keep their own personal-use checklist, privacy answers and contact exceptions',
  'staffUse.compliance': 'Read staff personal-use completion (never its content)',
  'staffUse.register': 'Read the register of contact exceptions',
  'staffUse.decide': 'Decide on contact exceptions (the headteacher)',
  'staffUse.handovers': "Read leavers' handovers and give their accounts new owners (SMT)",
  'staffUse.settings': "Change the school's personal-use settings",
  'reports.read': "Open the governors' report",
  'reports.produce': "Produce the governors' report (not only read it)",
  'retention.read': 'See what passes its retention date and place legal holds',
  'sar.manage': 'Open, follow and release subject access requests',
  'sar.review': 'Make the safeguarding review of a subject access request',
  'audit.read': 'Read the audit log',
  'audit.export': 'Export the audit log',
  'settings.manage': "Change the school's sign-in settings",
} as const;

export type Ability = keyof typeof abilityDescriptions;

export const abilities = Object.keys(abilityDescriptions) as Ability[];
