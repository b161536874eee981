import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  accountsWithNewComments,
  handshakeChallenge,
  metaWebhookSettings,
  signatureMatches,
} from './meta-webhook.js';

describe('Meta webhooks, pure parts', () => {
  const metaApp = { clientId: '1234567890', clientSecret: 'meta-app-secret-0123456789' };

  it('are on only with the verify token, the Meta app and a public URL', () => {
    const all = {
      metaWebhookVerifyToken: 'token-0123456789abcdef',
      metaApp,
      publicUrl: 'https://gp.example',
    };
    expect(metaWebhookSettings(all)).toEqual({
      verifyToken: 'token-0123456789abcdef',
      appSecret: metaApp.clientSecret,
      callbackUrl: 'https://gp.example/api/webhooks/meta',
    });
    expect(metaWebhookSettings({ ...all, metaWebhookVerifyToken: undefined })).toBeUndefined();
    expect(metaWebhookSettings({ ...all, metaApp: undefined })).toBeUndefined();
    expect(metaWebhookSettings({ ...all, publicUrl: undefined })).toBeUndefined();
  });

  it('echoes the challenge only to a subscribe naming our token', () => {
    const token = 'token-0123456789abcdef';
    const ok = { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '42' };
    expect(handshakeChallenge(ok, token)).toBe('42');
    expect(handshakeChallenge({ ...ok, 'hub.verify_token': `${token}0` }, token)).toBeUndefined();
    expect(handshakeChallenge({ ...ok, 'hub.mode': 'unsubscribe' }, token)).toBeUndefined();
    expect(handshakeChallenge({ 'hub.mode': 'subscribe', 'hub.challenge': '42' }, token)).toBeUndefined();
  });

  it('checks the signature over the raw bytes, in lower or upper case hex', () => {
    const body = Buffer.from('{"object":"page","entry":[]}');
    const hex = createHmac('sha256', metaApp.clientSecret).update(body).digest('hex');
    expect(signatureMatches(body, `sha256=${hex}`, metaApp.clientSecret)).toBe(true);
    expect(signatureMatches(body, `sha256=${hex.toUpperCase()}`, metaApp.clientSecret)).toBe(true);
    expect(signatureMatches(Buffer.from(`${body} `), `sha256=${hex}`, metaApp.clientSecret)).toBe(false);
    expect(signatureMatches(body, `sha1=${hex}`, metaApp.clientSecret)).toBe(false);
    expect(signatureMatches(body, undefined, metaApp.clientSecret)).toBe(false);
    expect(signatureMatches(body, `sha256=${hex}`, 'another-secret-0123456789')).toBe(false);
  });

  it('names each account with a new comment once, and nothing else', () => {
    const feed = (id: unknown, item: string, verb: string) => ({
      id,
      time: 1764756001,
      changes: [{ field: 'feed', value: { item, verb, comment_id: '1_2', post_id: '3_4' } }],
    });
    expect(
      accountsWithNewComments({
        object: 'page',
        entry: [
          feed('104000000000001', 'comment', 'add'),
          feed('104000000000001', 'comment', 'edited'),
          feed('104000000000002', 'comment', 'remove'),
          feed('104000000000003', 'comment', 'hide'),
          feed('104000000000004', 'reaction', 'add'),
          feed('not-an-id', 'comment', 'add'),
          feed(104000000000005, 'comment', 'add'),
        ],
      }),
    ).toEqual([
      { platform: 'facebook', platformAccountId: '104000000000001' },
      { platform: 'facebook', platformAccountId: '104000000000005' },
    ]);
    expect(
      accountsWithNewComments({
        object: 'instagram',
        entry: [
          {
            id: '17841400000000001',
            time: 1,
            changes: [{ field: 'comments', value: { id: '1', text: 'x' } }],
          },
          { id: '17841400000000002', time: 1, changes: [{ field: 'mentions', value: {} }] },
        ],
      }),
    ).toEqual([{ platform: 'instagram', platformAccountId: '17841400000000001' }]);
    for (const junk of [null, 'page', [], { object: 'user', entry: [] }, { object: 'page', entry: 'x' }])
      expect(accountsWithNewComments(junk)).toEqual([]);
  });
});
