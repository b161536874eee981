import { type Actor, hasRole, type Role } from '../platform/auth/roles.js';

/** Who produces the governors' report: senior leaders, the headteacher and the safeguarding leads. */
export const reportProducerRoles: readonly Role[] = ['smt', 'headteacher', 'dsl', 'deputy_dsl'];

/** Who may open it: the producers and the governors, who read it and nothing else. */
export const reportReaderRoles: readonly Role[] = [...reportProducerRoles, 'governor'];

/** Whether this opening of the report produces it (a producer) or only views it (a governor). */
export function producesReport(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, ...reportProducerRoles);
}
