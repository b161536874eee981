import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { storableFileName } from '../platform/http/storable-text.js';
import { jsonFileBytes, uploadedFileBytes } from '../platform/http/upload-part.js';
import { zipLimitsFrom } from '../platform/uploads/zip.js';
import { getCarer } from './get-carer.js';
import { getPupil } from './get-pupil.js';
import { importRoster } from './import-roster.js';
import { listStaff } from './list-staff.js';
import { markStaffLeft, type PeopleDeps } from './mark-staff-left.js';
import type { RosterUpload } from './roster-parse.js';
import { searchPupils } from './search-pupils.js';

// Per uploaded file: a trust-sized CSV (tens of thousands of rows) fits; a bigger export comes zipped, and
// what a zip unpacks to is held to GUARDPOST_MAX_UNZIPPED_MB instead.
const maxRosterBytes = 25 * 1024 * 1024;

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const diffEntry = z.object({
  externalId: z.string(),
  name: z.string(),
  changes: z.array(z.string()).optional(),
});
const diffSchema = z.object({
  pupils: z.object({
    added: z.array(diffEntry),
    updated: z.array(diffEntry),
    leavers: z.array(diffEntry),
    unchanged: z.number().int(),
  }),
  carers: z.object({ added: z.array(diffEntry), updated: z.array(diffEntry), unchanged: z.number().int() }),
  staff: z.object({
    added: z.array(diffEntry),
    updated: z.array(diffEntry),
    leavers: z.array(diffEntry),
    unchanged: z.number().int(),
  }),
  links: z.object({ added: z.number().int(), updated: z.number().int(), ended: z.number().int() }),
});

const pupilListItem = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  yearGroup: z.number().int().nullable(),
  status: z.enum(['current', 'left']),
});

const importJsonBody = z
  .object({
    files: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200),
            content: z.string(),
            encoding: z.enum(['utf8', 'base64']).default('utf8'),
          })
          .strict(),
      )
      .min(1)
      .max(10),
    dryRun: z.boolean().default(false),
    full: z.boolean().default(false),
    confirmStaffLeavers: z.boolean().default(false),
  })
  .strict();

/**
 * People: roster import (admin and headteacher) and look-ups every member of staff needs. Everything is
 * scoped to the actor's current school; a record of another school is "not found", never shown.
 */
export const peopleRoutes: FastifyPluginAsyncZod<{ deps: PeopleDeps }> = async (app, { deps }) => {
  await app.register(multipart, { limits: { fileSize: maxRosterBytes, files: 10, fields: 10 } });

  app.post(
    '/api/roster/import',
    {
      config: { access: rolesAccess('admin', 'headteacher') },
      bodyLimit: maxRosterBytes * 2,
      schema: {
        tags: ['people'],
        summary: 'Import the roster (simple CSV, OneRoster files or zip); returns the diff',
        description:
          'Send multipart/form-data with one or more files (fields dryRun, full, confirmStaffLeavers, or the ' +
          'same as query parameters), or JSON {files: [{name, content, encoding}], dryRun, full, ' +
          'confirmStaffLeavers}. A full import marks staff it no longer lists as left (and opens their ' +
          'handover); when that is more than a tenth of the staff it is refused (RosterStaffLeaversUnconfirmed) ' +
          'unless confirmStaffLeavers is set.',
        querystring: z
          .object({ dryRun: booleanFlag, full: booleanFlag, confirmStaffLeavers: booleanFlag })
          .strict(),
        // Multipart uploads are read from the stream in the handler, so there is no JSON body then.
        body: importJsonBody.nullish(),
        response: {
          200: z.object({
            format: z.enum(['simple', 'oneroster', 'demo']),
            dryRun: z.boolean(),
            full: z.boolean(),
            importId: z.string().nullable(),
            counts: z.record(z.string(), z.number()),
            staffLeaversNeedConfirmation: z.boolean(),
            diff: diffSchema,
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      let files: RosterUpload[] = [];
      let dryRun = request.query.dryRun;
      let full = request.query.full;
      let confirmStaffLeavers = request.query.confirmStaffLeavers;
      if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === 'file')
            files.push({
              name: storableFileName(part.filename || part.fieldname),
              bytes: await uploadedFileBytes(part, maxRosterBytes, 'RosterFileTooLarge'),
            });
          else if (part.fieldname === 'dryRun') dryRun ||= part.value === 'true' || part.value === '1';
          else if (part.fieldname === 'full') full ||= part.value === 'true' || part.value === '1';
          else if (part.fieldname === 'confirmStaffLeavers')
            confirmStaffLeavers ||= part.value === 'true' || part.value === '1';
        }
      } else if (request.body) {
        files = request.body.files.map((f) => ({
          name: f.name,
          bytes: jsonFileBytes(f, maxRosterBytes, 'RosterFileTooLarge'),
        }));
        dryRun ||= request.body.dryRun;
        full ||= request.body.full;
        confirmStaffLeavers ||= request.body.confirmStaffLeavers;
      }
      if (files.length === 0) throw invalid('RosterFileMissing', 'send at least one roster file');
      return importRoster(
        app.db,
        actor,
        {
          schoolId: actor.schoolId,
          files,
          zipLimits: zipLimitsFrom(app.config.maxUnzippedBytes),
          dryRun,
          full,
          confirmStaffLeavers,
          today: app.clock.today(),
        },
        deps,
      );
    },
  );

  app.get(
    '/api/people/pupils',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['people'],
        summary: 'Find pupils by name (given, preferred or family) and year group',
        querystring: z
          .object({
            q: z.string().max(100).optional(),
            year: z.coerce.number().int().min(0).max(14).optional(),
            status: z.enum(['current', 'left', 'all']).optional(),
            /** Skip this many matches: pages of `pageSize`, in name order. */
            offset: z.coerce.number().int().min(0).max(100_000).optional(),
          })
          .strict(),
        response: {
          200: z.object({
            pupils: z.array(pupilListItem),
            total: z.number().int(),
            offset: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return searchPupils(app.db, actor, { schoolId: actor.schoolId, ...request.query });
    },
  );

  app.get(
    '/api/people/pupils/:id',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['people'],
        summary: 'A pupil with their carers (date of birth and contact details for DSLs, head and admins)',
        params: z.object({ id: z.string().max(64) }),
        response: {
          200: pupilListItem.extend({
            dateOfBirth: z.string().nullable(),
            leftOn: z.string().nullable(),
            carers: z.array(
              z.object({
                id: z.string(),
                givenName: z.string(),
                familyName: z.string(),
                relationship: z.string().nullable(),
                parentalResponsibility: z.boolean(),
                email: z.string().nullable(),
                phone: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getPupil(app.db, actor, { schoolId: actor.schoolId, id: request.params.id });
    },
  );

  app.get(
    '/api/people/carers/:id',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['people'],
        summary: 'A carer with their linked pupils (contact details for DSLs, head and admins)',
        params: z.object({ id: z.string().max(64) }),
        response: {
          200: z.object({
            id: z.string(),
            givenName: z.string(),
            familyName: z.string(),
            email: z.string().nullable(),
            phone: z.string().nullable(),
            pupils: z.array(
              pupilListItem.extend({
                relationship: z.string().nullable(),
                parentalResponsibility: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getCarer(app.db, actor, { schoolId: actor.schoolId, id: request.params.id });
    },
  );

  app.get(
    '/api/people/staff',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['people'],
        summary: 'Staff of the signed-in school, with their roles',
        response: {
          200: z.object({
            staff: z.array(
              z.object({
                id: z.string(),
                givenName: z.string(),
                familyName: z.string(),
                email: z.string(),
                roles: z.array(z.enum(roles)),
                status: z.enum(['active', 'left']),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { staff: await listStaff(app.db, actor, { schoolId: actor.schoolId }) };
    },
  );

  app.post(
    '/api/people/staff/:id/leave',
    {
      config: { access: rolesAccess('admin', 'headteacher') },
      schema: {
        tags: ['people'],
        summary:
          'Marks a member of staff as left: they can no longer sign in, and SMT gets their handover (accounts, approvals)',
        params: z.object({ id: z.string().uuid() }),
        response: {
          200: z.object({ staffId: z.string(), status: z.literal('left'), leftOn: z.string() }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return markStaffLeft(app.db, actor, { schoolId: actor.schoolId, staffId: request.params.id }, deps);
    },
  );
};
