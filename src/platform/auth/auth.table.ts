import type { Generated, Selectable } from 'kysely';

export interface StaffCredentialsTable {
  staff_id: string;
  /** argon2id, PHC string. Null until the person sets a password (SSO-only staff never do). */
  password_hash: string | null;
  /** Base32 TOTP secret, live once confirmed. */
  totp_secret: string | null;
  totp_confirmed_at: Date | null;
  totp_pending_secret: string | null;
  totp_last_step: string | number | bigint | null;
  password_changed_at: Date | null;
  updated_at: Generated<Date>;
}

export interface StaffRecoveryCodeTable {
  id: Generated<string>;
  staff_id: string;
  /** SHA-256 (hex) of the normalised code: codes are random, so a fast hash is enough. */
  code_hash: string;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface PasswordResetTokenTable {
  /** SHA-256 (hex) of the token in the link. */
  id: string;
  staff_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface SchoolAuthSettingsTable {
  school_id: string;
  require_totp_for_all: Generated<boolean>;
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  /**
   * Plain text as stored before secrets were sealed: the app seals and clears any value left here
   * (sealPlainOidcSecrets). Never written otherwise; never set together with the sealed columns.
   */
  oidc_client_secret: string | null;
  /** The data key sealing the client secret (wrapped by the master key; rotation re-wraps it). */
  oidc_client_secret_key_id: string | null;
  /** The client secret, AES-256-GCM under that data key, bound to the school. */
  oidc_client_secret_sealed: Buffer | null;
  /** The school vouches that its identity provider enforces MFA, so SSO counts as the second factor. */
  oidc_enforces_mfa: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface OidcFlowTable {
  state_hash: string;
  school_id: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  expires_at: Date;
}

export type StaffCredentialsRow = Selectable<StaffCredentialsTable>;
export type SchoolAuthSettingsRow = Selectable<SchoolAuthSettingsTable>;
