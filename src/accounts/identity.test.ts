import { describe, expect, it } from 'vitest';
import { identityFromHandle, identityFromUrl, identityOf, verificationCandidates } from './identity.js';
import type { PlatformId } from './platforms.js';

function keyOf(result: ReturnType<typeof identityFromUrl>): string | undefined {
  return result.ok ? result.identity.key : undefined;
}

describe('account identity normalisation', () => {
  const sameAccount: [PlatformId, string, string[]][] = [
    [
      'x',
      'x:take1studios',
      [
        '@Take1Studios',
        'https://twitter.com/take1studios/',
        'x.com/TAKE1STUDIOS?s=20',
        'https://mobile.twitter.com/Take1Studios',
      ],
    ],
    [
      'instagram',
      'instagram:take1.art',
      ['@take1.art', 'https://www.instagram.com/Take1.Art/', 'instagr.am/take1.art'],
    ],
    [
      'facebook',
      'facebook:take1studiosart',
      ['take1.studios.art', 'https://m.facebook.com/Take1StudiosArt/', 'fb.com/take1studiosart'],
    ],
    ['youtube', 'youtube:@take1media', ['@Take1Media', 'https://www.youtube.com/@take1media/videos']],
    ['tiktok', 'tiktok:take1dance', ['@take1dance', 'https://www.tiktok.com/@Take1Dance?lang=en']],
    [
      'flickr',
      'flickr:take1photo',
      ['take1photo', 'https://www.flickr.com/photos/take1photo/', 'flickr.com/people/Take1Photo'],
    ],
    [
      'blogger',
      'blogger:ncfe-media-y12',
      [
        'ncfe-media-y12',
        'https://ncfe-media-y12.blogspot.com/',
        'http://ncfe-media-y12.blogspot.co.uk/2026/01/post.html',
      ],
    ],
    ['wordpress', 'wordpress:take1drama', ['take1drama', 'https://take1drama.wordpress.com']],
    [
      'tumblr',
      'tumblr:take1art',
      [
        'take1art',
        'https://take1art.tumblr.com/',
        'https://www.tumblr.com/take1art',
        'https://www.tumblr.com/blog/view/take1art',
      ],
    ],
    ['mastodon', 'mastodon:take1@schools.social', ['@Take1@Schools.Social', 'https://schools.social/@take1']],
    [
      'bluesky',
      'bluesky:take1.bsky.social',
      ['@take1', 'take1.bsky.social', 'https://bsky.app/profile/Take1.bsky.social'],
    ],
    [
      'linkedin',
      'linkedin:company:take1-studios',
      ['take1-studios', 'company/take1-studios', 'https://www.linkedin.com/company/take1-studios/about/'],
    ],
  ];

  for (const [platform, key, forms] of sameAccount) {
    it(`${platform}: every form of the same account gives one key`, () => {
      for (const form of forms) {
        const result =
          form.includes('/') && !form.startsWith('company/')
            ? identityFromUrl(form)
            : identityFromHandle(platform, form);
        expect(keyOf(result), form).toBe(key);
        expect(result.ok && result.identity.platform, form).toBe(platform);
      }
    });
  }

  it('facebook profile ids, youtube channel ids (case kept) and legacy names', () => {
    expect(keyOf(identityFromUrl('https://www.facebook.com/profile.php?id=100012345678'))).toBe(
      'facebook:id:100012345678',
    );
    expect(keyOf(identityFromUrl('https://www.youtube.com/channel/UCabcdefghijklmnopqrstuV'))).toBe(
      'youtube:channel:UCabcdefghijklmnopqrstuV',
    );
    expect(keyOf(identityFromUrl('https://youtube.com/user/Take1Media'))).toBe('youtube:c:take1media');
  });

  it('any other site is a web address without scheme, www, query or trailing slash', () => {
    expect(keyOf(identityFromUrl('https://www.Take1Studios.example/Media/Blog/?utm=x#top'))).toBe(
      'web:take1studios.example/Media/Blog',
    );
    expect(keyOf(identityFromUrl('http://take1studios.example/Media/Blog'))).toBe(
      'web:take1studios.example/Media/Blog',
    );
  });

  it('refuses what is not a handle or an address, saying why', () => {
    expect(identityFromHandle('x', 'far_too_long_for_x_handles').ok).toBe(false);
    expect(identityFromHandle('x', 'two words').ok).toBe(false);
    expect(identityFromHandle('mastodon', 'take1').ok).toBe(false);
    expect(identityFromHandle('other', 'anything').ok).toBe(false);
    expect(identityFromUrl('javascript:alert(1)').ok).toBe(false);
    expect(identityFromUrl('ftp://take1studios.example/').ok).toBe(false);
    expect(identityFromUrl('https://user:pw@take1studios.example/').ok).toBe(false);
    expect(identityFromUrl('https://www.youtube.com/watch?v=abc').ok).toBe(false);
  });

  it('registration: handle and address must agree, and be on the chosen platform', () => {
    expect(
      identityOf('x', { handle: '@take1studios', profileUrl: 'https://x.com/Take1Studios' }),
    ).toMatchObject({
      ok: true,
      identity: { key: 'x:take1studios', profileUrl: 'https://x.com/take1studios' },
    });
    expect(identityOf('x', { handle: '@take1studios', profileUrl: 'https://x.com/someoneelse' }).ok).toBe(
      false,
    );
    expect(identityOf('instagram', { profileUrl: 'https://x.com/take1studios' }).ok).toBe(false);
    expect(identityOf('x', {}).ok).toBe(false);
    // A self-hosted WordPress blog is registered as WordPress with its own address as identity.
    expect(identityOf('wordpress', { profileUrl: 'https://blog.take1studios.example/' })).toMatchObject({
      ok: true,
      identity: { platform: 'wordpress', key: 'web:blog.take1studios.example' },
    });
    // No platform chosen: the typed address decides it, so an instagram.com address is Instagram.
    expect(identityOf(undefined, { profileUrl: 'https://www.instagram.com/take1.drama/' })).toMatchObject({
      ok: true,
      identity: { platform: 'instagram', key: 'instagram:take1.drama' },
    });
    expect(identityOf(undefined, { handle: '@take1studios' }).ok).toBe(false);
    // A mismatch is worded for a person: the article agrees with the name, and the fix is named.
    expect(identityOf('x', { profileUrl: 'https://www.instagram.com/take1.drama/' })).toEqual({
      ok: false,
      problem:
        'the profile address is an Instagram address, not an X (Twitter) one: choose Instagram as the platform',
    });
    // A handle alone gives the canonical profile address to fetch.
    expect(identityOf('mastodon', { handle: '@take1@schools.social' })).toMatchObject({
      ok: true,
      identity: { profileUrl: 'https://schools.social/@take1' },
    });
  });

  it('public verification: an address gives its key; a bare handle is tried on every platform', () => {
    expect(verificationCandidates('https://twitter.com/Take1Studios')).toContain('x:take1studios');
    const bare = verificationCandidates('@Take1Studios');
    expect(bare).toEqual(
      expect.arrayContaining(['x:take1studios', 'instagram:take1studios', 'youtube:@take1studios']),
    );
    expect(verificationCandidates('@take1@schools.social')).toEqual(['mastodon:take1@schools.social']);
    expect(verificationCandidates('')).toEqual([]);
  });
});
