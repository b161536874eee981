import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultBlockListsUrl, loadConfig } from './config.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'guardpost-config-'));
}

function configErrorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults: port 3000, PGlite in the data folder', () => {
    const dir = tempDir();
    const config = loadConfig({ GUARDPOST_DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: dir,
      seedDemo: true,
      env: 'development',
    });
  });

  it('reads the Meta webhook verify token, and refuses one without the Meta app that signs deliveries', () => {
    const dir = tempDir();
    const token = 'verify-token-7f3c2a9e51b04d68';
    const config = loadConfig({
      GUARDPOST_DATA_DIR: dir,
      GUARDPOST_META_APP_ID: '1234567890',
      GUARDPOST_META_APP_SECRET: 'meta-app-secret-0123456789',
      GUARDPOST_META_WEBHOOK_VERIFY_TOKEN: token,
    });
    expect(config.metaWebhookVerifyToken).toBe(token);
    expect(configErrorOf({ GUARDPOST_DATA_DIR: dir, GUARDPOST_META_WEBHOOK_VERIFY_TOKEN: token })).toMatch(
      /^GUARDPOST_META_WEBHOOK_VERIFY_TOKEN: needs GUARDPOST_META_APP_ID and GUARDPOST_META_APP_SECRET/,
    );
    expect(configErrorOf({ GUARDPOST_DATA_DIR: dir, GUARDPOST_META_WEBHOOK_VERIFY_TOKEN: 'short' })).toMatch(
      /^GUARDPOST_META_WEBHOOK_VERIFY_TOKEN: must be 16 to 200 printable characters/,
    );
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ GUARDPOST_DATA_DIR: tempDir(), PORT: '', DATABASE_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('names the variable in one line for a bad PORT', () => {
    for (const port of ['abc', '0', '70000', '3.5']) {
      expect(configErrorOf({ GUARDPOST_DATA_DIR: tempDir(), PORT: port })).toBe(
        'PORT: must be a whole number between 1 and 65535',
      );
    }
  });

  it('refuses a malformed DATABASE_URL', () => {
    for (const url of ['mysql://localhost/db', 'not a url', 'postgres://']) {
      expect(configErrorOf({ DATABASE_URL: url })).toMatch(/^DATABASE_URL: must be a postgres:\/\//);
    }
    expect(loadConfig({ DATABASE_URL: 'postgres://guardpost@127.0.0.1:5432/guardpost' }).databaseUrl).toBe(
      'postgres://guardpost@127.0.0.1:5432/guardpost',
    );
  });

  it('refuses a data folder it cannot write, without hanging on /proc', () => {
    expect(configErrorOf({ GUARDPOST_DATA_DIR: '/proc/guardpost-test' })).toMatch(
      /^GUARDPOST_DATA_DIR: cannot write to \/proc\/guardpost-test/,
    );
    expect(configErrorOf({ GUARDPOST_DATA_DIR: '/etc/hostname' })).toMatch(/ENOTDIR|EEXIST|not writable/);
  });

  it('creates a missing data folder, nested', () => {
    const dir = path.join(tempDir(), 'a', 'b');
    expect(loadConfig({ GUARDPOST_DATA_DIR: dir }).dataDir).toBe(dir);
  });

  it('takes GUARDPOST_PUBLIC_URL without a trailing slash and refuses anything but a plain http(s) address', () => {
    expect(
      loadConfig({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_PUBLIC_URL: 'https://gp.school.example/' })
        .publicUrl,
    ).toBe('https://gp.school.example');
    for (const url of [
      'gp.school.example',
      'ftp://gp.school.example',
      'https://gp.example/?next=x',
      'https://a:b@gp.example',
    ]) {
      expect(configErrorOf({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_PUBLIC_URL: url })).toMatch(
        /^GUARDPOST_PUBLIC_URL: must be the http\(s\) address/,
      );
    }
  });

  it('needs the public address in production', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      configErrorOf({
        NODE_ENV: 'production',
        GUARDPOST_MASTER_KEY: key,
        DATABASE_URL: 'postgres://g@127.0.0.1/g',
      }),
    ).toMatch(/^GUARDPOST_PUBLIC_URL: required in production/);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        GUARDPOST_MASTER_KEY: key,
        DATABASE_URL: 'postgres://g@127.0.0.1/g',
        GUARDPOST_PUBLIC_URL: 'https://gp.school.example',
      }).publicUrl,
    ).toBe('https://gp.school.example');
  });

  it('trusts no proxy unless GUARDPOST_TRUSTED_PROXIES names addresses, ranges or a hop count', () => {
    const base = { GUARDPOST_DATA_DIR: tempDir() };
    expect(loadConfig(base).trustedProxies).toBeUndefined();
    // Production no longer trusts X-Forwarded-For from anyone by default.
    const production = loadConfig({
      ...base,
      NODE_ENV: 'production',
      GUARDPOST_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      GUARDPOST_PUBLIC_URL: 'https://gp.school.example',
    });
    expect(production.trustedProxies).toBeUndefined();
    expect(
      loadConfig({ ...base, GUARDPOST_TRUSTED_PROXIES: ' 10.0.0.1, 10.1.0.0/16,fd00::/8 ,::1, loopback' })
        .trustedProxies,
    ).toEqual(['10.0.0.1', '10.1.0.0/16', 'fd00::/8', '::1', 'loopback']);
    expect(loadConfig({ ...base, GUARDPOST_TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
  });

  it('refuses a bad GUARDPOST_TRUSTED_PROXIES in one line naming the bad entry', () => {
    for (const [value, bad] of [
      ['10.0.0.0/33', '10.0.0.0/33'],
      ['fd00::/129', 'fd00::/129'],
      ['10.0.0.1, proxy.school.example', 'proxy.school.example'],
      ['10.0.0.1/8/8', '10.0.0.1/8/8'],
      ['0', '0'],
      ['300.1.1.1', '300.1.1.1'],
      [',', undefined],
    ] as const) {
      const message = configErrorOf({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_TRUSTED_PROXIES: value });
      expect(message).toMatch(/^GUARDPOST_TRUSTED_PROXIES: must be proxy addresses or CIDR ranges/);
      expect(message).not.toContain('\n');
      if (bad !== undefined) expect(message).toContain(`"${bad}" is neither`);
    }
  });

  it('refuses a demo TOTP secret shorter than 26 base32 characters, which otplib would refuse at sign-in', () => {
    // 16 characters passed the old check and 25 is not even whole bytes; both answered 500 at every sign-in.
    for (const secret of ['JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXPJBSWY3DPE', 'jbswy3dpehpk3pxpjbswy3dpeh']) {
      expect(configErrorOf({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_DEMO_TOTP_SECRET: secret })).toBe(
        'GUARDPOST_DEMO_TOTP_SECRET: must be a base32 secret of at least 26 characters (16 bytes; A-Z, 2-7)',
      );
    }
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEH';
    expect(
      loadConfig({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_DEMO_TOTP_SECRET: secret }).demoTotpSecret,
    ).toBe(secret);
  });

  it('downloads the UT1 block lists by default in production only; an address or off overrides', () => {
    const production = {
      NODE_ENV: 'production',
      GUARDPOST_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      DATABASE_URL: 'postgres://g@127.0.0.1/g',
      GUARDPOST_PUBLIC_URL: 'https://gp.school.example',
    };
    expect(loadConfig(production).blockListsUrl).toBe(defaultBlockListsUrl);
    expect(loadConfig({ ...production, GUARDPOST_BLOCKLISTS_URL: 'off' }).blockListsUrl).toBeUndefined();
    expect(loadConfig({ GUARDPOST_DATA_DIR: tempDir() }).blockListsUrl).toBeUndefined();
    expect(
      loadConfig({
        GUARDPOST_DATA_DIR: tempDir(),
        GUARDPOST_BLOCKLISTS_URL: 'http://127.0.0.1:8080/ut1.tar.gz',
      }).blockListsUrl,
    ).toBe('http://127.0.0.1:8080/ut1.tar.gz');
    expect(configErrorOf({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_BLOCKLISTS_URL: 'ftp://x' })).toMatch(
      /^GUARDPOST_BLOCKLISTS_URL: /,
    );
  });

  it('turns metrics on only with a GUARDPOST_METRICS_TOKEN long enough to resist guessing', () => {
    expect(loadConfig({ GUARDPOST_DATA_DIR: tempDir() }).metricsToken).toBeUndefined();
    expect(configErrorOf({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_METRICS_TOKEN: 'short' })).toMatch(
      /^GUARDPOST_METRICS_TOKEN: must be 24 to 200 printable characters/,
    );
    const token = 'a'.repeat(24);
    expect(loadConfig({ GUARDPOST_DATA_DIR: tempDir(), GUARDPOST_METRICS_TOKEN: token }).metricsToken).toBe(
      token,
    );
  });

  it('follows Mastodon streams in production only, unless GUARDPOST_MASTODON_STREAMING says otherwise', () => {
    const base = { GUARDPOST_DATA_DIR: tempDir() };
    const production = {
      ...base,
      NODE_ENV: 'production',
      GUARDPOST_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      GUARDPOST_PUBLIC_URL: 'https://gp.school.example',
    };
    expect(loadConfig(base).mastodonStreaming).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).mastodonStreaming).toBe(false);
    expect(loadConfig(production).mastodonStreaming).toBe(true);
    expect(loadConfig({ ...production, GUARDPOST_MASTODON_STREAMING: 'false' }).mastodonStreaming).toBe(
      false,
    );
    expect(loadConfig({ ...base, GUARDPOST_MASTODON_STREAMING: '1' }).mastodonStreaming).toBe(true);
    expect(() => loadConfig({ ...base, GUARDPOST_MASTODON_STREAMING: 'yes' })).toThrow(
      /GUARDPOST_MASTODON_STREAMING/,
    );
  });
});
