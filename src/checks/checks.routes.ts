import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DbExecutor } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { uploadedFileBytes } from '../platform/http/upload-part.js';
import { clauseById } from '../policy/clauses.js';
import { checkSubject } from './check-subject.js';
import { checkSettingsRoles } from './checks.permissions.js';
import { checkSettingsViewSchema } from './checks.schemas.js';
import { redact } from './engine/redact.js';
import type { ApprovedPersonalChannels } from './engine/text/personal-channel.js';
import type { Subject } from './engine/types.js';
import { getBlockListState } from './get-block-list-state.js';
import { MAX_IMAGE_BYTES } from './images/image-limits.js';
import { checkSettingsInputSchema, getCheckSettings, updateCheckSettings } from './update-check-settings.js';

const MAX_IMAGES = 10;

const subjectSchema = z
  .object({
    kind: z.enum(['post', 'comment', 'profile', 'reply']),
    text: z.string().max(20_000).optional(),
    taggedPupils: z.array(z.uuid()).max(200).optional(),
    noIdentifiablePupils: z.boolean().optional(),
  })
  .strict();

const findingSchema = z.object({
  rule: z.string(),
  clause: z.string(),
  clauseTitle: z.string(),
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

const resultSchema = z.object({
  verdict: z.enum(['block', 'review', 'pass']),
  findings: z.array(findingSchema),
  /** The text with pupil names as initials and personal data removed: the composer's one-click fix. */
  redactedText: z.string().nullable(),
});

const settingsManagers = rolesAccess(...checkSettingsRoles);

/**
 * `POST /api/checks`: runs the check engine on a subject for the signed-in school, as JSON or as
 * multipart (a `subject` JSON field and `images` files). Nothing is stored: the subject may contain
 * exactly the personal data the checks look for.
 */
/**
 * The personal channels the headteacher approved for a member of staff today (clauses 1.5, 1.6). Staff
 * personal use stands above checks, so the composition root hands its lookup in; post saves read the same.
 */
export type ApprovedChannelsLookup = (
  db: DbExecutor,
  schoolId: string,
  staffId: string,
  today: string,
) => Promise<ApprovedPersonalChannels>;

export const checksRoutes: FastifyPluginAsyncZod<{ approvedChannels: ApprovedChannelsLookup }> = async (
  app,
  { approvedChannels },
) => {
  // In production short links are followed (HEAD, SSRF-safe) so their destination is checked too; only
  // here, not in post saves, whose checks run inside a transaction a network wait would hold open.
  const expandLink = app.shortLinkExpander ?? undefined;
  await app.register(multipart, {
    limits: { files: MAX_IMAGES, fileSize: MAX_IMAGE_BYTES, fields: 5, fieldSize: 100_000 },
  });

  app.post(
    '/api/checks',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['checks'],
        summary: 'Check a post, comment, reply or profile against the policy',
        description:
          'JSON body, or multipart/form-data with a `subject` field (the same JSON) and up to 10 `images` files.',
        response: { 200: resultSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      // Multipart bodies are parsed here; JSON ones are validated here too, with the same schema.
      let raw: unknown;
      const images: Uint8Array[] = [];
      if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'images')
              throw invalid('InvalidRequest', `unexpected file field ${part.fieldname}`);
            images.push(new Uint8Array(await uploadedFileBytes(part, MAX_IMAGE_BYTES, 'ImageTooLarge')));
          } else if (part.fieldname === 'subject') {
            try {
              raw = JSON.parse(String(part.value));
            } catch {
              throw invalid('InvalidRequest', 'subject: must be JSON');
            }
          } else {
            throw invalid('InvalidRequest', `unexpected field ${part.fieldname}`);
          }
        }
      } else {
        raw = request.body;
      }
      const parsed = subjectSchema.safeParse(raw);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`);
        throw invalid('InvalidRequest', details[0] ?? 'invalid subject', details);
      }
      const { text, taggedPupils, noIdentifiablePupils, kind } = parsed.data;
      if (text === undefined && images.length === 0) {
        throw invalid('SubjectMissing', 'send text, photos or both to check');
      }
      const subject: Subject = {
        kind,
        ...(text !== undefined ? { text } : {}),
        ...(images.length > 0 ? { images } : {}),
        ...(taggedPupils ? { taggedPupils } : {}),
        ...(noIdentifiablePupils !== undefined ? { noIdentifiablePupils } : {}),
      };
      const today = app.clock.today();
      const loaded = await app.checkContexts.load(app.db, actor.schoolId, today);
      // As a post save does: a personal number or address the headteacher approved for this writer today
      // is not a block (clauses 1.5, 1.6).
      const approved =
        actor.kind === 'staff'
          ? await approvedChannels(app.db, actor.schoolId, actor.staffId, today)
          : undefined;
      const context = {
        ...loaded,
        ...(expandLink ? { expandLink } : {}),
        ...(approved ? { approvedPersonalChannels: approved } : {}),
      };
      const result = await checkSubject(subject, context);
      return {
        verdict: result.verdict,
        findings: result.findings.map((f) => ({ ...f, clauseTitle: clauseById(f.clause).title })),
        redactedText: text === undefined ? null : redact(text, result.findings),
      };
    },
  );

  app.get(
    '/api/checks/settings',
    {
      config: { access: settingsManagers },
      schema: {
        tags: ['checks'],
        summary: "The school's check settings",
        response: { 200: checkSettingsViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getCheckSettings(app.db, actor, actor.schoolId);
    },
  );

  app.get(
    '/api/checks/block-lists',
    {
      config: { access: settingsManagers },
      schema: {
        tags: ['checks'],
        summary:
          'Each block list category: ticked, loaded, how many entries and when (a ticked list not loaded blocks nothing)',
        response: {
          200: z.object({
            categories: z.array(
              z.object({
                category: z.string(),
                enabled: z.boolean(),
                loaded: z.boolean(),
                entries: z.number().int(),
                importedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { categories: await getBlockListState(app.db, actor, actor.schoolId) };
    },
  );

  app.put(
    '/api/checks/settings',
    {
      config: { access: settingsManagers },
      schema: {
        tags: ['checks'],
        summary: "Replace the school's check settings",
        body: checkSettingsInputSchema,
        response: { 200: checkSettingsViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return updateCheckSettings(app.db, actor, actor.schoolId, request.body, app.clock);
    },
  );
};
