import type { DbExecutor } from '../platform/db/database.js';
import type { ConsentMethod, ConsentPurpose } from './consent.table.js';

/**
 * Audit events of the consent register. `data` holds ids, codes and dates only: never a carer's typed
 * name, an address or a pupil's name.
 */
export type ConsentAuditEvent =
  | {
      type: 'consent.recorded';
      subject: { type: 'consent'; id: string };
      data: {
        pupilId: string;
        purpose: ConsentPurpose;
        state: 'granted' | 'refused' | 'withdrawn';
        method: ConsentMethod;
        source: 'staff' | 'e_signature' | 'import';
        carerId: string | null;
        givenOn: string;
        expiresOn: string;
      };
    }
  | {
      type: 'consent.imported';
      subject: { type: 'consent_import'; id: string };
      data: { counts: Record<string, number> };
    }
  | {
      type: 'consent.link_sent';
      subject: { type: 'pupil'; id: string };
      data: { carerId: string; purpose: ConsentPurpose; expiresAt: string };
    }
  | {
      type: 'consent.lost';
      subject: { type: 'consent'; id: string };
      data: { pupilId: string; purpose: ConsentPurpose; reason: ConsentLossReason; lostOn: string };
    };

export type ConsentLossReason = 'withdrawn' | 'refused' | 'expired' | 'pupil_left';

/** A granted consent that stopped holding: every published post featuring the pupil must be re-checked. */
export interface ConsentLost {
  schoolId: string;
  pupilId: string;
  purpose: ConsentPurpose;
  reason: ConsentLossReason;
  /** The grant that no longer holds. */
  consentId: string;
  lostOn: string;
}

/** Runs inside the transaction that recorded the loss; a throw rolls the loss back with it. */
export type ConsentLostListener = (tx: DbExecutor, event: ConsentLost) => Promise<void>;

/**
 * What the consent register needs from outside: who reacts when a grant stops holding (the post workflow
 * lists every published post featuring the pupil as a takedown task). Built once by the composition root
 * (src/app/context.ts) and handed to every use case that can end a grant, so a process that runs only
 * jobs (the lapse sweep) reacts exactly as one that serves requests.
 */
export interface ConsentDeps {
  onConsentLost: ConsentLostListener;
}
