import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_IMAGE_BYTES } from '../checks/images/image-limits.js';
import { invalid } from '../platform/errors.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { fileResponse } from '../platform/http/response-schemas.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { uploadedFileBytes } from '../platform/http/upload-part.js';
import { addPostPhotos } from './add-post-photos.js';
import { approvePost } from './approve-post.js';
import { checkPostDraft } from './check-post-draft.js';
import { createPost } from './create-post.js';
import { getPost, getPostPhoto } from './get-post.js';
import { listPosts } from './list-posts.js';
import { markPostReady } from './mark-post-ready.js';
import type { PostsDeps } from './post-access.js';
import {
  approvalInputSchema,
  archiveFiltersSchema,
  newPostInputSchema,
  postInputSchema,
  publishInputSchema,
} from './post-inputs.js';
import { renderPublicationPdf } from './post-pdf.js';
import { postSettingsRoutes } from './post-settings.routes.js';
import { approverRoles, archiveReaderRoles } from './posts.permissions.js';
import { publishPost } from './publish-post.js';
import { removePostPhoto } from './remove-post-photo.js';
import { getArchiveRecord, searchArchive } from './search-archive.js';
import { sendPostBack } from './send-post-back.js';
import { takedownsRoutes } from './takedowns.routes.js';
import { updatePostContent } from './update-post-content.js';

const MAX_PHOTOS = 10;

const idParams = z.object({ id: z.string().max(100) }).strict();
const photoParams = z.object({ id: z.string().max(100), photoId: z.string().max(100) }).strict();
const archiveReaders = rolesAccess(...archiveReaderRoles);

const findingSchema = z.object({
  rule: z.string(),
  clause: z.string(),
  severity: z.enum(['block', 'review', 'advice']),
  message: z.string(),
  start: z.number().int().optional(),
  end: z.number().int().optional(),
  excerpt: z.string().optional(),
  part: z.string(),
  imageIndex: z.number().int().optional(),
  suggestion: z.string().optional(),
  pupilId: z.string().optional(),
});
const verdictSchema = z.enum(['pass', 'review', 'block']);

const draftCheckSchema = z.object({
  verdict: verdictSchema,
  findings: z.array(findingSchema.extend({ clauseTitle: z.string() })),
  /** The caption with pupil names as initials and personal data removed (as `POST /api/checks`). */
  redactedText: z.string().nullable(),
});

const postViewSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  authorStaffId: z.string(),
  text: z.string(),
  links: z.array(z.string()),
  taggedPupils: z.array(z.string()),
  taggedPupilDetails: z.array(
    z.object({
      id: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      preferredName: z.string().nullable(),
      yearGroup: z.number().int().nullable(),
      status: z.enum(['current', 'left']),
    }),
  ),
  noIdentifiablePupils: z.boolean(),
  revision: z.number().int(),
  status: z.enum(['draft', 'awaiting_approval', 'ready', 'published']),
  verdict: verdictSchema,
  findings: z.array(findingSchema),
  requiresApproval: z.boolean(),
  photos: z.array(
    z.object({
      id: z.string(),
      sha256: z.string(),
      width: z.number(),
      height: z.number(),
      originalKept: z.boolean(),
    }),
  ),
  approvals: z.array(
    z.object({ approverStaffId: z.string(), reason: z.string(), revision: z.number().int(), at: z.string() }),
  ),
  returns: z.array(
    z.object({
      returnedByStaffId: z.string(),
      reason: z.string(),
      revision: z.number().int(),
      at: z.string(),
    }),
  ),
  abilities: z.object({
    edit: z.boolean(),
    markReady: z.boolean(),
    approve: z.boolean(),
    publish: z.boolean(),
  }),
  publication: z
    .object({
      archiveId: z.string(),
      publishedAt: z.string(),
      publishedUrl: z.string().nullable(),
      archiveReadable: z.boolean(),
    })
    .nullable(),
  checkedAt: z.string(),
  updatedAt: z.string(),
});

const archiveViewSchema = z.object({
  id: z.string(),
  postId: z.string(),
  accountId: z.string(),
  account: z.object({ platform: z.string(), handle: z.string() }),
  authorStaffId: z.string(),
  publishedBy: z.object({ staffId: z.string(), name: z.string() }),
  publishedAt: z.string(),
  publishedUrl: z.string(),
  platformPostId: z.string().nullable(),
  text: z.string(),
  links: z.array(z.string()),
  photos: z.array(z.object({ sha256: z.string(), thumbnail: z.string() })),
  taggedPupils: z.array(
    z.object({
      pupilId: z.string(),
      name: z.string().nullable(),
      consentState: z.string(),
      expiresOn: z.string().nullable(),
    }),
  ),
  noIdentifiablePupils: z.boolean(),
  verdict: verdictSchema,
  findings: z.array(findingSchema),
  approvals: z.array(
    z.object({
      approverStaffId: z.string(),
      approverName: z.string(),
      reason: z.string(),
      verdict: verdictSchema,
      at: z.string(),
    }),
  ),
});

/**
 * Posts (clauses 2.2–2.4): compose on an approved account, check on every save, approval, publication
 * record, archive search and PDF, and the takedown tasks of the retroactive re-check (opened when a
 * consent is lost, by the reaction the composition root wires into the consent register). `deps` comes
 * from the root: the process's clock, check contexts, photo analyses and keyring.
 */
export const postsRoutes: FastifyPluginAsyncZod<{ deps: PostsDeps }> = async (app, { deps }) => {
  await app.register(multipart, {
    limits: { files: MAX_PHOTOS, fileSize: MAX_IMAGE_BYTES, fields: 0, fieldSize: 1_000 },
  });

  app.post(
    '/api/posts',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Compose a post on an approved account you own',
        response: { 201: postViewSchema },
        body: newPostInputSchema,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.code(201).send(await createPost(app.db, actor, actor.schoolId, request.body, deps));
    },
  );

  app.get(
    '/api/posts',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Your posts, or the posts waiting for your approval',
        response: { 200: z.array(postViewSchema) },
        querystring: z.object({ scope: z.enum(['mine', 'approval_queue']).default('mine') }).strict(),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return listPosts(app.db, actor, actor.schoolId, request.query.scope);
    },
  );

  app.get(
    '/api/posts/:id',
    {
      config: { access: signedInAccess },
      schema: { tags: ['posts'], summary: 'One post', response: { 200: postViewSchema }, params: idParams },
    },
    async (request) => {
      const actor = requireActor(request);
      return getPost(app.db, actor, actor.schoolId, request.params.id);
    },
  );

  app.put(
    '/api/posts/:id',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Save a new revision of a draft',
        response: { 200: postViewSchema },
        params: idParams,
        body: postInputSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return updatePostContent(
        app.db,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, body: request.body },
        deps,
      );
    },
  );

  app.post(
    '/api/posts/:id/check',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: "Check unsaved content together with the post's stored photos; nothing is stored",
        response: { 200: draftCheckSchema },
        params: idParams,
        body: postInputSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return checkPostDraft(
        app.db,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, body: request.body },
        deps,
      );
    },
  );

  app.post(
    '/api/posts/:id/photos',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Add photos (multipart `photos` files): re-encoded without metadata, originals not kept',
        response: { 200: postViewSchema },
        params: idParams,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw invalid('PhotoMissing', 'send photos as multipart/form-data');
      const images: Uint8Array[] = [];
      for await (const part of request.parts()) {
        if (part.type !== 'file' || part.fieldname !== 'photos')
          throw invalid('InvalidRequest', `unexpected field ${part.fieldname}`);
        images.push(new Uint8Array(await uploadedFileBytes(part, MAX_IMAGE_BYTES, 'ImageTooLarge')));
      }
      return addPostPhotos(
        app.db,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, images },
        deps,
      );
    },
  );

  app.get(
    '/api/posts/:id/photos/:photoId',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'A stored photo (re-encoded) or its thumbnail',
        params: photoParams,
        querystring: z.object({ size: z.enum(['full', 'thumbnail']).default('full') }).strict(),
        response: { 200: fileResponse('The photo', 'application/octet-stream') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const bytes = await getPostPhoto(app.db, actor, {
        schoolId: actor.schoolId,
        postId: request.params.id,
        photoId: request.params.photoId,
        thumbnail: request.query.size === 'thumbnail',
      });
      return reply
        .type('application/octet-stream')
        .header('content-disposition', 'attachment')
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.post(
    '/api/posts/:id/photos/:photoId/remove',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Take a photo off a draft',
        response: { 200: postViewSchema },
        params: photoParams,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return removePostPhoto(
        app.db,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, photoId: request.params.photoId },
        deps,
      );
    },
  );

  app.post(
    '/api/posts/:id/ready',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Mark a draft ready (or send it for approval)',
        response: { 200: postViewSchema },
        params: idParams,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return markPostReady(app.db, actor, { schoolId: actor.schoolId, postId: request.params.id }, deps);
    },
  );

  app.post(
    '/api/posts/:id/approve',
    {
      config: { access: rolesAccess(...approverRoles) },
      schema: {
        tags: ['posts'],
        summary: 'Approve a post waiting for approval, with a reason (never your own)',
        response: { 200: postViewSchema },
        params: idParams,
        body: approvalInputSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return approvePost(
        app.db,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, reason: request.body.reason },
        deps,
      );
    },
  );

  app.post(
    '/api/posts/:id/send-back',
    {
      config: { access: rolesAccess(...approverRoles) },
      schema: {
        tags: ['posts'],
        summary:
          'Send a post waiting for approval back to its author for changes, with a reason (never your own)',
        response: { 200: postViewSchema },
        params: idParams,
        body: approvalInputSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return sendPostBack(
        app.db,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, reason: request.body.reason },
        deps,
      );
    },
  );

  app.post(
    '/api/posts/:id/publish',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['posts'],
        summary: 'Record where the post was published; writes the immutable archive record',
        response: { 201: archiveViewSchema },
        params: idParams,
        body: publishInputSchema,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await publishPost(
        app.db,
        actor,
        { schoolId: actor.schoolId, postId: request.params.id, publishedUrl: request.body.publishedUrl },
        deps,
      );
      return reply.code(201).send(record);
    },
  );

  app.get(
    '/api/archive/posts',
    {
      config: { access: archiveReaders },
      schema: {
        tags: ['posts'],
        summary: 'Search the publication archive by account, pupil, date and rule',
        response: { 200: z.array(archiveViewSchema) },
        querystring: archiveFiltersSchema,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return searchArchive(app.db, actor, actor.schoolId, request.query);
    },
  );

  app.get(
    '/api/archive/posts/:id',
    {
      config: { access: archiveReaders },
      schema: {
        tags: ['posts'],
        summary: 'One publication record',
        response: { 200: archiveViewSchema },
        params: idParams,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getArchiveRecord(app.db, actor, actor.schoolId, request.params.id);
    },
  );

  app.get(
    '/api/archive/posts/:id/record.pdf',
    {
      config: { access: archiveReaders },
      schema: {
        tags: ['posts'],
        summary: 'One publication record as PDF',
        params: idParams,
        response: { 200: fileResponse('The publication record as PDF', 'application/pdf') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await getArchiveRecord(app.db, actor, actor.schoolId, request.params.id);
      const pdf = await renderPublicationPdf(record);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="publication-${record.id}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  await postSettingsRoutes(app);
  await takedownsRoutes(app);
};
