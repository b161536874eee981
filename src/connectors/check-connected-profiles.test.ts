import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { createBlueskyConnector } from './bluesky.connector.js';
import { checkConnectedProfiles } from './check-connected-profiles.js';
import { createConnectorRegistry } from './connector-registry.js';
import { createFacebookConnector } from './facebook.connector.js';
import { getConnection } from './get-connection.js';
import { createMastodonConnector } from './mastodon.connector.js';
import { graphOrigin } from './meta-graph.js';
import { openConnection } from './open-connection.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from './testing.js';
import { createYoutubeConnector, youtubeApiOrigin } from './youtube.connector.js';

// Each platform's documented profile read (Mastodon verify_credentials, the Bluesky profile record, a Facebook
// Page's fields, YouTube channels.list; Google's token endpoint), with generated names and ids.
const mastodon = 'https://mastodon.example';
const pds = 'https://pds.example';
const did = 'did:plc:profilecheck0000000000001';
const aupUrl = 'https://connector.example/policies/aup';
const googleApp = { clientId: 'cid.apps.googleusercontent.com', clientSecret: 'gsecret' };

function mastodonMe(note: string, fields: { name: string; value: string; verified_at: string | null }[]) {
  return {
    id: '109000000000000001',
    username: 'news',
    acct: 'news',
    display_name: 'Connector Academy News',
    note,
    avatar: 'https://mastodon.example/avatars/news.png',
    fields,
  };
}

for (const engine of testEngines()) {
  describe(`the daily profile check on ${engine}`, () => {
    let t: TestDb;
    const clock = fixedClock('2026-12-03T06:30:00Z');
    const keyring = createKeyring(generateMasterKey());
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let current: Replay | undefined;
    const accounts: Record<'mastodon' | 'bluesky' | 'facebook' | 'youtube', string> = {
      mastodon: '',
      bluesky: '',
      facebook: '',
      youtube: '',
    };

    function depsWith(exchanges: RecordedExchange[]) {
      current = replay(exchanges);
      const now = () => clock.now();
      const fetch = current.fetch;
      const connectors = createConnectorRegistry([
        createMastodonConnector({ fetch, now }),
        createBlueskyConnector({ fetch, now }),
        createFacebookConnector({ fetch, now }),
        createYoutubeConnector({ fetch, now, app: googleApp }),
      ]);
      return { keyring, connectors, clock };
    }

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, clock.now());
      await t.db.updateTable('schools').set({ aup_url: aupUrl }).where('id', '=', school.schoolId).execute();
      const connect = async (
        platform: keyof typeof accounts,
        baseUrl: string,
        platformAccountId: string,
        secrets: Parameters<typeof buildConnection>[2]['secrets'] = {},
      ) => {
        accounts[platform] = await buildRegisteredAccount(t.db, {
          schoolId: school.schoolId,
          ownerIds: [school.owner.actor.staffId],
          platform,
          handle: `@${platform}news`,
        });
        await buildConnection(t.db, keyring, {
          schoolId: school.schoolId,
          accountId: accounts[platform],
          platform,
          baseUrl,
          platformAccountId,
          handle: `@${platform}news`,
          secrets: { accessToken: `${platform}-token`, ...secrets },
          now: clock.now(),
        });
      };
      // Created in this order, and read in it.
      await connect('mastodon', mastodon, '109000000000000001');
      await connect('bluesky', pds, did, { refreshToken: 'bsky-refresh' });
      await connect('facebook', graphOrigin, '104000000000001');
      await connect('youtube', youtubeApiOrigin, 'UCschool000000000000001', {
        refreshToken: '1//yt-refresh',
        expiresAt: new Date('2026-12-03T06:31:00Z'),
        clientId: googleApp.clientId,
        clientSecret: googleApp.clientSecret,
      });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    afterAll(async () => {
      await t.destroy();
    });

    const dayOne: RecordedExchange[] = [
      {
        method: 'GET',
        origin: mastodon,
        path: '/api/v1/accounts/verify_credentials',
        status: 200,
        body: mastodonMe('<p>News from Connector Academy. Contact news@connector.example</p>', [
          {
            name: 'Policy',
            value:
              '<a href="https://connector.example/policies/aup/" rel="nofollow noopener me" target="_blank">connector.example/policies/aup</a>',
            verified_at: '2026-11-30T10:00:00.000+00:00',
          },
        ]),
      },
      {
        method: 'GET',
        origin: pds,
        path: `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.actor.profile&rkey=self`,
        status: 200,
        body: {
          uri: `at://${did}/app.bsky.actor.profile/self`,
          value: {
            $type: 'app.bsky.actor.profile',
            displayName: 'Connector Academy',
            description: 'Our rules: https://www.connector.example/policies/aup?utm_source=bsky. DM us? No.',
          },
        },
      },
      {
        method: 'GET',
        origin: graphOrigin,
        path: '/v24.0/104000000000001?fields=name%2Cabout%2Cdescription%2Cwebsite%2Cemails%2Cpicture%7Burl%7D',
        status: 200,
        body: {
          id: '104000000000001',
          name: 'Connector Academy',
          about: 'The school’s page.',
          website: 'https://connector.example/policies/aup',
          emails: ['connectoracademy@gmail.com'],
        },
      },
      {
        method: 'POST',
        origin: 'https://oauth2.googleapis.com',
        path: '/token',
        status: 200,
        body: { access_token: 'ya29.refreshed', expires_in: 3599, token_type: 'Bearer' },
      },
      {
        method: 'GET',
        origin: youtubeApiOrigin,
        path: '/youtube/v3/channels?part=snippet&id=UCschool000000000000001',
        status: 200,
        body: {
          items: [
            {
              id: 'UCschool000000000000001',
              snippet: {
                title: 'Connector Academy',
                description: 'Videos from the school. Write to office@connector.example',
                thumbnails: { default: { url: 'https://yt3.example/default.jpg' } },
              },
            },
          ],
        },
      },
    ];

    it('reads each profile through its API with the exact requests, checks the AUP link and official email, and records it', async () => {
      const deps = depsWith(dayOne);
      const outcomes = await checkConnectedProfiles(t.db, deps);
      expect(outcomes.map((o) => [o.platform, o.outcome, o.check])).toEqual([
        [
          'mastodon',
          'recorded',
          { aupLink: 'found', aupLinkFoundIn: 'verified_link', officialEmail: 'found' },
        ],
        ['bluesky', 'recorded', { aupLink: 'found', aupLinkFoundIn: 'bio', officialEmail: 'not_found' }],
        ['facebook', 'recorded', { aupLink: 'found', aupLinkFoundIn: 'link', officialEmail: 'not_found' }],
        ['youtube', 'recorded', { aupLink: 'not_found', aupLinkFoundIn: null, officialEmail: 'found' }],
      ]);
      const sent = current?.sent() ?? [];
      expect(sent.map((r) => [r.method, r.url, r.authorization])).toEqual([
        ['GET', `${mastodon}/api/v1/accounts/verify_credentials`, 'Bearer mastodon-token'],
        [
          'GET',
          `${pds}/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.actor.profile&rkey=self`,
          'Bearer bluesky-token',
        ],
        [
          'GET',
          `${graphOrigin}/v24.0/104000000000001?fields=name%2Cabout%2Cdescription%2Cwebsite%2Cemails%2Cpicture%7Burl%7D`,
          'Bearer facebook-token',
        ],
        ['POST', 'https://oauth2.googleapis.com/token', undefined],
        [
          'GET',
          `${youtubeApiOrigin}/youtube/v3/channels?part=snippet&id=UCschool000000000000001`,
          'Bearer ya29.refreshed',
        ],
      ]);
      expect(Object.fromEntries(new URLSearchParams(sent[3]?.body))).toEqual({
        client_id: googleApp.clientId,
        client_secret: googleApp.clientSecret,
        refresh_token: '1//yt-refresh',
        grant_type: 'refresh_token',
      });
      current?.assertAllUsed();
      // The token YouTube refreshed during the read is sealed and stored, not dropped.
      const opened = await t.db.transaction().execute((tx) => openConnection(tx, deps, accounts.youtube));
      expect(opened.credentials).toMatchObject({
        accessToken: 'ya29.refreshed',
        refreshToken: '1//yt-refresh',
      });
      const rows = await t.db
        .selectFrom('connection_profiles')
        .select(['account_id', 'display_name', 'changed_fields', 'aup_link', 'official_email'])
        .where('school_id', '=', school.schoolId)
        .execute();
      expect(rows).toHaveLength(4);
      expect(rows.find((r) => r.account_id === accounts.mastodon)).toMatchObject({
        display_name: 'Connector Academy News',
        changed_fields: [],
      });
      // A first read is a baseline: nobody is told.
      const told = await t.db
        .selectFrom('notifications')
        .select('kind')
        .where('kind', '=', 'accounts.profile_changed')
        .execute();
      expect(told).toEqual([]);
    });

    it('a later read records what changed, tells the owners and SMT, and audits which fields (never their text)', async () => {
      clock.set(new Date('2026-12-04T06:30:00Z'));
      const deps = depsWith([
        {
          method: 'GET',
          origin: mastodon,
          path: '/api/v1/accounts/verify_credentials',
          status: 200,
          body: mastodonMe('<p>News and match results. DM us!</p>', []),
        },
        // The same Bluesky profile as yesterday; Facebook's token was revoked; YouTube's channel is unchanged.
        dayOne[1] as RecordedExchange,
        {
          method: 'GET',
          origin: graphOrigin,
          path: '/v24.0/104000000000001?fields=name%2Cabout%2Cdescription%2Cwebsite%2Cemails%2Cpicture%7Burl%7D',
          status: 400,
          body: {
            error: {
              message: 'Error validating access token: The user has not authorized application.',
              type: 'OAuthException',
              code: 190,
            },
          },
        },
        // Yesterday's refreshed token has expired since: refreshed again before the read.
        dayOne[3] as RecordedExchange,
        dayOne[4] as RecordedExchange,
      ]);
      const outcomes = await checkConnectedProfiles(t.db, deps);
      expect(outcomes.map((o) => [o.platform, o.outcome, o.changed])).toEqual([
        ['mastodon', 'recorded', ['bio', 'links']],
        ['bluesky', 'unchanged', []],
        ['facebook', 'failed', []],
        ['youtube', 'unchanged', []],
      ]);
      current?.assertAllUsed();
      const latest = await t.db
        .selectFrom('connection_profiles')
        .selectAll()
        .where('account_id', '=', accounts.mastodon)
        .orderBy('read_at', 'desc')
        .executeTakeFirstOrThrow();
      expect(latest).toMatchObject({
        bio: 'News and match results. DM us!',
        changed_fields: ['bio', 'links'],
        aup_link: 'not_found',
        official_email: 'not_found',
      });
      const told = await t.db
        .selectFrom('notifications')
        .select(['staff_id', 'body', 'link'])
        .where('kind', '=', 'accounts.profile_changed')
        .execute();
      expect(told.map((n) => n.staff_id).sort()).toEqual(
        [school.owner.actor.staffId, school.smt.actor.staffId].sort(),
      );
      expect(told[0]?.body).toMatch(/bio, links changed; it no longer shows the link to the AUP/);
      expect(told[0]?.link).toBe(`/accounts/${accounts.mastodon}`);
      const events = await t.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('subject_id', '=', accounts.mastodon)
        .where('type', 'like', 'connection.profile_%')
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.type)).toEqual([
        'connection.profile_checked',
        'connection.profile_checked',
        'connection.profile_changed',
      ]);
      expect(JSON.stringify(events)).not.toMatch(/match results/);
      const facebook = await t.db
        .selectFrom('platform_connections')
        .select(['status'])
        .where('account_id', '=', accounts.facebook)
        .executeTakeFirstOrThrow();
      expect(facebook.status).toBe('failed');
    });

    it('the account page says when each profile was last read, what it showed, and the last change', async () => {
      clock.set(new Date('2026-12-04T12:00:00Z'));
      const deps = { ...depsWith([]), callbackUrl: undefined };
      const view = (account: string) => getConnection(t.db, school.smt.actor, account, deps);
      // Read on both days; the second read found nothing new, so only its time moved on.
      expect((await view(accounts.bluesky)).profileCheck).toEqual({
        readable: true,
        lastReadAt: '2026-12-04T06:30:00.000Z',
        nextCheckAt: '2026-12-05T06:30:00.000Z',
        aupLink: { found: true, foundIn: 'bio' },
        officialEmail: { found: false },
        lastChange: null,
      });
      expect((await view(accounts.mastodon)).profileCheck).toEqual({
        readable: true,
        lastReadAt: '2026-12-04T06:30:00.000Z',
        nextCheckAt: '2026-12-05T06:30:00.000Z',
        aupLink: { found: false, foundIn: null },
        officialEmail: { found: false },
        lastChange: { fields: ['bio', 'links'], at: '2026-12-04T06:30:00.000Z' },
      });
      // Facebook's second read failed: the page shows the first.
      expect((await view(accounts.facebook)).profileCheck).toMatchObject({
        lastReadAt: '2026-12-03T06:30:00.000Z',
        aupLink: { found: true, foundIn: 'link' },
      });
      // Mastodon and Facebook expose no direct-message setting; no reader was handed in here either.
      expect((await view(accounts.mastodon)).directMessages).toEqual({ readable: false, lastCheck: null });
    });

    it('an account never read says so, with the next check', async () => {
      const never = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@nevernews',
      });
      const deps = { ...depsWith([]), callbackUrl: undefined };
      expect((await getConnection(t.db, school.owner.actor, never, deps)).profileCheck).toEqual({
        readable: true,
        lastReadAt: null,
        nextCheckAt: '2026-12-05T06:30:00.000Z',
        aupLink: null,
        officialEmail: null,
        lastChange: null,
      });
    });
  });
}
