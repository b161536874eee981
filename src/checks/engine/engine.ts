import { EngineError } from './errors.js';
import { isShortLink } from './links/classify-links.js';
import { findLinks } from './links/find-links.js';
import { expandLinks } from './links/short-links.js';
import type { AnalyseImage } from './rules/images.js';
import { detectImages } from './rules/images.js';
import { ruleById, ruleFamilies } from './rules/registry.js';
import { compileSettings, TextScan } from './text-scan.js';
import type {
  CheckContext,
  CheckResult,
  CheckTextOptions,
  Finding,
  RawFinding,
  SchoolCheckSettings,
  Severity,
  Subject,
  Verdict,
} from './types.js';

export type { CheckTextOptions };

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
 * Turns a detector's hit into a finding with its rule's severity: the school's override replaces the
 * rule's default, and a weaker hit (a quoted slur, a given name alone) stays no higher than the rule's
 * weaker severity.
 */
function finish(
  raw: RawFinding,
  text: string | undefined,
  overrides: SchoolCheckSettings['severityOverrides'],
): Finding | undefined {
  const rule = ruleById(raw.rule);
  const override = overrides?.[raw.rule];
  if (override === 'off') return undefined;
  let severity: Severity = override ?? rule.defaultSeverity;
  if (raw.weaker && rule.weakerSeverity && severityRank[rule.weakerSeverity] < severityRank[severity])
    severity = rule.weakerSeverity;
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

/** Raw findings of the text and link rules: every rule family's detector over one shared scan. */
export function findTextIssues(
  text: string,
  context: CheckContext,
  options: CheckTextOptions = {},
): RawFinding[] {
  const scan = new TextScan(text, context, options);
  const raw: RawFinding[] = [];
  for (const family of ruleFamilies) if (family.detectText) raw.push(...family.detectText(scan));
  return raw;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => severityRank[b.severity] - severityRank[a.severity] || (a.start ?? 0) - (b.start ?? 0),
  );
}

/** Fast path for text-only subjects (comments, replies, profile text): every text and link rule. */
export function checkText(text: string, context: CheckContext, options: CheckTextOptions = {}): CheckResult {
  const overrides = context.settings.severityOverrides;
  const findings: Finding[] = [];
  for (const raw of findTextIssues(text, context, options)) {
    const f = finish(raw, text, overrides);
    if (f) findings.push(f);
  }
  return { verdict: verdictOf(findings), findings: sortFindings(findings) };
}

/**
 * Checks a whole subject: text, links and photos. The engine decodes no photo: `analyseImage` reads each
 * one (the checks slice's analyser, or a cached one), and is needed only when the subject has photos.
 */
export async function checkSubject(
  subject: Subject,
  context: CheckContext,
  options: { analyseImage?: AnalyseImage } = {},
): Promise<CheckResult> {
  const overrides = context.settings.severityOverrides;
  const images = subject.images ?? [];
  const text = subject.text ?? '';
  // Following short links is the one step that may go online; it happens here, before the pure rules.
  const expanded =
    context.expandLink && text.length > 0
      ? await expandLinks(
          findLinks(text),
          (l) => isShortLink(l, compileSettings(context.settings).links),
          context.expandLink,
        )
      : undefined;
  const raw =
    text.length > 0
      ? findTextIssues(text, context, {
          kind: subject.kind,
          hasImages: images.length > 0,
          staffWritten: subject.kind === 'post' || subject.kind === 'reply',
          ...(expanded ? { expanded } : {}),
        })
      : [];
  if (images.length > 0) {
    if (!options.analyseImage)
      throw new EngineError(
        'ImageAnalyserMissing',
        'photos were given to check but no analyser to read them',
      );
    const namedInText = raw.some((r) => r.rule === 'pupil.name');
    raw.push(...(await detectImages(images, subject, context, namedInText, options.analyseImage)));
  }
  const findings: Finding[] = [];
  for (const r of raw) {
    const f = finish(r, r.part === 'text' || r.part === 'links' ? text : undefined, overrides);
    if (f) findings.push(f);
  }
  return { verdict: verdictOf(findings), findings: sortFindings(findings) };
}
