import { api } from './client';

/** The check engine (src/checks/checks.routes.ts): nothing sent here is stored. */

export type SubjectKind = 'post' | 'comment' | 'profile' | 'reply';
export type FindingSeverity = 'block' | 'review' | 'advice';
export type Verdict = 'block' | 'review' | 'pass';

export interface Finding {
  rule: string;
  clause: string;
  clauseTitle: string;
  severity: FindingSeverity;
  message: string;
  start?: number;
  end?: number;
  excerpt?: string;
  /** Which part of the subject: the text, or a photo (with imageIndex). */
  part: string;
  imageIndex?: number;
  suggestion?: string;
  pupilId?: string;
}

export interface CheckResult {
  verdict: Verdict;
  findings: Finding[];
  /** The text with names as initials and personal data removed; null when no text was sent. */
  redactedText: string | null;
}

export interface CheckSubject {
  kind: SubjectKind;
  text?: string;
  taggedPupils?: string[];
  noIdentifiablePupils?: boolean;
}

/** JSON for text alone; multipart (a `subject` field and `images` files) when there are photos. */
export function runCheck(
  subject: CheckSubject,
  images: readonly File[],
  signal?: AbortSignal,
): Promise<CheckResult> {
  if (images.length === 0) return api.post<CheckResult>('/api/checks', { json: subject, signal });
  const form = new FormData();
  form.append('subject', JSON.stringify(subject));
  for (const image of images) form.append('images', image, image.name);
  return api.post<CheckResult>('/api/checks', { form, signal });
}

export interface PupilMatch {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
}

export async function searchPupilsToTag(q: string, signal?: AbortSignal): Promise<PupilMatch[]> {
  const { pupils } = await api.get<{ pupils: PupilMatch[] }>('/api/people/pupils', { query: { q }, signal });
  return pupils;
}

// Settings ----------------------------------------------------------------------------------------

export type SeverityOverride = FindingSeverity | 'off';

export interface CheckSettings {
  severityOverrides?: Partial<Record<string, SeverityOverride>>;
  extraAbuseWords?: string[];
  extraProfanityWords?: string[];
  languageExceptions?: string[];
  allowedDomains?: string[];
  allowOnlyListed?: boolean;
  schoolPhones?: string[];
  schoolAddresses?: string[];
  schoolPostcodes?: string[];
  blockCategories: string[];
  /** Read only: what each category's list holds now. */
  blockLists?: BlockListState[];
}

export interface BlockListState {
  category: string;
  enabled: boolean;
  loaded: boolean;
  entries: number;
  importedAt: string | null;
}

export function fetchBlockListState(): Promise<{ categories: BlockListState[] }> {
  return api.get('/api/checks/block-lists');
}

export function fetchCheckSettings(): Promise<CheckSettings> {
  return api.get<CheckSettings>('/api/checks/settings');
}

export function saveCheckSettings(
  settings: Omit<CheckSettings, 'blockCategories'> & { blockCategories?: string[] },
) {
  return api.put<CheckSettings>('/api/checks/settings', { json: settings });
}

/**
 * The rules a school may tune, as src/checks/rules.ts defines them (the API has no rule list route; the
 * server refuses an id it does not know, so a stale entry here fails loudly rather than silently).
 */
export const checkRules: readonly { id: string; clause: string; title: string; severity: FindingSeverity }[] =
  [
    { id: 'pupil.name', clause: '2.4', title: 'Pupil named', severity: 'block' },
    {
      id: 'carer.name',
      clause: '2.4',
      title: 'Parent or carer named beside their child',
      severity: 'review',
    },
    { id: 'pii.phone', clause: '2.4', title: 'Phone number', severity: 'block' },
    { id: 'pii.email', clause: '2.4', title: 'Email address', severity: 'block' },
    { id: 'pii.postcode', clause: '2.4', title: 'Postcode', severity: 'block' },
    { id: 'pii.address', clause: '2.4', title: 'Home address', severity: 'block' },
    { id: 'pii.date_of_birth', clause: '2.4', title: 'Date of birth', severity: 'block' },
    { id: 'pii.nhs_number', clause: '2.4', title: 'NHS number', severity: 'block' },
    { id: 'pii.ni_number', clause: '2.4', title: 'National Insurance number', severity: 'block' },
    { id: 'pii.upn', clause: '2.4', title: 'Unique Pupil Number', severity: 'block' },
    { id: 'language.profanity', clause: '2.3', title: 'Swearing', severity: 'review' },
    {
      id: 'language.abuse',
      clause: '2.3',
      title: 'Abuse, threat, slur or harmful content',
      severity: 'block',
    },
    { id: 'link.insecure', clause: '2.5', title: 'Insecure link (http)', severity: 'advice' },
    {
      id: 'link.shortener',
      clause: '2.5',
      title: 'Shortened link hides its destination',
      severity: 'review',
    },
    { id: 'link.blocked', clause: '2.5', title: 'Link to a blocked site', severity: 'block' },
    { id: 'link.lookalike', clause: '2.5', title: 'Lookalike domain', severity: 'block' },
    { id: 'link.ip', clause: '2.5', title: 'Link to a bare IP address', severity: 'review' },
    {
      id: 'link.credentials',
      clause: '2.5',
      title: 'Link with a user name or password before the host',
      severity: 'block',
    },
    {
      id: 'link.not_allowed',
      clause: '2.5',
      title: 'Link outside the school’s allowed sites',
      severity: 'review',
    },
    {
      id: 'image.location',
      clause: '2.4',
      title: 'Photo carries location or other metadata',
      severity: 'block',
    },
    { id: 'image.faces', clause: '2.4', title: 'Faces in photo', severity: 'advice' },
    { id: 'image.consent', clause: '2.4', title: 'Photo without written consent', severity: 'block' },
    { id: 'image.named', clause: '2.4', title: 'Child named alongside a photo', severity: 'block' },
  ];
