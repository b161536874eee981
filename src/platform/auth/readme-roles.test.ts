import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roles, rolesRequiringTotp, trustRoles, trustRolesRequiringTotp } from './roles.js';

/** The README tells an operator who needs a second factor; it must name exactly the roles the code asks. */
describe('README on the second factor', () => {
  it('names every role that needs one, and no other', async () => {
    const readme = await readFile(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const section = /### Second factor\n([\s\S]*?)\n### /.exec(readme)?.[1] ?? '';
    const firstSentence = section.split(/\.\s/)[0] ?? '';
    const named = roles.filter((role) => firstSentence.includes(`\`${role}\``));
    expect(named).toEqual([...rolesRequiringTotp].sort((a, b) => roles.indexOf(a) - roles.indexOf(b)));
    const namedTrustRoles = trustRoles.filter((role) => firstSentence.includes(`\`${role}\``));
    expect(namedTrustRoles).toEqual([...trustRolesRequiringTotp]);
  });
});
