/**
 * The clause registry for the seed policy (Take 1 Studios' staff social media policy). Ids follow the
 * policy's own order: `purpose` and `scope` for the preamble, `1.1`–`1.9` for the bullets of section 1
 * (personal use) and `2.1`–`2.8` for those of section 2 (school-sanctioned use). Titles and summaries are
 * ours; the document text itself is stored with each policy version.
 */
export type ClauseId =
  | 'purpose'
  | 'scope'
  | '1.1'
  | '1.2'
  | '1.3'
  | '1.4'
  | '1.5'
  | '1.6'
  | '1.7'
  | '1.8'
  | '1.9'
  | '2.1'
  | '2.2'
  | '2.3'
  | '2.4'
  | '2.5'
  | '2.6'
  | '2.7'
  | '2.8';

export type ClauseSection = 'preamble' | 'personal' | 'sanctioned';

/** How Guardpost carries a clause: a check that can block, a workflow people follow, or advice only. */
export type Enforcement = 'check' | 'workflow' | 'advice';

/** Whether the policy says "must" (a requirement) or "advised" (guidance). */
export type Strength = 'must' | 'should' | 'advised';

export interface Clause {
  readonly id: ClauseId;
  readonly section: ClauseSection;
  readonly title: string;
  readonly summary: string;
  readonly strength: Strength;
  readonly enforcement: readonly Enforcement[];
  /** Where in Guardpost the clause is carried, for people reading the policy page. */
  readonly carriedBy: readonly string[];
}

export const clauses: readonly Clause[] = [
  {
    id: 'purpose',
    section: 'preamble',
    title: 'Purpose',
    summary:
      'Protect the school from legal risk and reputational harm, safeguard children, and let anyone tell which social media presence really speaks for the school.',
    strength: 'should',
    enforcement: ['workflow'],
    carriedBy: ['public account verification page', 'policy acknowledgements'],
  },
  {
    id: 'scope',
    section: 'preamble',
    title: 'Scope',
    summary:
      'Covers every member of staff and every kind of social platform, from blogs and forums to gaming networks; private spaces are still subject to the law and to the school’s other policies.',
    strength: 'must',
    enforcement: ['workflow'],
    carriedBy: ['policy acknowledgements'],
  },
  {
    id: '1.1',
    section: 'personal',
    title: 'No personal-account contact with pupils or parents',
    summary:
      'While employed, staff neither invite, accept nor take part in contact with the school’s pupils or parents through personal social media.',
    strength: 'must',
    enforcement: ['workflow', 'check'],
    carriedBy: ['staff follower self-audit', 'contact exceptions'],
  },
  {
    id: '1.2',
    section: 'personal',
    title: 'Report contact from a pupil',
    summary: 'Any message a pupil sends to a member of staff’s personal social media goes to the DSL.',
    strength: 'must',
    enforcement: ['workflow'],
    carriedBy: ['safeguarding concerns (pupil contact)'],
  },
  {
    id: '1.3',
    section: 'personal',
    title: 'Report inappropriate communication involving a child at once',
    summary:
      'Staff who learn of inappropriate communication involving any child on any platform report it to the DSL straight away.',
    strength: 'must',
    enforcement: ['workflow'],
    carriedBy: ['safeguarding concerns (inappropriate communication)', 'urgent escalation'],
  },
  {
    id: '1.4',
    section: 'personal',
    title: 'Highest privacy settings',
    summary: 'Staff are strongly advised to set every personal account to its most private settings.',
    strength: 'advised',
    enforcement: ['advice'],
    carriedBy: ['staff self-audit checklist'],
  },
  {
    id: '1.5',
    section: 'personal',
    title: 'School business by official email',
    summary:
      'Email with members of the school community about school business is sent from an official school account.',
    strength: 'must',
    enforcement: ['check', 'workflow'],
    carriedBy: ['official email domain checks'],
  },
  {
    id: '1.6',
    section: 'personal',
    title: 'Personal email or phone only with the Headteacher’s prior approval',
    summary:
      'Staff do not contact, or accept contact from, the school community on school business by personal email or mobile unless the Headteacher approved it beforehand.',
    strength: 'should',
    enforcement: ['workflow'],
    carriedBy: ['contact exceptions approved by the Headteacher'],
  },
  {
    id: '1.7',
    section: 'personal',
    title: 'Avoid posting about individual school matters',
    summary:
      'Staff are advised not to post or comment about specific school matters or named members of the school community.',
    strength: 'advised',
    enforcement: ['advice', 'check'],
    carriedBy: ['check engine (names and personal data)'],
  },
  {
    id: '1.8',
    section: 'personal',
    title: 'Mind the school’s reputation',
    summary:
      'Staff are advised to think of the school’s reputation in anything they post that touches on the school.',
    strength: 'advised',
    enforcement: ['advice'],
    carriedBy: ['policy acknowledgements'],
  },
  {
    id: '1.9',
    section: 'personal',
    title: 'No pupils, or ex-pupils under 18, as friends or followers',
    summary:
      'No current pupil of any age, and no former pupil under 18, is accepted as a friend, follower or subscriber on a personal account.',
    strength: 'should',
    enforcement: ['check', 'workflow'],
    carriedBy: ['staff follower self-audit'],
  },
  {
    id: '2.1',
    section: 'sanctioned',
    title: 'Dedicated educational account on an official email',
    summary:
      'Each educational account is set up for that purpose only, kept apart from the member of staff’s personal accounts, and ideally tied to an official school email address.',
    strength: 'should',
    enforcement: ['check', 'workflow'],
    carriedBy: ['sanctioned accounts register'],
  },
  {
    id: '2.2',
    section: 'sanctioned',
    title: 'Notify a Manager or SMT before students use it',
    summary:
      'The account’s address and identity are given to a Manager or SMT member before any student is given access.',
    strength: 'should',
    enforcement: ['workflow'],
    carriedBy: ['account approval'],
  },
  {
    id: '2.3',
    section: 'sanctioned',
    title: 'Professional content only',
    summary: 'What a school account publishes is professional throughout and reflects well on the school.',
    strength: 'should',
    enforcement: ['check', 'workflow'],
    carriedBy: ['check engine (language)', 'post approval'],
  },
  {
    id: '2.4',
    section: 'sanctioned',
    title: 'Photos, names and personal data of children',
    summary:
      'No photo of a child without a parent’s or carer’s written consent, no child named alongside a photo, and no personal details that could identify a child.',
    strength: 'must',
    enforcement: ['check', 'workflow'],
    carriedBy: ['check engine (names, personal data, photos)', 'photo consent register', 'post approval'],
  },
  {
    id: '2.5',
    section: 'sanctioned',
    title: 'Safe, appropriate links',
    summary: 'Links from a school account to other sites are checked to be appropriate and safe.',
    strength: 'must',
    enforcement: ['check'],
    carriedBy: ['check engine (links)'],
  },
  {
    id: '2.6',
    section: 'sanctioned',
    title: 'Remove and report inappropriate comments',
    summary:
      'Inappropriate or abusive comments on a school account are taken down at once and reported to SMT.',
    strength: 'should',
    enforcement: ['workflow', 'check'],
    carriedBy: ['comment moderation queue'],
  },
  {
    id: '2.7',
    section: 'sanctioned',
    title: 'No private direct messages with students',
    summary: 'Staff do not exchange private, non-public messages with students through social media.',
    strength: 'should',
    enforcement: ['workflow'],
    carriedBy: ['account attestation'],
  },
  {
    id: '2.8',
    section: 'sanctioned',
    title: 'About page links to the ICT Acceptable Use Policy',
    summary:
      'Every educational account’s About or Info page links to the AUP on the school website, which marks it as officially sanctioned.',
    strength: 'should',
    enforcement: ['check', 'workflow'],
    carriedBy: ['AUP-link verification', 'public account verification page'],
  },
];

const byId = new Map<string, Clause>(clauses.map((c) => [c.id, c]));

export function isClauseId(id: string): id is ClauseId {
  return byId.has(id);
}

/** The clause with this id; throws for an unknown id because every caller names a fixed clause. */
export function clauseById(id: ClauseId): Clause {
  const clause = byId.get(id);
  if (!clause) throw new Error(`unknown clause ${id}`);
  return clause;
}

/**
 * A short citation for findings and messages, `clause 2.1, “Dedicated educational account on an official
 * email”`. It has no brackets of its own: a citation usually sits in brackets at the end of a sentence, and
 * "(clause 2.1 (Dedicated …))" reads badly.
 */
export function cite(id: ClauseId): string {
  return `clause ${id}, “${clauseById(id).title}”`;
}
