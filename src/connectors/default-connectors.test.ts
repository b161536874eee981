import { describe, expect, it } from 'vitest';
import { ConnectorError } from './connector.js';
import { createDefaultConnectorRegistry } from './default-connectors.js';

describe('the default connectors', () => {
  it('has one connector per platform of the table', () => {
    const registry = createDefaultConnectorRegistry({ env: 'test' });
    expect(registry.all().map((c) => c.platform)).toEqual([
      'mastodon',
      'bluesky',
      'facebook',
      'instagram',
      'youtube',
    ]);
    expect(registry.connectorFor('x')).toBeUndefined();
  });

  it('says it is offline in tests instead of reaching a platform', async () => {
    const mastodon = createDefaultConnectorRegistry({ env: 'test' }).connectorFor('mastodon');
    const error = await mastodon
      ?.readProfile({ baseUrl: 'https://mastodon.example', accessToken: 't', accountId: '1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('offline');
    expect((error as ConnectorError).message).toContain('offline');
    expect((error as ConnectorError).message).toContain('mastodon.example');
  });

  it('refuses to start Meta or Google OAuth without their app, naming the settings', () => {
    const registry = createDefaultConnectorRegistry({ env: 'test' });
    const start = () =>
      registry.connectorFor('facebook')?.auth?.authorizeUrl?.({
        baseUrl: 'https://graph.facebook.com',
        redirectUri: 'https://g.example/cb',
        state: 's',
      });
    expect(start).toThrow(/GUARDPOST_META_APP_ID/);
  });
});
