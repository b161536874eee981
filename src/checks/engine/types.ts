import type { ClauseId } from '../../policy/clauses.js';
import type { LinkExpansion } from './links/short-links.js';
import type { RosterIndex } from './roster-index.js';
import type { RuleId } from './rules/registry.js';
import type { ApprovedPersonalChannels } from './text/personal-channel.js';

export type SubjectKind = 'post' | 'comment' | 'profile' | 'reply';

/** What is checked: text and/or photos about to be published, or a comment received. */
export interface Subject {
  kind: SubjectKind;
  text?: string;
  /** Raw image bytes (JPEG, PNG, WebP, GIF, TIFF). */
  images?: Uint8Array[];
  /** Pupil ids the author says appear in the photos (chosen by people: no face recognition). */
  taggedPupils?: string[];
  /** The author confirms no pupil can be identified in the photos. */
  noIdentifiablePupils?: boolean;
}

export type Severity = 'block' | 'review' | 'advice';
export type Verdict = 'block' | 'review' | 'pass';

export type { RuleId };

export type SubjectPart = 'text' | 'image' | 'links' | 'tags';

export interface Finding {
  rule: RuleId;
  clause: ClauseId;
  severity: Severity;
  message: string;
  /** UTF-16 offsets into the subject's text (for `part: 'text' | 'links'`). */
  start?: number;
  end?: number;
  excerpt?: string;
  part: SubjectPart;
  /** Index into `subject.images` for image findings. */
  imageIndex?: number;
  suggestion?: string;
  /** Pupil id behind a name finding, so workflows can link it; never shown publicly. */
  pupilId?: string;
}

export interface CheckResult {
  verdict: Verdict;
  findings: Finding[];
}

export type ConsentState = 'granted' | 'refused' | 'withdrawn' | 'none';

/** A pupil's social-media (photo) consent as the photo rules read it; the consent domain maps its own to this. */
export interface PupilConsent {
  state: ConsentState;
  /** ISO date after which the consent no longer holds. */
  expiresOn?: string;
}

/** Per-school tuning. Everything is optional; the defaults are the seed policy's. */
export interface SchoolCheckSettings {
  /** Change a rule's severity, or switch it off. */
  severityOverrides?: Partial<Record<RuleId, Severity | 'off'>>;
  /** Extra words treated as abuse (block) for this school. */
  extraAbuseWords?: readonly string[];
  /** Extra words treated as profanity (review). */
  extraProfanityWords?: readonly string[];
  /** Words never flagged by the language rules here (e.g. a local place name). */
  languageExceptions?: readonly string[];
  /** Domains the school trusts (lookalike checks compare against these too). */
  allowedDomains?: readonly string[];
  /** When true, any link outside `allowedDomains` is `link.not_allowed`. */
  allowOnlyListed?: boolean;
  /** Registrable domains or hostnames from the school's block lists. */
  blockedDomains?: ReadonlySet<string>;
  /** Full URLs (without scheme) from the block lists. */
  blockedUrls?: ReadonlySet<string>;
  /** Shortener domains from a loaded list's `shortener` category, on top of the built-in ones. */
  shortenerDomains?: ReadonlySet<string>;
  /** The school's own contact details, which may be published. */
  schoolPhones?: readonly string[];
  /** Exact addresses, or `@domain` to allow a whole domain. */
  schoolEmails?: readonly string[];
  schoolAddresses?: readonly string[];
  schoolPostcodes?: readonly string[];
}

export interface CheckContext {
  roster: RosterIndex;
  /** Social-media (photo) consent per pupil id; a pupil missing here has no consent. */
  consents: ReadonlyMap<string, PupilConsent>;
  settings: SchoolCheckSettings;
  /** ISO date (YYYY-MM-DD): the engine has no clock of its own. */
  today: string;
  /**
   * Follows a short link to where it leads (production only: the server may go online). Absent, short
   * links are reported with their destination unseen.
   */
  expandLink?: (href: string) => Promise<{ destination?: string; reason?: string }>;
  /**
   * The headteacher's approvals covering the writer today (clauses 1.5, 1.6): personal channels they may
   * give. Set per writer by the caller; absent, none is approved.
   */
  approvedPersonalChannels?: ApprovedPersonalChannels;
}

export interface CheckTextOptions {
  /** What the text is (a post, a comment received …), for rules that apply to one kind only; absent: any. */
  kind?: SubjectKind;
  /** The subject carries photos: a pupil's given name alone then blocks (a child named in a photo). */
  hasImages?: boolean;
  /** Where short links lead, by the link's start offset (see checkSubject and context.expandLink). */
  expanded?: ReadonlyMap<number, LinkExpansion>;
  /** Written by staff for the school (a post or a reply): personal channels count (clauses 1.5, 1.6). */
  staffWritten?: boolean;
  /** Look for a child disclosing harm (comments received, not posts written by staff); on for comments. */
  disclosure?: boolean;
}

/**
 * A detector's hit, before its rule's severity (and the school's override) is applied: severities are
 * decided by the rule definitions alone (rules/rule.ts), never by a detector.
 */
export interface RawFinding {
  rule: RuleId;
  /** A hit weaker than the rule's usual case (a quoted slur, a given name alone): the rule's weakerSeverity. */
  weaker?: boolean;
  message: string;
  start?: number;
  end?: number;
  part: SubjectPart;
  imageIndex?: number;
  suggestion?: string;
  pupilId?: string;
}
