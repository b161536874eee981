import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessFor } from '../platform/auth/permissions.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { anyRoleAccess } from '../platform/http/route-access.js';
import { adoptPolicyTemplate } from './adopt-policy-template.js';
import { createTrustSchool } from './create-trust-school.js';
import { getTrustDashboard } from './get-trust-dashboard.js';
import { grantTrustRoles } from './grant-trust-roles.js';
import { listSchoolTemplates, listTrustTemplates } from './list-policy-templates.js';
import { listTrustPeople } from './list-trust-people.js';
import { listTrustSchools } from './list-trust-schools.js';
import { publishPolicyTemplate } from './publish-policy-template.js';
import { revokeTrustRole } from './revoke-trust-role.js';
import {
  createdSchoolSchema,
  dashboardSchema,
  format,
  grantTrustRolesBody,
  heldTrustRolesSchema,
  newTrustSchoolBody,
  revokeTrustRoleBody,
  schoolTemplatesSchema,
  trustPeopleSchema,
  trustSchoolsSchema,
  trustTemplatesSchema,
} from './trusts.schemas.js';

const isoDate = z
  .string()
  .trim()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written like 2026-09-01');
const idParams = z.object({ id: z.uuid() }).strict();
/**
 * The trust view: its dashboard and policy templates (trust roles, checked in the use case against the
 * roles held in that trust: anyone else gets TrustNotFound), and a school's side of the templates.
 */
export const trustsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/trusts/:id/dashboard',
    {
      // Trust roles are held per trust, not in the school a session works in: the use case checks them.
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary: "The trust's schools side by side: counts only, small safeguarding numbers banded (audited)",
        params: idParams,
        querystring: z.object({ from: isoDate.optional(), to: isoDate.optional() }).strict(),
        response: { 200: dashboardSchema },
      },
    },
    async (request) =>
      getTrustDashboard(
        app.db,
        requireActor(request),
        { trustId: request.params.id, ...request.query },
        app.clock.today(),
        app.clock.now(),
      ),
  );

  app.get(
    '/api/trusts/:id/templates',
    {
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary: "The trust's policy template versions and which school is on which",
        params: idParams,
        response: { 200: trustTemplatesSchema },
      },
    },
    async (request) =>
      listTrustTemplates(app.db, requireActor(request), request.params.id, app.clock.today()),
  );

  app.post(
    '/api/trusts/:id/templates',
    {
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary: 'Publish a policy text as a new template version for the trust’s schools',
        params: idParams,
        body: z
          .object({
            label: z.string().max(60),
            text: z.string().max(600_000),
            format: format.default('markdown'),
          })
          .strict(),
        response: { 200: z.object({ id: z.string(), label: z.string(), documentHash: z.string() }) },
      },
    },
    async (request) =>
      publishPolicyTemplate(app.db, requireActor(request), { trustId: request.params.id, ...request.body }),
  );

  // The trust admin's: the trust's schools and who holds trust roles (the CLI's `trust add-school` and
  // `trust grant`, through the same use cases). Removing a school is not offered: its records are its own.
  app.get(
    '/api/trusts/:id/schools',
    {
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary: "The trust's schools, in the order they joined (the trust admin)",
        params: idParams,
        response: { 200: trustSchoolsSchema },
      },
    },
    async (request) => listTrustSchools(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/trusts/:id/schools',
    {
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary: 'Create a new school in the trust, with the seed policy as its first version (audited)',
        params: idParams,
        body: newTrustSchoolBody,
        response: { 200: createdSchoolSchema },
      },
    },
    async (request) =>
      createTrustSchool(app.db, requireActor(request), { trustId: request.params.id, ...request.body }),
  );

  app.get(
    '/api/trusts/:id/people',
    {
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary: 'Who holds which trust roles now (the trust admin)',
        params: idParams,
        response: { 200: trustPeopleSchema },
      },
    },
    async (request) => listTrustPeople(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/trusts/:id/people/grant',
    {
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary:
          'Give a person (by email; new people with their names) trust roles, replacing those they held (audited)',
        params: idParams,
        body: grantTrustRolesBody,
        response: { 200: heldTrustRolesSchema },
      },
    },
    async (request) =>
      grantTrustRoles(app.db, requireActor(request), { trustId: request.params.id, ...request.body }),
  );

  app.post(
    '/api/trusts/:id/people/revoke',
    {
      config: { access: anyRoleAccess },
      schema: {
        tags: ['trusts'],
        summary: 'Take one trust role from a person, by email (audited; the trust keeps a trust admin)',
        params: idParams,
        body: revokeTrustRoleBody,
        response: { 200: heldTrustRolesSchema },
      },
    },
    async (request) =>
      revokeTrustRole(app.db, requireActor(request), { trustId: request.params.id, ...request.body }),
  );

  app.get(
    '/api/trust-templates',
    {
      config: { access: accessFor('policy.import') },
      schema: {
        tags: ['trusts'],
        summary: "The policy templates of your school's trust, and which your school adopted",
        response: { 200: schoolTemplatesSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return listSchoolTemplates(app.db, actor, actor.schoolId);
    },
  );

  app.post(
    '/api/trust-templates/:id/adopt',
    {
      config: { access: accessFor('policy.import') },
      schema: {
        tags: ['trusts'],
        summary: "Adopt a trust template (as it is, or adapted) as your school's new policy version",
        params: idParams,
        body: z
          .object({ text: z.string().max(600_000).optional(), label: z.string().max(60).optional() })
          .strict(),
        response: {
          200: z.object({ policyVersionId: z.string(), label: z.string(), adapted: z.boolean() }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return adoptPolicyTemplate(
        app.db,
        actor,
        { schoolId: actor.schoolId, templateId: request.params.id, ...request.body },
        app.clock.today(),
        app.clock.now(),
      );
    },
  );
};
