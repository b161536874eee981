/**
 * Every kind of audit event, as a discriminated union on `type`. A new use case adds its event to its
 * domain's `*.events.ts`; a free-form audit row cannot be written. `data` never holds safeguarding content
 * (narratives, a child's words): an id and the fact of the action are enough to trace it.
 *
 * The platform names no domain: the union is read from `AuditEventRegistry`, to which the platform adds its
 * own events here and src/app/audit-events.ts (above the domains) adds each domain's by declaration merging.
 */
export interface AuditEventRegistry {
  platform: PlatformAuditEvent;
}

export type AuditEvent = AuditEventRegistry[keyof AuditEventRegistry];

export type AuditEventType = AuditEvent['type'];

/** The platform's own events: signing in and its settings, and exporting the audit log. */
export type PlatformAuditEvent =
  | {
      type: 'audit.exported';
      subject: { type: 'school'; id: string };
      data: { filters: Record<string, string> };
    }
  | {
      type: 'auth.signed_in';
      subject: { type: 'staff'; id: string };
      data: {
        method: 'password' | 'oidc';
        secondFactor: 'totp' | 'recovery_code' | 'idp' | 'none' | 'pending';
      };
    }
  | {
      type: 'auth.second_factor_passed';
      subject: { type: 'staff'; id: string };
      data: { with: 'totp' | 'recovery_code' };
    }
  | {
      type: 'auth.signed_out';
      subject: { type: 'staff'; id: string };
      data: { everywhere: boolean; sessions: number };
    }
  | { type: 'auth.school_switched'; subject: { type: 'staff'; id: string }; data: { fromSchoolId: string } }
  | { type: 'auth.totp_enrolled'; subject: { type: 'staff'; id: string }; data: { recoveryCodes: number } }
  | {
      type: 'auth.password_reset_requested';
      subject: { type: 'staff'; id: string };
      data: { expiresAt: string };
    }
  | {
      type: 'auth.password_changed';
      subject: { type: 'staff'; id: string };
      data: { via: 'reset_link' | 'demo_seed'; sessionsRevoked: number };
    }
  | { type: 'auth.settings_updated'; subject: { type: 'school'; id: string }; data: { fields: string[] } }
  | {
      type: 'auth.account_locked';
      subject: { type: 'staff'; id: string };
      data: { failures: number; lastFailure: 'password' | 'second_factor'; until: string };
    }
  | {
      type: 'auth.password_reset_limited';
      subject: { type: 'staff'; id: string };
      data: { limit: number; until: string };
    }
  | {
      type: 'auth.oidc_secret_sealed';
      subject: { type: 'school'; id: string };
      data: { masterKeyId: string };
    }
  | {
      type: 'backup.taken';
      subject: { type: 'deployment'; id: 'backup' };
      data: { tables: number; rows: number; key: 'master' | 'passphrase'; scheduled: boolean };
    }
  | {
      type: 'backup.restored';
      subject: { type: 'deployment'; id: 'backup' };
      data: { takenAt: string; fromEngine: string; tables: number; rows: number; migratedAfter: number };
    };
