import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { isAppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createDataKey, loadDataKey, rotateDataKeys } from './data-keys.js';
import { createKeyring, generateDataKey, generateMasterKey, open, seal, unwrapDataKey } from './envelope.js';
import { DEV_MASTER_KEY_FILE, loadKeyring } from './keyring.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('envelope encryption', () => {
  const keyring = createKeyring(generateMasterKey());

  it('round-trips content sealed with a data key, with a fresh IV every time', () => {
    const { key } = generateDataKey(keyring, 'k1');
    const a = seal(key, 'She said: "please don\'t tell anyone"', 'concern:1:content');
    const b = seal(key, 'She said: "please don\'t tell anyone"', 'concern:1:content');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('tell anyone'))).toBe(false);
    expect(open(key, a, 'concern:1:content').toString('utf8')).toBe('She said: "please don\'t tell anyone"');
  });

  it('detects tampering with the ciphertext, the tag, or the context', () => {
    const { key } = generateDataKey(keyring, 'k2');
    const sealed = seal(key, 'verbatim words', 'concern:2:content');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(codeOf(() => open(key, flipped, 'concern:2:content'))).toBe('DecryptionFailed');
    const badTag = Buffer.from(sealed);
    badTag[15] = (badTag[15] ?? 0) ^ 1;
    expect(codeOf(() => open(key, badTag, 'concern:2:content'))).toBe('DecryptionFailed');
    expect(codeOf(() => open(key, sealed, 'concern:3:content'))).toBe('DecryptionFailed');
    expect(codeOf(() => open(key, sealed.subarray(0, 10), 'concern:2:content'))).toBe('DecryptionFailed');
  });

  it('binds a wrapped data key to its id and refuses an unknown master key', () => {
    const { key, wrapped } = generateDataKey(keyring, 'id-a');
    expect(unwrapDataKey(keyring, 'id-a', wrapped).equals(key)).toBe(true);
    expect(codeOf(() => unwrapDataKey(keyring, 'id-b', wrapped))).toBe('DecryptionFailed');
    const other = createKeyring(generateMasterKey());
    expect(codeOf(() => unwrapDataKey(other, 'id-a', wrapped))).toBe('MasterKeyMissing');
  });

  it('generates and keeps a development key in the data folder, and reuses it', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'guardpost-key-'));
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
    const first = loadKeyring({ env: 'development', dataDir }, logger);
    const file = path.join(dataDir, DEV_MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.join('')).toContain('GUARDPOST_MASTER_KEY is not set');
    expect(lines.join('')).not.toContain(readFileSync(file, 'utf8').trim());
    const second = loadKeyring({ env: 'development', dataDir });
    expect(second.current.id).toBe(first.current.id);
  });

  it('refuses to run in production without a master key', () => {
    expect(() => loadKeyring({ env: 'production', dataDir: '/nonexistent' })).toThrow(/GUARDPOST_MASTER_KEY/);
  });
});

for (const engine of testEngines()) {
  describe(`data keys and rotation on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    beforeAll(async () => {
      t = await createTestDb(engine);
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Key School', official_email_domains: ['keys.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('re-wraps data keys under a new master key without touching the content', async () => {
      const oldKey = generateMasterKey();
      const before = createKeyring(oldKey);
      const now = new Date('2026-11-24T09:00:00Z');
      const records: { id: string; sealed: Buffer }[] = [];
      for (let i = 0; i < 5; i++) {
        const { id, key } = await createDataKey(t.db, before, { schoolId, now });
        records.push({ id, sealed: seal(key, `record ${i}`, `test:${i}`) });
      }
      const after = createKeyring(generateMasterKey(), [oldKey]);
      const result = await rotateDataKeys(t.db, after, now, 2);
      expect(result).toEqual({ rewrapped: 5, alreadyCurrent: 0, currentKeyId: after.current.id });
      // The old key is no longer needed: everything opens with the new key alone.
      const newOnly = createKeyring(after.current.key);
      for (const [i, record] of records.entries()) {
        const key = await loadDataKey(t.db, newOnly, record.id);
        expect(open(key, record.sealed, `test:${i}`).toString()).toBe(`record ${i}`);
      }
      await expect(loadDataKey(t.db, before, records[0]?.id ?? '')).rejects.toMatchObject({
        code: 'MasterKeyMissing',
      });
      expect(await rotateDataKeys(t.db, newOnly, now)).toMatchObject({ rewrapped: 0, alreadyCurrent: 5 });
    });
  });
}
