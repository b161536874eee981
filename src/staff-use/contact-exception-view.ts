import type { Actor } from '../platform/auth/roles.js';
import { canDecideContactException } from './staff-use.permissions.js';
import type { ContactExceptionWithNames } from './staff-use.repository.js';
import type { ContactChannel, ContactExceptionStatus } from './staff-use.table.js';

export interface ContactExceptionView {
  id: string;
  staffId: string;
  staffName: string;
  channel: ContactChannel;
  contact: string | null;
  reason: string;
  audience: string;
  from: string;
  to: string;
  status: ContactExceptionStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
  /** Whether the caller may decide it now (the headteacher, pending, not their own). */
  canDecide: boolean;
}

export function contactExceptionView(actor: Actor, row: ContactExceptionWithNames): ContactExceptionView {
  return {
    id: row.id,
    staffId: row.staff_id,
    staffName: row.staff_name,
    channel: row.channel,
    contact: row.contact,
    reason: row.reason,
    audience: row.audience,
    from: row.from_on,
    to: row.to_on,
    status: row.status,
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    createdAt: row.created_at.toISOString(),
    canDecide:
      row.status === 'pending' &&
      canDecideContactException(actor, { schoolId: row.school_id, staffId: row.staff_id }),
  };
}
