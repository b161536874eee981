import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';

const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string, issuer = 'Guardpost'): string {
  return generateURI({ issuer, label: email, secret });
}

/** The code an authenticator app shows for this secret at this time (tests and scripted demo sign-in). */
export function totpCodeAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
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
    const result = await verify({ secret, token, epoch: step * PERIOD_SECONDS });
    if (result.valid) return step;
  }
  return undefined;
}

/** A base32 string otplib accepts as a secret (at least 16 characters, i.e. 80 bits). */
export function isBase32Secret(value: string): boolean {
  return /^[A-Z2-7]{16,}=*$/.test(value);
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
