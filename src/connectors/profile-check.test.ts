import { describe, expect, it } from 'vitest';
import { changedProfileFields, checkProfile } from './profile-check.js';

const school = { aupUrl: 'https://school.example/aup', officialEmailDomains: ['school.example'] };

describe('checking a profile read through the API (clauses 2.1, 2.8)', () => {
  it('finds the AUP in a link field or the bio, however it is written, and nowhere else', () => {
    const links = [{ label: 'Policy', url: 'http://www.school.example/aup/?utm_source=x', verified: true }];
    expect(checkProfile({ bio: '', links }, school).aupLink).toBe('found');
    expect(checkProfile({ bio: 'Rules: https://school.example/aup.', links: [] }, school).aupLink).toBe(
      'found',
    );
    expect(checkProfile({ bio: 'https://school.example/aup-old', links: [] }, school).aupLink).toBe(
      'not_found',
    );
    expect(
      checkProfile({ bio: 'https://school.example/aup', links: [] }, { ...school, aupUrl: null }),
    ).toEqual({ aupLink: 'not_found', aupLinkFoundIn: null, officialEmail: 'not_found' });
  });

  it('says where the AUP link was found: a verified link field over a plain one over the bio', () => {
    const aup = 'https://school.example/aup';
    const where = (bio: string, links: { label: string; url: string; verified?: boolean }[]) =>
      checkProfile({ bio, links }, school).aupLinkFoundIn;
    expect(where(`Rules: ${aup}`, [])).toBe('bio');
    expect(where(`Rules: ${aup}`, [{ label: 'Website', url: aup }])).toBe('link');
    expect(
      where(aup, [
        { label: 'Website', url: aup },
        { label: 'Policy', url: aup, verified: true },
      ]),
    ).toBe('verified_link');
    // A verified link to somewhere else does not make a plain AUP link verified.
    expect(
      where('', [
        { label: 'Home', url: 'https://school.example/', verified: true },
        { label: 'Policy', url: aup },
      ]),
    ).toBe('link');
    expect(where('no links here', [])).toBeNull();
  });

  it('counts only an address on an official domain (or its subdomain) as the official email', () => {
    expect(checkProfile({ bio: 'office@mail.school.example', links: [] }, school).officialEmail).toBe(
      'found',
    );
    expect(
      checkProfile({ bio: '', links: [{ label: 'Email', url: 'mailto:news@school.example' }] }, school)
        .officialEmail,
    ).toBe('found');
    expect(checkProfile({ bio: 'school.example@gmail.com', links: [] }, school).officialEmail).toBe(
      'not_found',
    );
  });

  it('names the fields that changed', () => {
    const previous = { display_name: 'News', bio: 'Hello', avatar_url: null, links: [] };
    expect(
      changedProfileFields(previous, { displayName: 'News', bio: 'Hello', avatarUrl: null, links: [] }),
    ).toEqual([]);
    expect(
      changedProfileFields(previous, {
        displayName: 'News!',
        bio: 'Hello',
        avatarUrl: 'https://x.example/a.png',
        links: [{ label: 'Site', url: 'https://school.example' }],
      }),
    ).toEqual(['display_name', 'avatar', 'links']);
  });
});
