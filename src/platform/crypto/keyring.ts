import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config.js';
import { createKeyring, generateMasterKey, type Keyring } from './envelope.js';

export const DEV_MASTER_KEY_FILE = 'master.key';

// Tests without a configured key share one random key per process: nothing outlives the process.
let ephemeralTestKey: Buffer | undefined;

function decodeKey(base64: string, variable: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${variable}: must be 32 random bytes in base64`);
  return key;
}

/**
 * The master keys from the configuration. Production requires GUARDPOST_MASTER_KEY (the config refuses to
 * load without it). In development a key is generated once and kept in the data folder, with a log line
 * saying so; tests without one get a random key for the life of the process.
 */
export function loadKeyring(
  config: Pick<Config, 'env' | 'dataDir' | 'masterKey' | 'previousMasterKeys'>,
  logger?: { warn(details: object, message: string): void },
): Keyring {
  const previous = (config.previousMasterKeys ?? []).map((k) =>
    decodeKey(k, 'GUARDPOST_PREVIOUS_MASTER_KEYS'),
  );
  if (config.masterKey) return createKeyring(decodeKey(config.masterKey, 'GUARDPOST_MASTER_KEY'), previous);
  if (config.env === 'production')
    throw new ConfigError('GUARDPOST_MASTER_KEY: required in production (openssl rand -base64 32)');
  if (config.env === 'test') {
    ephemeralTestKey ??= generateMasterKey();
    return createKeyring(ephemeralTestKey, previous);
  }
  const file = path.join(config.dataDir, DEV_MASTER_KEY_FILE);
  if (existsSync(file)) return createKeyring(decodeKey(readFileSync(file, 'utf8'), file), previous);
  mkdirSync(config.dataDir, { recursive: true });
  const key = generateMasterKey();
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  logger?.warn(
    { file },
    'GUARDPOST_MASTER_KEY is not set: generated a development master key in the data folder. ' +
      'Set GUARDPOST_MASTER_KEY before real safeguarding data is stored; production refuses to start without it.',
  );
  return createKeyring(key, previous);
}
