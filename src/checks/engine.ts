import type { AnalyseImage } from './images/check-images.js';
import {
  classifyLinks,
  compileLinkSettings,
  isShortLink,
  type LinkSettings,
} from './links/classify-links.js';
import { findLinks } from './links/find-links.js';
import { expandLinks, type LinkExpansion } from './links/short-links.js';
import { ruleById } from './rules.js';
import { compileLanguageLists, findLanguage, type LanguageLists } from './text/language.js';
import { findNames } from './text/names.js';
import { findPersonalChannels } from './text/personal-channel.js';
import { type AllowedContacts, compileAllowedContacts, findPersonalData } from './text/pii.js';
import { tokenizeWords } from './text/tokens.js';
import type {
  CheckContext,
  CheckResult,
  Finding,
  RawFinding,
  RuleId,
  SchoolCheckSettings,
  Severity,
  Subject,
  Verdict,
} from './types.js';

interface CompiledSettings {
  contacts: AllowedContacts;
  language: LanguageLists;
  links: LinkSettings;
  overrides: SchoolCheckSettings['severityOverrides'];
}

// Settings are compiled once per settings object: the same context is reused for thousands of checks.
const compiled = new WeakMap<SchoolCheckSettings, CompiledSettings>();

function compile(settings: SchoolCheckSettings): CompiledSettings {
  let c = compiled.get(settings);
  if (!c) {
    c = {
      contacts: compileAllowedContacts(settings),
      language: compileLanguageLists(settings),
      links: compileLinkSettings(settings),
      overrides: settings.severityOverrides,
    };
    compiled.set(settings, c);
  }
  return c;
}

export interface CheckTextOptions {
  /** The subject carries photos: a pupil's given name alone then blocks (a child named in a photo). */
  hasImages?: boolean;
  /** Where short links lead, by the link's start offset (see checkSubject and context.expandLink). */
  expanded?: ReadonlyMap<number, LinkExpansion>;
  /** Written by staff for the school (a post or a reply): personal channels count (clauses 1.5, 1.6). */
  staffWritten?: boolean;
}

const severityRank: Record<Severity, number> = { advice: 0, review: 1, block: 2 };

/** Worst severity of the findings; advice never changes the verdict. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  let verdict: Verdict = 'pass';
  for (const f of findings) {
    if (f.severity === 'block') return 'block';
    if (f.severity === 'review') verdict = 'review';
  }
  return verdict;
}

/**
 * Turns a detector's hit into a finding: the school's override replaces the rule's default, and a finding
 * the detector softened below the default (a quoted slur, a given name alone) stays no higher than that.
 */
function finish(
  raw: RawFinding,
  text: string | undefined,
  overrides: CompiledSettings['overrides'],
): Finding | undefined {
  const rule = ruleById(raw.rule);
  const override = overrides?.[raw.rule];
  if (override === 'off') return undefined;
  let severity = raw.severity;
  if (override !== undefined) {
    severity =
      severityRank[raw.severity] < severityRank[rule.severity] &&
      severityRank[override] > severityRank[raw.severity]
        ? raw.severity
        : override;
  }
  const finding: Finding = {
    rule: raw.rule,
    clause: rule.clause,
    severity,
    message: raw.message,
    part: raw.part,
  };
  if (raw.start !== undefined && raw.end !== undefined) {
    finding.start = raw.start;
    finding.end = raw.end;
    if (text !== undefined) finding.excerpt = text.slice(raw.start, raw.end);
  }
  if (raw.imageIndex !== undefined) finding.imageIndex = raw.imageIndex;
  finding.suggestion = raw.suggestion ?? rule.fix;
  if (raw.pupilId !== undefined) finding.pupilId = raw.pupilId;
  return finding;
}

const piiMessages: Partial<Record<RuleId, string>> = {
  'pii.phone': 'A phone number that is not the school’s.',
  'pii.email': 'An email address that is not the school’s.',
  'pii.postcode': 'A postcode that is not the school’s.',
  'pii.address': 'A home address.',
  'pii.date_of_birth': 'A date of birth.',
  'pii.nhs_number': 'An NHS number.',
  'pii.ni_number': 'A National Insurance number.',
  'pii.upn': 'A Unique Pupil Number.',
};

function isApprovedChannel(
  written: string,
  rule: RuleId,
  approved: NonNullable<CheckContext['approvedPersonalChannels']>,
): boolean {
  // Only an approval that names the number or address lets it through the personal-data rule: one that
  // names none cannot tell the writer's own number from anyone else's.
  if (rule === 'pii.phone') {
    const digits = written.replace(/\D/g, '').replace(/^44/, '0');
    return approved.phones.some((p) => p.replace(/\D/g, '').replace(/^44/, '0') === digits);
  }
  if (rule === 'pii.email')
    return approved.emails.some((e) => e.trim().toLowerCase() === written.toLowerCase());
  return false;
}

/** Raw findings of the text and link rules. */
export function findTextIssues(
  text: string,
  context: CheckContext,
  options: CheckTextOptions = {},
): RawFinding[] {
  const settings = compile(context.settings);
  const raw: RawFinding[] = [];
  const tokens = tokenizeWords(text);
  const namedPupils = new Set<string>();
  const names = findNames(tokens, context.roster);
  const personal = findPersonalData(text, settings.contacts);
  for (const hit of names) {
    if (hit.kind === 'carer-full') continue;
    // A first name inside an email address is its owner's (usually a parent's): pii.email already blocks
    // the address, and calling it a pupil's name would be wrong. A full name there is still reported.
    if (
      hit.kind === 'pupil-given' &&
      personal.some((p) => p.rule === 'pii.email' && hit.start < p.end && hit.end > p.start)
    )
      continue;
    for (const id of hit.pupilIds) namedPupils.add(id);
    const full = hit.kind === 'pupil-full';
    raw.push({
      rule: 'pupil.name',
      severity: full || options.hasImages ? 'block' : 'review',
      message: full
        ? 'A pupil’s full name.'
        : options.hasImages
          ? 'A pupil’s first name in a post with photos.'
          : 'A pupil’s first name.',
      start: hit.start,
      end: hit.end,
      part: 'text',
      ...(hit.pupilIds.length === 1 ? { pupilId: hit.pupilIds[0] as string } : {}),
    });
  }
  for (const hit of names) {
    if (hit.kind !== 'carer-full' || !hit.pupilIds.some((id) => namedPupils.has(id))) continue;
    raw.push({
      rule: 'carer.name',
      severity: 'review',
      message: 'A parent’s or carer’s full name beside their child’s name.',
      start: hit.start,
      end: hit.end,
      part: 'text',
    });
  }
  const links = findLinks(text);
  // A personal mobile or webmail address in staff-written text is the more precise finding: it replaces the
  // pii.phone / pii.email finding of the same span instead of adding a second one.
  const channels = options.staffWritten
    ? findPersonalChannels(text, settings.contacts, context.approvedPersonalChannels)
    : [];
  for (const hit of channels)
    raw.push({
      rule: 'contact.personal_channel',
      severity: 'block',
      message:
        hit.channel === 'personal_phone'
          ? 'A personal mobile number given for school business, without the headteacher’s approval.'
          : 'A personal email address given for school business, without the headteacher’s approval.',
      start: hit.start,
      end: hit.end,
      part: 'text',
    });
  const approved = context.approvedPersonalChannels;
  for (const hit of personal) {
    if (
      (hit.rule === 'pii.phone' || hit.rule === 'pii.email') &&
      channels.some((c) => hit.start < c.end && hit.end > c.start)
    )
      continue;
    // A channel the headteacher approved for this writer is not personal data to remove.
    if (
      options.staffWritten &&
      approved &&
      isApprovedChannel(text.slice(hit.start, hit.end), hit.rule, approved)
    )
      continue;
    // user@host inside a link is the link.credentials trick, not someone's address.
    if (
      hit.rule === 'pii.email' &&
      links.some((l) => hit.start < l.end && hit.end > l.start && l.hasCredentials)
    )
      continue;
    raw.push({
      rule: hit.rule,
      severity: 'block',
      message: piiMessages[hit.rule] ?? 'Personal data.',
      start: hit.start,
      end: hit.end,
      part: 'text',
    });
  }
  const roster = context.roster;
  const isName = (word: string) =>
    roster.pupilsByGiven.has(word) || roster.pupilsByFamily.has(word) || roster.carersByGiven.has(word);
  for (const hit of findLanguage(text, settings.language, isName)) {
    const severity: Severity =
      hit.rule === 'language.abuse'
        ? hit.softened
          ? 'review'
          : 'block'
        : hit.rule === 'language.mild'
          ? 'advice'
          : 'review';
    const message =
      hit.rule === 'language.profanity'
        ? 'Swearing.'
        : hit.rule === 'language.mild'
          ? 'Mild swearing.'
          : hit.rule === 'language.unprofessional'
            ? hit.why === 'pupils run down'
              ? 'Pupils run down in public: content should reflect well on the school.'
              : hit.why === 'insult turned on the reader'
                ? 'An insult turned on the reader (“… like you”): a person should judge it.'
                : 'An offensive word, even if aimed at nobody.'
            : hit.softened
              ? `Quoted, reported or self-referring ${hit.why}: a person should judge it.`
              : `Abusive language (${hit.why}).`;
    raw.push({ rule: hit.rule, severity, message, start: hit.start, end: hit.end, part: 'text' });
  }
  raw.push(...classifyLinks(links, settings.links, options.expanded));
  return raw;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => severityRank[b.severity] - severityRank[a.severity] || (a.start ?? 0) - (b.start ?? 0),
  );
}

/** Fast path for text-only subjects (comments, replies, profile text): every text and link rule. */
export function checkText(text: string, context: CheckContext, options: CheckTextOptions = {}): CheckResult {
  const overrides = compile(context.settings).overrides;
  const findings: Finding[] = [];
  for (const raw of findTextIssues(text, context, options)) {
    const f = finish(raw, text, overrides);
    if (f) findings.push(f);
  }
  return { verdict: verdictOf(findings), findings: sortFindings(findings) };
}

/**
 * Checks a whole subject: text, links and photos. Image analysis is loaded only when there are photos;
 * `analyseImage` may replace the per-photo analysis with a cached one (same result for the same bytes).
 */
export async function checkSubject(
  subject: Subject,
  context: CheckContext,
  options: { analyseImage?: AnalyseImage } = {},
): Promise<CheckResult> {
  const overrides = compile(context.settings).overrides;
  const images = subject.images ?? [];
  const text = subject.text ?? '';
  // Following short links is the one step that may go online; it happens here, before the pure rules.
  const expanded =
    context.expandLink && text.length > 0
      ? await expandLinks(
          findLinks(text),
          (l) => isShortLink(l, compile(context.settings).links),
          context.expandLink,
        )
      : undefined;
  const raw =
    text.length > 0
      ? findTextIssues(text, context, {
          hasImages: images.length > 0,
          staffWritten: subject.kind === 'post' || subject.kind === 'reply',
          ...(expanded ? { expanded } : {}),
        })
      : [];
  if (images.length > 0) {
    const { checkImages } = await import('./images/check-images.js');
    const namedInText = raw.some((r) => r.rule === 'pupil.name');
    raw.push(...(await checkImages(images, subject, context, namedInText, options.analyseImage)));
  }
  const findings: Finding[] = [];
  for (const r of raw) {
    const f = finish(r, r.part === 'text' || r.part === 'links' ? text : undefined, overrides);
    if (f) findings.push(f);
  }
  return { verdict: verdictOf(findings), findings: sortFindings(findings) };
}
