import type { ClauseId } from '../policy/clauses.js';
import type { RosterIndex } from './roster-index.js';
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

export type RuleId =
  | 'pupil.name'
  | 'carer.name'
  | 'pii.phone'
  | 'pii.email'
  | 'contact.personal_channel'
  | 'pii.postcode'
  | 'pii.address'
  | 'pii.date_of_birth'
  | 'pii.nhs_number'
  | 'pii.ni_number'
  | 'pii.upn'
  | 'language.profanity'
  | 'language.abuse'
  | 'language.mild'
  | 'language.unprofessional'
  | 'link.insecure'
  | 'link.shortener'
  | 'link.blocked'
  | 'link.lookalike'
  | 'link.ip'
  | 'link.credentials'
  | 'link.not_allowed'
  | 'image.location'
  | 'image.faces'
  | 'image.consent'
  | 'image.named';

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

/** A detector's raw hit before severity overrides are applied. */
export interface RawFinding {
  rule: RuleId;
  severity: Severity;
  message: string;
  start?: number;
  end?: number;
  part: SubjectPart;
  imageIndex?: number;
  suggestion?: string;
  pupilId?: string;
}
