import { createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Keyring } from '../crypto/envelope.js';
import { invalid } from '../errors.js';

/**
 * A Guardpost backup file: one line naming the format, one line of JSON header (in the clear, so a restore
 * can say what the file is and which key it needs before decrypting anything), then the gzipped JSON-lines
 * payload encrypted with AES-256-GCM, and the 16-byte GCM tag. The header is the cipher's additional
 * authenticated data, so changing it (a schema version, a row count) fails authentication like any other
 * corruption.
 */
export const BACKUP_MAGIC = 'GUARDPOST-BACKUP 1';
const MAX_HEADER_BYTES = 256 * 1024;
export const GCM_TAG_BYTES = 16;

export type BackupKeySource =
  | { kind: 'master'; masterKeyId: string }
  | { kind: 'passphrase'; scrypt: { n: number; r: number; p: number } };

export interface BackupHeader {
  format: 1;
  createdAt: string;
  /** The engine it was taken from; a backup restores onto either. */
  engine: 'pglite' | 'postgres';
  /** Every migration applied to the database when it was taken, in order: its schema version. */
  migrations: string[];
  /** Rows per table, checked again after a restore. */
  tables: Record<string, number>;
  key: BackupKeySource;
  salt: string;
  iv: string;
  /** HMAC of a fixed text under the file key: tells "wrong key" from "damaged file" before decrypting. */
  keyCheck: string;
}

const PASSPHRASE_SCRYPT = { n: 2 ** 15, r: 8, p: 1 } as const;
export const MIN_PASSPHRASE_LENGTH = 12;

function keyCheckOf(fileKey: Buffer): string {
  return createHmac('sha256', fileKey).update('guardpost-backup-key-check').digest('hex');
}

function keyFromPassphrase(passphrase: string, salt: Buffer, params: { n: number; r: number; p: number }) {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, {
    N: params.n,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.n * params.r,
  });
}

function keyFromMaster(master: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master, salt, 'guardpost:backup:v1', 32));
}

/** How the file key comes about: the current master key, or a passphrase the operator keeps. */
export type BackupSecret = { keyring: Keyring } | { passphrase: string };

export function newFileKey(secret: BackupSecret): {
  fileKey: Buffer;
  key: BackupKeySource;
  salt: string;
  iv: Buffer;
  keyCheck: string;
} {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  if ('passphrase' in secret) {
    if (secret.passphrase.length < MIN_PASSPHRASE_LENGTH)
      throw invalid(
        'BackupPassphraseTooShort',
        `a backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`,
      );
    const fileKey = keyFromPassphrase(secret.passphrase, salt, PASSPHRASE_SCRYPT);
    return {
      fileKey,
      key: { kind: 'passphrase', scrypt: { ...PASSPHRASE_SCRYPT } },
      salt: salt.toString('base64'),
      iv,
      keyCheck: keyCheckOf(fileKey),
    };
  }
  const master = secret.keyring.current;
  const fileKey = keyFromMaster(master.key, salt);
  return {
    fileKey,
    key: { kind: 'master', masterKeyId: master.id },
    salt: salt.toString('base64'),
    iv,
    keyCheck: keyCheckOf(fileKey),
  };
}

/** The file key for a header, or a clear refusal naming what is needed. */
export function fileKeyFor(header: BackupHeader, secret: BackupSecret): Buffer {
  const salt = Buffer.from(header.salt, 'base64');
  let fileKey: Buffer;
  if (header.key.kind === 'passphrase') {
    if (!('passphrase' in secret))
      throw invalid(
        'BackupNeedsPassphrase',
        'this backup was encrypted with a passphrase: give it with --passphrase-file',
      );
    const { n, r, p } = header.key.scrypt;
    if (![n, r, p].every(Number.isInteger) || n > 2 ** 20 || r > 32 || p > 16)
      throw invalid('BackupCorrupt', 'the backup header is damaged (key parameters out of range)');
    fileKey = keyFromPassphrase(secret.passphrase, salt, header.key.scrypt);
    if (!sameHex(keyCheckOf(fileKey), header.keyCheck))
      throw invalid('BackupWrongKey', 'the passphrase does not open this backup');
    return fileKey;
  }
  if (!('keyring' in secret))
    throw invalid(
      'BackupNeedsMasterKey',
      'this backup was encrypted under a master key, not a passphrase: restore it with that master key configured',
    );
  const master = secret.keyring.byId.get(header.key.masterKeyId);
  if (!master)
    throw invalid(
      'BackupWrongKey',
      `this backup was encrypted under master key ${header.key.masterKeyId}, which is not configured: set GUARDPOST_MASTER_KEY (or add it to GUARDPOST_PREVIOUS_MASTER_KEYS) to the key in use when the backup was taken`,
    );
  fileKey = keyFromMaster(master.key, salt);
  if (!sameHex(keyCheckOf(fileKey), header.keyCheck))
    throw invalid('BackupCorrupt', 'the backup header is damaged (its key check does not match)');
  return fileKey;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function headerBytes(header: BackupHeader): Buffer {
  return Buffer.from(`${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`, 'utf8');
}

export interface OpenedBackupFile {
  header: BackupHeader;
  /** The two header lines exactly as stored: the cipher's additional authenticated data. */
  aad: Buffer;
  /** Byte range of the ciphertext, and the tag after it. */
  payloadStart: number;
  payloadEnd: number;
  tag: Buffer;
}

function corrupt(reason: string) {
  return invalid('BackupCorrupt', `not a readable Guardpost backup: ${reason}`);
}

/** Reads and checks the header and tag positions; the payload is streamed by the caller. */
export async function readBackupFile(file: string): Promise<OpenedBackupFile> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch {
    throw invalid('BackupFileNotFound', `cannot read the backup file ${file}`);
  }
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
    await handle.read(head, 0, head.length, 0);
    const firstNewline = head.indexOf(0x0a);
    if (firstNewline < 0 || head.subarray(0, firstNewline).toString('utf8') !== BACKUP_MAGIC)
      throw corrupt('it does not start with the Guardpost backup mark');
    const secondNewline = head.indexOf(0x0a, firstNewline + 1);
    if (secondNewline < 0) throw corrupt('its header is cut short');
    let header: BackupHeader;
    try {
      header = JSON.parse(head.subarray(firstNewline + 1, secondNewline).toString('utf8')) as BackupHeader;
    } catch {
      throw corrupt('its header is not valid JSON');
    }
    if (
      header?.format !== 1 ||
      !Array.isArray(header.migrations) ||
      !header.migrations.every((m) => typeof m === 'string') ||
      typeof header.tables !== 'object' ||
      header.tables === null ||
      typeof header.salt !== 'string' ||
      typeof header.iv !== 'string' ||
      typeof header.keyCheck !== 'string' ||
      (header.key?.kind !== 'master' && header.key?.kind !== 'passphrase')
    )
      throw corrupt('its header lacks required fields');
    const payloadStart = secondNewline + 1;
    const payloadEnd = size - GCM_TAG_BYTES;
    if (payloadEnd <= payloadStart) throw corrupt('the file is cut short (no data after the header)');
    const tag = Buffer.alloc(GCM_TAG_BYTES);
    await handle.read(tag, 0, GCM_TAG_BYTES, payloadEnd);
    return { header, aad: head.subarray(0, payloadStart), payloadStart, payloadEnd, tag };
  } finally {
    await handle.close();
  }
}
