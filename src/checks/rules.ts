import type { ClauseId } from '../policy/clauses.js';
import type { RuleId, Severity } from './types.js';

export interface RuleDefinition {
  id: RuleId;
  clause: ClauseId;
  severity: Severity;
  title: string;
  /** How to put it right, shown with each finding. */
  fix: string;
}

// One table so the policy page, the CLI and the API all describe rules the same way.
const definitions: readonly RuleDefinition[] = [
  {
    id: 'pupil.name',
    clause: '2.4',
    severity: 'block',
    title: 'Pupil named',
    fix: 'Remove the name or use initials; never name a child shown in a photo.',
  },
  {
    id: 'carer.name',
    clause: '2.4',
    severity: 'review',
    title: 'Parent or carer named beside their child',
    fix: 'Remove the carer’s name: with the child’s name it identifies the family.',
  },
  {
    id: 'pii.phone',
    clause: '2.4',
    severity: 'block',
    title: 'Phone number',
    fix: 'Remove the number; give the school’s own number if contact is needed.',
  },
  {
    id: 'pii.email',
    clause: '2.4',
    severity: 'block',
    title: 'Email address',
    fix: 'Remove the address; use the school’s official address instead.',
  },
  {
    id: 'contact.personal_channel',
    clause: '1.5',
    severity: 'block',
    title: 'Personal email or mobile given for school business',
    fix: 'Give the school’s own address or number, or ask the headteacher to approve this channel first (clauses 1.5, 1.6).',
  },
  { id: 'pii.postcode', clause: '2.4', severity: 'block', title: 'Postcode', fix: 'Remove the postcode.' },
  { id: 'pii.address', clause: '2.4', severity: 'block', title: 'Home address', fix: 'Remove the address.' },
  {
    id: 'pii.date_of_birth',
    clause: '2.4',
    severity: 'block',
    title: 'Date of birth',
    fix: 'Remove the date; a birthday can be celebrated without it.',
  },
  { id: 'pii.nhs_number', clause: '2.4', severity: 'block', title: 'NHS number', fix: 'Remove the number.' },
  {
    id: 'pii.ni_number',
    clause: '2.4',
    severity: 'block',
    title: 'National Insurance number',
    fix: 'Remove the number.',
  },
  { id: 'pii.upn', clause: '2.4', severity: 'block', title: 'Unique Pupil Number', fix: 'Remove the UPN.' },
  {
    id: 'language.profanity',
    clause: '2.3',
    severity: 'review',
    title: 'Swearing',
    fix: 'Rephrase: school accounts publish professional content only.',
  },
  {
    id: 'language.abuse',
    clause: '2.3',
    severity: 'block',
    title: 'Abuse, threat, slur or harmful content',
    fix: 'Do not publish; remove abusive comments and report them to SMT (clause 2.6).',
  },
  {
    id: 'language.mild',
    clause: '2.3',
    severity: 'advice',
    title: 'Mild swearing',
    fix: 'Consider rephrasing: words like “bloody” or “damn” read as unprofessional on a school account.',
  },
  {
    id: 'language.unprofessional',
    clause: '2.3',
    severity: 'review',
    title: 'Unprofessional: offensive word or pupils run down',
    fix: 'Rephrase: content should reflect well on the school, and pupils are never criticised in public.',
  },
  {
    id: 'link.insecure',
    clause: '2.5',
    severity: 'advice',
    title: 'Insecure link (http)',
    fix: 'Use the https:// address if the site has one.',
  },
  {
    id: 'link.shortener',
    clause: '2.5',
    severity: 'review',
    title: 'Shortened link hides its destination',
    fix: 'Link to the full address so readers can see where it goes.',
  },
  {
    id: 'link.blocked',
    clause: '2.5',
    severity: 'block',
    title: 'Link to a blocked site',
    fix: 'Remove the link: the site is on the school’s block list.',
  },
  {
    id: 'link.lookalike',
    clause: '2.5',
    severity: 'block',
    title: 'Lookalike domain',
    fix: 'Check the address: it imitates another site. Link to the real one.',
  },
  {
    id: 'link.ip',
    clause: '2.5',
    severity: 'review',
    title: 'Link to a bare IP address',
    fix: 'Link to a named site instead of an IP address.',
  },
  {
    id: 'link.credentials',
    clause: '2.5',
    severity: 'block',
    title: 'Link with a user name or password before the host',
    fix: 'Remove the part before “@”: it can disguise the real destination.',
  },
  {
    id: 'link.not_allowed',
    clause: '2.5',
    severity: 'review',
    title: 'Link outside the school’s allowed sites',
    fix: 'Ask a manager to add the site to the allowed list, or remove the link.',
  },
  {
    id: 'image.location',
    clause: '2.4',
    severity: 'block',
    title: 'Photo carries location or other metadata',
    fix: 'Re-encode the photo without metadata (Guardpost can do this for you).',
  },
  {
    id: 'image.faces',
    clause: '2.4',
    severity: 'advice',
    title: 'Faces in photo',
    fix: 'Tag the pupils shown, or confirm no pupil can be identified.',
  },
  {
    id: 'image.consent',
    clause: '2.4',
    severity: 'block',
    title: 'Photo without written consent',
    fix: 'Only publish photos of pupils whose carers gave current written consent for social media.',
  },
  {
    id: 'image.named',
    clause: '2.4',
    severity: 'block',
    title: 'Child named alongside a photo',
    fix: 'Remove the name from the text when the post has photos of children.',
  },
];

export const rules: ReadonlyMap<RuleId, RuleDefinition> = new Map(definitions.map((d) => [d.id, d]));

export function ruleById(id: RuleId): RuleDefinition {
  const rule = rules.get(id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}

export const allRuleIds: readonly RuleId[] = definitions.map((d) => d.id);
