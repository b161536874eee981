import type { Actor } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import { canReadHandovers } from './staff-use.permissions.js';

export interface StaffHandoverView {
  id: string;
  staffId: string;
  staffName: string;
  status: 'open' | 'done';
  openedAt: string;
  openedBy: string;
  doneAt: string | null;
  accounts: {
    id: string;
    platform: string;
    handle: string | null;
    purpose: string;
    status: string;
    ownership: 'sole_owner' | 'primary_owner' | 'co_owner';
    otherOwners: string[];
  }[];
  contactExceptions: {
    id: string;
    staffName: string;
    channel: 'personal_phone' | 'personal_email';
    status: string;
    audience: string;
    from: string;
    to: string;
    relation: 'their_own' | 'approved_by_them';
  }[];
  postsAwaitingApproval: { id: string; account: string; writtenByLeaver: boolean }[];
  /** Current staff who could take an account over. */
  candidates: { id: string; name: string }[];
  canDecide: boolean;
}

export interface StaffHandoverListItem {
  id: string;
  staffName: string;
  status: 'open' | 'done';
  openedAt: string;
  accountsLeft: number;
}

export function requireReader(actor: Actor): asserts actor is Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || !canReadHandovers(actor))
    throw forbidden('HandoverForbidden', 'leavers’ handovers are for SMT, the headteacher and admins');
}
