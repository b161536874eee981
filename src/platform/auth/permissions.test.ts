import { describe, expect, it } from 'vitest';
import { type Action, abilitiesOf, accessFor, actions, can } from './permissions.js';
import { type Actor, type Role, roles } from './roles.js';

// The table a reviewer reads: which roles may take each action. `can` must agree with it exactly.
const Y = true;
const N = false;
//                                        staff manager smt  dsl  deputy head admin governor
const expected: Record<Action, readonly boolean[]> = {
  'me.read': /*                        */ [Y, Y, Y, Y, Y, Y, Y, Y],
  'session.manage': /*                 */ [Y, Y, Y, Y, Y, Y, Y, Y],
  'school.switch': /*                  */ [Y, Y, Y, Y, Y, Y, Y, Y],
  'policy.read': /*                    */ [Y, Y, Y, Y, Y, Y, Y, N],
  'policy.import': /*                  */ [N, N, Y, N, N, Y, Y, N],
  'policy.acknowledge': /*             */ [Y, Y, Y, Y, Y, Y, Y, N],
  'policy.acknowledgements.read': /*   */ [N, N, Y, N, N, Y, Y, N],
  'roster.import': /*                  */ [N, N, N, N, N, Y, Y, N],
  'people.read': /*                    */ [Y, Y, Y, Y, Y, Y, Y, N],
  'audit.read': /*                     */ [N, N, N, N, N, N, Y, N],
  'audit.export': /*                   */ [N, N, N, N, N, N, Y, N],
  'notifications.read': /*             */ [Y, Y, Y, Y, Y, Y, Y, N],
  'school.auth_settings.manage': /*    */ [N, N, N, N, N, N, Y, N],
};

function staffWith(role: Role, schoolId = 'school-a'): Actor {
  return { kind: 'staff', staffId: 's1', schoolId, roles: [role], email: 'x@a.example', name: 'X Y' };
}

describe('can: role × action', () => {
  for (const action of actions) {
    roles.forEach((role, index) => {
      const allowed = expected[action][index];
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can(staffWith(role), action)).toBe(allowed);
        // Never in another school, whatever the role.
        expect(can(staffWith(role), action, { schoolId: 'school-b' })).toBe(false);
        expect(can(staffWith(role), action, { schoolId: 'school-a' })).toBe(allowed);
      });
    });
  }

  it('lets the system actor do anything, and unions the roles of someone holding several', () => {
    for (const action of actions) expect(can({ kind: 'system', label: 'cli' }, action)).toBe(true);
    const both: Actor = { ...staffWith('staff'), roles: ['staff', 'admin'] } as Actor;
    expect(abilitiesOf(both)).toEqual([...actions]);
    expect(abilitiesOf(staffWith('staff'))).not.toContain('roster.import');
  });

  it('derives route access from the same table', () => {
    expect(accessFor('me.read')).toEqual({ kind: 'any_role' });
    expect(accessFor('people.read')).toEqual({ kind: 'signed_in' });
    expect(accessFor('audit.read')).toEqual({ kind: 'roles', roles: ['admin'] });
  });
});
