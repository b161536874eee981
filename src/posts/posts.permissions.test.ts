import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../platform/auth/roles.js';
import {
  approvalRefusal,
  canEditPost,
  canHandleTakedown,
  canSearchArchive,
  canViewPost,
} from './posts.permissions.js';

const school = 'school-1';
function staff(id: string, roles: Role[], schoolId = school): Actor {
  return { kind: 'staff', staffId: id, schoolId, roles, email: `${id}@x.example`, name: id };
}
const post = { schoolId: school, authorId: 'author', ownerIds: ['author', 'co-owner'] };

describe('post permissions', () => {
  it('lets only the author, an owner, edit; owners and approvers view', () => {
    expect(canEditPost(staff('author', ['staff']), post)).toBe(true);
    expect(canEditPost(staff('co-owner', ['staff']), post)).toBe(false);
    expect(canEditPost(staff('author', ['staff'], 'school-2'), post)).toBe(false);
    expect(canViewPost(staff('co-owner', ['staff']), post)).toBe(true);
    expect(canViewPost(staff('someone', ['staff']), post)).toBe(false);
    expect(canViewPost(staff('mgr', ['manager']), post)).toBe(true);
    expect(canViewPost(staff('mgr', ['manager'], 'school-2'), post)).toBe(false);
  });

  it('refuses self-approval whatever the roles, and approval by anyone but a manager or SMT', () => {
    expect(approvalRefusal(staff('author', ['smt', 'headteacher', 'manager']), post)).toBe('self_approval');
    expect(approvalRefusal(staff('x', ['staff', 'dsl', 'admin']), post)).toBe('not_an_approver');
    expect(approvalRefusal(staff('x', ['smt'], 'school-2'), post)).toBe('not_in_school');
    expect(approvalRefusal({ kind: 'system', label: 'cli' }, post)).toBe('not_in_school');
    expect(approvalRefusal(staff('x', ['manager']), post)).toBeNull();
    expect(approvalRefusal(staff('x', ['smt']), post)).toBeNull();
  });

  it('opens the archive to SMT, the headteacher and admins; takedowns also to the owners', () => {
    expect(canSearchArchive(staff('x', ['smt']), school)).toBe(true);
    expect(canSearchArchive(staff('x', ['manager']), school)).toBe(false);
    expect(canSearchArchive(staff('x', ['admin']), 'school-2')).toBe(false);
    const task = { schoolId: school, ownerIds: ['author'] };
    expect(canHandleTakedown(staff('author', ['staff']), task)).toBe(true);
    expect(canHandleTakedown(staff('x', ['headteacher']), task)).toBe(true);
    expect(canHandleTakedown(staff('x', ['manager']), task)).toBe(false);
  });
});
