import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/auth/roles.js';
import { actorStaffId, type ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { insertReferral } from './concern-record.repository.js';
import { concernSubject, runTriageStep } from './concern-triage.js';
import type { ReferralAgency } from './concerns.table.js';

export interface ReferralInput {
  agency: ReferralAgency;
  agencyReference: string | null;
  referredOn: string;
  followUpOn: string | null;
  notes: string | null;
}

/** A lead records a referral to an agency, with the date to follow it up. */
export async function addConcernReferral(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string } & ReferralInput,
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, input, async ({ tx, concern, entry, audit }) => {
    const id = randomUUID();
    await insertReferral(tx, {
      id,
      school_id: input.schoolId,
      concern_id: concern.id,
      agency: input.agency,
      agency_reference: input.agencyReference,
      referred_on: input.referredOn,
      follow_up_on: input.followUpOn,
      created_at: ctx.now,
      created_by: actorStaffId(actor),
    });
    await entry('referral', input.notes ?? undefined, {
      referralId: id,
      agency: input.agency,
      agencyReference: input.agencyReference,
      followUpOn: input.followUpOn,
    });
    await audit({
      type: 'concern.referral_added',
      subject: concernSubject(concern),
      data: { referralId: id, agency: input.agency, followUpOn: input.followUpOn },
    });
  });
}
