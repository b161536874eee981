import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden } from '../platform/errors.js';
import { parseOrInvalid } from '../schools/school-view.js';
import { findTrustByName, insertTrust } from './trusts.repository.js';

export interface TrustView {
  id: string;
  name: string;
}

const createTrustSchema = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters'),
});

/** Creates a trust (an operator, through the CLI), with its audit row, in one transaction. */
export async function createTrust(db: Db, actor: Actor, input: { name: string }): Promise<TrustView> {
  if (actor.kind !== 'system') throw forbidden('TrustCreateForbidden', 'an operator creates trusts');
  const { name } = parseOrInvalid(createTrustSchema, input, 'InvalidTrust');
  return db.transaction().execute(async (tx) => {
    if (await findTrustByName(tx, name))
      throw conflict('TrustExists', `a trust named ${name} already exists`);
    const row = await insertTrust(tx, name);
    await recordAudit(tx, {
      actor,
      schoolId: null,
      event: { type: 'trust.created', subject: { type: 'trust', id: row.id }, data: { name: row.name } },
    });
    return { id: row.id, name: row.name };
  });
}
