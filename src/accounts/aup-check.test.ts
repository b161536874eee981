import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAupLink } from './aup-check.js';
import { comparableUrl, extractLinks } from './aup-link.js';
import { defaultFetchPolicy, isPrivateAddress, safeFetch } from './safe-fetch.js';
import { html, type ProfileSite, redirect, startProfileSite, testFetchPolicy } from './testing.js';

describe('links in pages and the AUP address', () => {
  it('reads anchors leniently: quotes, no quotes, entities, base, comments and scripts', () => {
    const page = `<html><head><base href="https://blog.example/sub/"></head><body>
      <!-- <a href="https://commented.example/">hidden</a> -->
      <script>var s = '<a href="https://script.example/">';</script>
      <a class=x href=relative/page>rel</a>
      <A HREF='https://school.example/aup?x=1&amp;y=2' REL="nofollow me">AUP</A>
      <a href="https://broken.example/ <p>unclosed`;
    const links = extractLinks(page, 'https://blog.example/');
    expect(links.map((l) => l.href)).toEqual([
      'https://blog.example/sub/relative/page',
      'https://school.example/aup?x=1&y=2',
    ]);
    expect(links[1]?.rel).toEqual(['nofollow', 'me']);
  });

  it('compares addresses without scheme, www, trailing slash, fragment or tracking', () => {
    expect(comparableUrl('https://www.Take1Studios.example/policies/ict-aup/')).toBe(
      'take1studios.example/policies/ict-aup',
    );
    expect(comparableUrl('http://take1studios.example/policies/ict-aup#top')).toBe(
      'take1studios.example/policies/ict-aup',
    );
    expect(comparableUrl('https://take1studios.example/aup?utm_source=x&b=2&a=1')).toBe(
      'take1studios.example/aup?a=1&b=2',
    );
    expect(comparableUrl('mailto:office@take1studios.example')).toBeUndefined();
  });

  it('knows private, loopback and link-local addresses', () => {
    const inside = [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
    ];
    for (const a of [...inside, 'fd00::1', '::ffff:10.0.0.1', '0.0.0.0'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '151.101.1.69', '2a04:4e42::223']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('the AUP fetcher against a local web server', () => {
  let site: ProfileSite;
  const aupPath = '/policies/ict-aup';
  const aup = () => `${site.base}${aupPath}/`;
  const input = (path: string, extra: Partial<Parameters<typeof checkAupLink>[0]> = {}) => ({
    platform: 'blogger' as const,
    identityKey: 'blogger:take1-media',
    profileUrl: `${site.base}${path}`,
    aupUrl: aup(),
    attested: false,
    ...extra,
  });
  const options = { policy: testFetchPolicy, shorteners: new Set(['localhost']) };

  beforeAll(async () => {
    site = await startProfileSite(({ base, otherBase }) => {
      const aupLink = `<a href="${base.replace('http://', 'https://')}${aupPath}" rel="nofollow">ICT Acceptable Use Policy</a>`;
      const profile = (about: string) =>
        `<!doctype html><html><head><title>Media Y12</title></head><body><header><nav><a href="/">Home</a></nav></header>
         <aside class="about"><h2>About</h2><p>The Year 12 media course blog.</p>${about}</aside></body></html>`;
      const aupPage = html(
        `<html><body><h1>ICT AUP</h1><a rel="me" href="${base}/@take1">Mastodon</a></body></html>`,
      );
      return {
        '/present': html(profile(aupLink)),
        '/absent': html(profile('<a href="/archive">Archive</a>')),
        '/moved': redirect('/moved-twice', 302),
        '/moved-twice': redirect('/present'),
        '/loop': redirect('/loop'),
        '/malformed': html(
          `<html><body><div><p>About us<table><tr><td><a href=${base}${aupPath}/ class=aup>AUP<td></table><a href="`,
        ),
        '/huge': html(profile(`<p>${'Filler text for a very long page. '.repeat(20_000)}</p>${aupLink}`)),
        '/slow': (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.write('<html><body><p>Loading');
          // Never finishes: only the deadline ends this fetch.
        },
        '/shortened': html(profile(`<a href="${otherBase}/s/aup1">Our AUP</a>`)),
        '/s/aup1': redirect(`${base}${aupPath}`),
        '/signin': (_req, res) => {
          res.writeHead(403, { 'content-type': 'text/html' }).end('<p>Log in to continue</p>');
        },
        '/@take1': html(profile('<p>No links here</p>')),
        [aupPath]: aupPage,
        [`${aupPath}/`]: aupPage,
      };
    });
  });
  afterAll(async () => {
    await site.close();
  });

  it('finds the link on a realistic profile page, with a clear user agent', async () => {
    const outcome = await checkAupLink(input('/present'), options);
    expect(outcome).toMatchObject({ result: 'found', checkedUrl: `${site.base}/present` });
    expect(site.userAgents.at(-1)).toBe(testFetchPolicy.userAgent);
    expect(defaultFetchPolicy.userAgent).toMatch(/Guardpost/);
  });

  it('reports a page without the link as not found', async () => {
    expect(await checkAupLink(input('/absent'), options)).toMatchObject({ result: 'not_found' });
  });

  it('follows redirects to the profile, within the limit', async () => {
    expect(await checkAupLink(input('/moved'), options)).toMatchObject({
      result: 'found',
      checkedUrl: `${site.base}/present`,
    });
    const loop = await safeFetch(`${site.base}/loop`, testFetchPolicy);
    expect(loop).toMatchObject({ ok: false, failure: 'too_many_redirects' });
    expect(await checkAupLink(input('/loop'), options)).toMatchObject({ result: 'could_not_check' });
  });

  it('reads malformed HTML', async () => {
    expect(await checkAupLink(input('/malformed'), options)).toMatchObject({ result: 'found' });
  });

  it('stops reading a huge page at the size limit and says so', async () => {
    const page = await safeFetch(`${site.base}/huge`, testFetchPolicy);
    expect(page).toMatchObject({ ok: true, truncated: true });
    expect(page.ok && Buffer.byteLength(page.body)).toBeLessThanOrEqual(testFetchPolicy.maxBytes);
    const outcome = await checkAupLink(input('/huge'), options);
    expect(outcome.result).toBe('could_not_check');
    expect(outcome.reason).toMatch(/larger than/);
  });

  it('gives up on a slow page at the deadline', async () => {
    const started = Date.now();
    const outcome = await checkAupLink(input('/slow'), options);
    expect(outcome).toMatchObject({ result: 'could_not_check', reason: 'the page took too long' });
    expect(Date.now() - started).toBeLessThan(testFetchPolicy.timeoutMs + 1000);
  });

  it('resolves known link shorteners by following their redirects', async () => {
    expect(await checkAupLink(input('/shortened'), options)).toMatchObject({ result: 'found' });
    // Without the shortener on the list the link is not followed.
    expect(await checkAupLink(input('/shortened'), { policy: testFetchPolicy })).toMatchObject({
      result: 'not_found',
    });
  });

  it('accepts a Mastodon rel="me" link from the AUP page back to the account', async () => {
    const mastodon = input('/@take1', { platform: 'mastodon', identityKey: 'mastodon:take1@schools.social' });
    const outcome = await checkAupLink(mastodon, options);
    expect(outcome.result).toBe('found');
    expect(outcome.reason).toMatch(/rel="me"/);
    // Other platforms need the link on the profile page itself.
    expect(await checkAupLink({ ...mastodon, platform: 'blogger' }, options)).toMatchObject({
      result: 'not_found',
    });
  });

  it('lets the attestation stand where the page needs signing in, marked attested', async () => {
    expect(await checkAupLink(input('/signin', { attested: true }), options)).toMatchObject({
      result: 'attested',
    });
    expect(await checkAupLink(input('/signin'), options)).toMatchObject({ result: 'could_not_check' });
    expect(
      await checkAupLink(input('/present', { platform: 'instagram', attested: true }), options),
    ).toMatchObject({ result: 'attested', checkedUrl: null });
  });

  it('refuses private addresses, other schemes and unresolvable names unless allowed', async () => {
    const strict = { ...testFetchPolicy, allowPrivateAddresses: false };
    expect(await safeFetch(`${site.base}/present`, strict)).toMatchObject({ ok: false, failure: 'address' });
    expect(await safeFetch(`${site.otherBase}/present`, strict)).toMatchObject({
      ok: false,
      failure: 'address',
    });
    expect(await safeFetch('http://169.254.169.254/latest/meta-data', strict)).toMatchObject({
      ok: false,
      failure: 'address',
    });
    expect(await safeFetch('file:///etc/passwd', strict)).toMatchObject({ ok: false, failure: 'scheme' });
  });
});
