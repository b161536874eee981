import type { AccountAuditEvent } from '../../accounts/accounts.events.js';
import type { ConcernAuditEvent } from '../../concerns/concern.events.js';
import type { ConsentAuditEvent } from '../../consent/consent.events.js';
import type { PhotoOriginalAuditEvent } from '../../posts/photo-originals.events.js';
import type { PostAuditEvent } from '../../posts/posts.events.js';
import type { TakedownAuditEvent } from '../../posts/takedown.events.js';

/**
 * Every kind of audit event, as a discriminated union on `type`. A new use case adds its event here; a
 * free-form audit row cannot be written. `data` never holds safeguarding content (narratives, a child's
 * words): an id and the fact of the action are enough to trace it.
 */
export type AuditEvent =
  | { type: 'school.created'; subject: { type: 'school'; id: string }; data: { name: string; demo: boolean } }
  | {
      type: 'policy.version_imported';
      subject: { type: 'policy_version'; id: string };
      data: { label: string; documentHash: string; sections: number };
    }
  | {
      type: 'audit.exported';
      subject: { type: 'school'; id: string };
      data: { filters: Record<string, string> };
    }
  | {
      type: 'policy.acknowledged';
      subject: { type: 'policy_version'; id: string };
      data: { label: string; documentHash: string };
    }
  | {
      type: 'policy.review_recorded';
      subject: { type: 'policy_version'; id: string };
      data: { reviewedOn: string; nextReviewDue: string };
    }
  | {
      type: 'policy.seed_installed';
      subject: { type: 'policy_version'; id: string };
      data: { label: string; documentHash: string };
    }
  | { type: 'checks.settings_updated'; subject: { type: 'school'; id: string }; data: { fields: string[] } }
  | {
      type: 'checks.block_lists_imported';
      subject: { type: 'block_list_import'; id: string };
      data: { counts: Record<string, { domains: number; urls: number }> };
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
      type: 'roster.imported';
      subject: { type: 'roster_import'; id: string };
      data: { format: 'simple' | 'oneroster' | 'demo'; full: boolean; counts: Record<string, number> };
    }
  | {
      type: 'people.pupil_viewed';
      subject: { type: 'pupil'; id: string };
      data: { dateOfBirthShown: boolean; carerContactShown: boolean };
    }
  | { type: 'people.carer_viewed'; subject: { type: 'carer'; id: string }; data: { contactShown: boolean } }
  | AccountAuditEvent
  | ConcernAuditEvent
  | ConsentAuditEvent
  | PostAuditEvent
  | PhotoOriginalAuditEvent
  | TakedownAuditEvent;

export type AuditEventType = AuditEvent['type'];
