import { comparableUrl } from '../accounts/aup-link.js';
import type { AupLinkPlace } from './connections.table.js';
import type { ProfileSnapshot } from './connector.js';

/**
 * What a profile read through the platform's API shows (issue 13): a link to the school's AUP (clause 2.8)
 * and an official school email address (clause 2.1), and which of its parts changed since the last read.
 * Pure: the same address comparison as the register's page check (`comparableUrl`), no network.
 */
export interface ProfileCheck {
  aupLink: 'found' | 'not_found';
  /** Where it was found, the strongest place first (a verified link, a link field, the bio); null when not. */
  aupLinkFoundIn: AupLinkPlace | null;
  officialEmail: 'found' | 'not_found';
}

export interface SchoolProfileSettings {
  aupUrl: string | null;
  officialEmailDomains: readonly string[];
}

/** The fields a change is recorded for. */
export type ProfileField = 'display_name' | 'bio' | 'avatar' | 'links';

const urlInText = /\bhttps?:\/\/[^\s<>"')\]]+/gi;
const emailInText = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;

/** Every address the profile shows: its link fields (Mastodon's, verified or not) and links in the bio. */
export function profileAddresses(profile: Pick<ProfileSnapshot, 'bio' | 'links'>): string[] {
  const inBio = [...profile.bio.matchAll(urlInText)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
  return [...profile.links.map((l) => l.url), ...inBio];
}

/** Whether an address is on one of the school's official domains (or a subdomain of one). */
export function isOfficialEmail(email: string, domains: readonly string[]): boolean {
  const domain = email.split('@')[1]?.toLowerCase() ?? '';
  return domains.some((d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`));
}

export function checkProfile(
  profile: Pick<ProfileSnapshot, 'bio' | 'links'>,
  school: SchoolProfileSettings,
): ProfileCheck {
  const target = school.aupUrl ? comparableUrl(school.aupUrl) : undefined;
  const isAup = (address: string) => target !== undefined && comparableUrl(address) === target;
  const inLinks = profile.links.filter((l) => isAup(l.url));
  // A link the platform verified (Mastodon's rel="me" check) says the most; a link in the bio the least.
  const aupLinkFoundIn: AupLinkPlace | null = inLinks.some((l) => l.verified)
    ? 'verified_link'
    : inLinks.length > 0
      ? 'link'
      : profileAddresses({ bio: profile.bio, links: [] }).some(isAup)
        ? 'bio'
        : null;
  const emails = [
    ...[...profile.bio.matchAll(emailInText)].map((m) => m[0]),
    ...profile.links.flatMap((l) =>
      l.url.startsWith('mailto:') ? [l.url.slice(7).split('?')[0] ?? ''] : [],
    ),
  ];
  const officialEmail = emails.some((e) => isOfficialEmail(e, school.officialEmailDomains))
    ? 'found'
    : 'not_found';
  return { aupLink: aupLinkFoundIn ? 'found' : 'not_found', aupLinkFoundIn, officialEmail };
}

/** The previous read as stored (`connection_profiles`). */
export interface StoredProfile {
  display_name: string;
  bio: string;
  avatar_url: string | null;
  links: readonly { label: string; url: string; verified?: boolean }[];
}

const linksKey = (links: StoredProfile['links']) =>
  JSON.stringify(links.map((l) => [l.label, l.url, l.verified ?? null]));

/** Which recorded parts differ from the previous read; empty when nothing changed. */
export function changedProfileFields(
  previous: StoredProfile,
  profile: Pick<ProfileSnapshot, 'displayName' | 'bio' | 'avatarUrl' | 'links'>,
): ProfileField[] {
  const changed: ProfileField[] = [];
  if (previous.display_name !== profile.displayName) changed.push('display_name');
  if (previous.bio !== profile.bio) changed.push('bio');
  if ((previous.avatar_url ?? null) !== (profile.avatarUrl ?? null)) changed.push('avatar');
  if (linksKey(previous.links) !== linksKey(profile.links)) changed.push('links');
  return changed;
}
