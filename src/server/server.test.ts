import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { startServer } from './server.js';

describe('startServer on a fresh data folder', () => {
  it('seeds the demo school, hands back the generated demo password once, and answers /health', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-start-'));
    const config = loadConfig({ NODE_ENV: 'test', GUARDPOST_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    try {
      const first = await startServer({ ...config, port: 0 }, createLogger('silent'));
      // Shown on the console by `guardpost start`; the log itself redacts passwords.
      expect(first.generatedDemoPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const health = await first.app.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toEqual({ status: 'ok', database: 'pglite' });
      await first.close();

      const second = await startServer({ ...config, port: 0 }, createLogger('silent'));
      expect(second.generatedDemoPassword).toBeUndefined();
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('startServer after secrets were stored in plain text', () => {
  it('seals a plain-text OpenID client secret at start, clears it, and logs no secret', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-start-'));
    const config = loadConfig({ NODE_ENV: 'test', GUARDPOST_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const secret = 'plain-text-client-secret-from-before';
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    try {
      const first = await startServer({ ...config, seedDemo: false, port: 0 }, createLogger('silent'));
      const school = await first.db
        .insertInto('schools')
        .values({ name: 'Upgraded School', official_email_domains: ['upgraded.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      // As an install from before sealing left it.
      await first.db
        .insertInto('school_auth_settings')
        .values({
          school_id: school.id,
          oidc_issuer: 'https://login.upgraded.example',
          oidc_client_id: 'guardpost',
          oidc_client_secret: secret,
        })
        .execute();
      await first.close();

      const second = await startServer({ ...config, seedDemo: false, port: 0 }, logger);
      try {
        const row = await second.db
          .selectFrom('school_auth_settings')
          .selectAll()
          .where('school_id', '=', school.id)
          .executeTakeFirstOrThrow();
        expect(row.oidc_client_secret).toBeNull();
        expect(row.oidc_client_secret_key_id).not.toBeNull();
        expect(Buffer.from(row.oidc_client_secret_sealed ?? []).includes(Buffer.from(secret))).toBe(false);
        const events = await second.db
          .selectFrom('audit_events')
          .select('type')
          .where('school_id', '=', school.id)
          .execute();
        expect(events.map((e) => e.type)).toEqual(['auth.oidc_secret_sealed']);
        expect(lines.join('')).toContain('sealed plain-text OpenID client secrets');
        expect(lines.join('')).not.toContain(secret);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
