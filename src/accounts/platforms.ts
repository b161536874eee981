/**
 * The platform catalogue. `publicProfile` says whether Guardpost can read an account's profile page
 * without signing in (and without running the platform's JavaScript), and so verify the AUP link itself
 * (clause 2.8); for the others the owner's attestation stands, marked as attested rather than verified.
 */
export const platformIds = [
  'x',
  'facebook',
  'instagram',
  'youtube',
  'tiktok',
  'flickr',
  'blogger',
  'wordpress',
  'tumblr',
  'mastodon',
  'bluesky',
  'linkedin',
  'other',
] as const;

export type PlatformId = (typeof platformIds)[number];

export interface Platform {
  id: PlatformId;
  name: string;
  /** Whether a bare handle (`@name`) identifies an account on its own. */
  handles: boolean;
  publicProfile: boolean;
}

export const platforms: Record<PlatformId, Platform> = {
  x: { id: 'x', name: 'X (Twitter)', handles: true, publicProfile: false },
  facebook: { id: 'facebook', name: 'Facebook', handles: true, publicProfile: false },
  instagram: { id: 'instagram', name: 'Instagram', handles: true, publicProfile: false },
  youtube: { id: 'youtube', name: 'YouTube', handles: true, publicProfile: false },
  tiktok: { id: 'tiktok', name: 'TikTok', handles: true, publicProfile: false },
  flickr: { id: 'flickr', name: 'Flickr', handles: true, publicProfile: true },
  blogger: { id: 'blogger', name: 'Blogger', handles: true, publicProfile: true },
  wordpress: { id: 'wordpress', name: 'WordPress', handles: true, publicProfile: true },
  tumblr: { id: 'tumblr', name: 'Tumblr', handles: true, publicProfile: true },
  mastodon: { id: 'mastodon', name: 'Mastodon', handles: true, publicProfile: true },
  bluesky: { id: 'bluesky', name: 'Bluesky', handles: true, publicProfile: false },
  linkedin: { id: 'linkedin', name: 'LinkedIn', handles: true, publicProfile: false },
  other: { id: 'other', name: 'Other (a web address)', handles: false, publicProfile: true },
};

export function isPlatformId(value: string): value is PlatformId {
  return (platformIds as readonly string[]).includes(value);
}
