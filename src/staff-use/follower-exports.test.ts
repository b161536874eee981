import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ExportError, fixMojibake, readExport } from './follower-exports.js';

// Generated fixtures in the shapes the platforms' exports use; every name is made up.
const bytes = (text: string) => strToU8(text);
const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));

const instagramEntry = (handle: string) => ({
  title: '',
  media_list_data: [],
  string_list_data: [
    { href: `https://www.instagram.com/${handle}`, value: handle, timestamp: 1_700_000_000 },
  ],
});

describe('reading the Instagram export', () => {
  it('reads followers and following from the JSON zip, each person once', () => {
    const file = zip({
      'connections/followers_and_following/followers_1.json': JSON.stringify([
        instagramEntry('jess.quillon09'),
        instagramEntry('barnaby_ashdown'),
      ]),
      'connections/followers_and_following/following.json': JSON.stringify({
        relationships_following: [instagramEntry('barnaby_ashdown'), instagramEntry('fen.eversley')],
      }),
      'your_instagram_activity/likes/liked_posts.json': JSON.stringify([instagramEntry('not.a.follower')]),
    });
    const result = readExport('instagram.zip', file, 'instagram');
    expect(result.followers).toEqual([
      { name: '', handle: 'jess.quillon09' },
      { name: '', handle: 'barnaby_ashdown' },
      { name: '', handle: 'fen.eversley' },
    ]);
    expect(result.notes).toEqual([
      'This export gives handles only, so matching uses the names inside handles.',
    ]);
  });

  it('reads the HTML zip by its profile links', () => {
    const html = `<html><body>
      <div><a target="_blank" href="https://www.instagram.com/octavia.greyling">octavia.greyling</a></div>
      <div><a target="_blank" href="https://www.instagram.com/_u/percival_dunmore11/">percival_dunmore11</a></div>
    </body></html>`;
    const result = readExport(
      'instagram.zip',
      zip({ 'connections/followers_and_following/followers_1.html': html }),
      'instagram',
    );
    expect(result.followers.map((f) => f.handle)).toEqual(['octavia.greyling', 'percival_dunmore11']);
  });

  it('says when a zip holds no follower list', () => {
    expect(() => readExport('x.zip', zip({ 'media/posts.json': '[]' }), 'instagram')).toThrow(
      /No Instagram follower or friend list was found/,
    );
  });
});

describe('reading the Facebook export', () => {
  it('reads friends from JSON with their names, repairing Facebook’s mojibake', () => {
    const json = JSON.stringify({
      friends_v2: [
        { name: 'Clementine Blakemore', timestamp: 1_700_000_000 },
        { name: 'Zo\u00c3\u00ab Fairweather', timestamp: 1_700_000_001 },
      ],
    });
    const result = readExport('your_friends.json', bytes(json), 'facebook');
    expect(result.followers).toEqual([
      { name: 'Clementine Blakemore', handle: '' },
      { name: 'Zoë Fairweather', handle: '' },
    ]);
    expect(result.notes).toEqual([]);
  });

  it('reads friends from the HTML export inside a zip', () => {
    const html =
      '<div class="_2ph_ _a6-h _a6-i">Desmond Carrington</div><div class="_a6-o">Nov 3, 2025</div>' +
      '<div class="_2ph_ _a6-h _a6-i">Eugenie Ashdown</div>';
    const result = readExport(
      'facebook.zip',
      zip({ 'connections/friends/your_friends.html': html }),
      'facebook',
    );
    expect(result.followers.map((f) => f.name)).toEqual(['Desmond Carrington', 'Eugenie Ashdown']);
  });

  it('leaves text that is not mojibake alone', () => {
    expect(fixMojibake('Zoë Fairweather')).toBe('Zoë Fairweather');
  });
});

describe('reading the TikTok export', () => {
  it('reads user names from user_data.json', () => {
    const json = JSON.stringify({
      Activity: {
        'Follower List': { FansList: [{ Date: '2025-10-01 10:00:00', UserName: 'gideon.eversley' }] },
        'Following List': { Following: [{ Date: '2025-10-02 10:00:00', UserName: 'jkhanly_2012' }] },
      },
    });
    const result = readExport('tiktok.zip', zip({ 'TikTok_Data/user_data.json': json }), 'tiktok');
    expect(result.followers.map((f) => f.handle)).toEqual(['gideon.eversley', 'jkhanly_2012']);
    expect(result.notes[0]).toMatch(/handles only/);
  });

  it('reads the text export’s “Username:” lines', () => {
    const text =
      'Date: 2025-10-01 10:00:00\nUsername: fenella.dunmore\n\nDate: 2025-10-02 11:00:00\nUser name: octavia_11\n';
    const result = readExport('Follower.txt', bytes(text), 'tiktok');
    expect(result.followers.map((f) => f.handle)).toEqual(['fenella.dunmore', 'octavia_11']);
  });
});

describe('reading X’s follower.js', () => {
  it('counts the followers and says honestly that account numbers cannot be matched', () => {
    const js = `window.YTD.follower.part0 = ${JSON.stringify(
      Array.from({ length: 3 }, (_, i) => ({
        follower: {
          accountId: String(1000 + i),
          userLink: `https://twitter.com/intent/user?user_id=${1000 + i}`,
        },
      })),
    )}`;
    const result = readExport('twitter.zip', zip({ 'data/follower.js': js, 'data/tweets.js': '[]' }), 'x');
    expect(result.followers).toEqual([]);
    expect(result.withoutNames).toBe(3);
    expect(result.notes).toEqual([
      'X’s export lists followers by account number only, without names or handles, so Guardpost cannot match them. Check your followers in the X app.',
    ]);
  });

  it('refuses a follower.js with no list', () => {
    expect(() => readExport('follower.js', bytes('window.YTD.follower.part0 = {}'), 'x')).toThrow(
      ExportError,
    );
  });
});

describe('any export', () => {
  it('says when a file holds no followers, and when it is not JSON', () => {
    expect(() => readExport('your_friends.json', bytes('{"friends_v2": []}'), 'facebook')).toThrow(
      /No followers were found in your_friends.json/,
    );
    expect(() => readExport('your_friends.json', bytes('not json'), 'facebook')).toThrow(/not readable JSON/);
  });
});
