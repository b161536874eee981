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
});
