import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { AppError } from '../errors.js';

const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
/** otplib refuses secrets under 16 bytes; 26 base32 characters are the fewest that carry 16 bytes. */
export const MIN_TOTP_SECRET_CHARS = 26;

/**
 * A stored secret otplib will not use (too short, not base32): the person cannot pass TOTP until it is
 * replaced, which is an operator's job, not a server fault, so it is never a 500.
 */
function secondFactorSecretInvalid(): AppError {
  return new AppError(
    'conflict',
    'SecondFactorSecretInvalid',
    'your authenticator secret on this account is not usable: sign in with a recovery code, or ask an administrator to reset your second factor',
  );
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string, issuer = 'Guardpost'): string {
  return generateURI({ issuer, label: email, secret });
}

/** The code an authenticator app shows for this secret at this time (tests and scripted demo sign-in). */
export async function totpCodeAt(secret: string, at: Date): Promise<string> {
  try {
    return await generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
  } catch {
    throw secondFactorSecretInvalid();
  }
}

/**
 * Checks a 6-digit code, allowing one step of clock drift either way. Returns the time step it matched,
 * or undefined; a step at or before `lastStep` is refused so a code cannot be used twice.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  at: Date,
  lastStep: number | null,
): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const epoch = Math.floor(at.getTime() / 1000);
  const currentStep = Math.floor(epoch / PERIOD_SECONDS);
  for (const offset of [0, -1, 1]) {
    const step = currentStep + offset;
    if (lastStep !== null && step <= lastStep) continue;
    let valid: boolean;
    try {
      valid = (await verify({ secret, token, epoch: step * PERIOD_SECONDS })).valid;
    } catch {
      // Every otplib failure here is about the secret (the token and time are checked above).
      throw secondFactorSecretInvalid();
    }
    if (valid) return step;
  }
  return undefined;
}

/** A base32 string otplib accepts as a secret: at least 26 characters, i.e. 16 bytes. */
export function isBase32Secret(value: string): boolean {
  return new RegExp(`^[A-Z2-7]{${MIN_TOTP_SECRET_CHARS},}=*$`).test(value);
}

/** Ten codes like `k3fq-9z2m-wx7d`, shown once; only their hashes are stored. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{4}$/i.test(code.trim());
}
