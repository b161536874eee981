import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { defaultBlockCategories } from './block-lists.js';
import { findCheckSettings, upsertCheckSettings } from './check-settings.repository.js';
import type { StoredCheckSettings } from './check-settings.table.js';
import { requireSettingsAdmin } from './check-settings-access.js';
import { allRuleIds } from './engine/rules/registry.js';
import type { RuleId } from './engine/types.js';
import { type BlockListCategoryState, getBlockListState } from './get-block-list-state.js';

const word = z.string().trim().min(1).max(60);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*$/,
    'must be a domain such as example.org',
  );
const category = z
  .string()
  .trim()
  .regex(/^[\w-]{1,40}$/, 'must be a block list category name such as adult or gambling');

/** A school's tuning of the checks, validated the same way at the HTTP edge and in the CLI. */
export const checkSettingsInputSchema = z
  .object({
    severityOverrides: z
      .partialRecord(
        z.enum(allRuleIds as [RuleId, ...RuleId[]]),
        z.enum(['block', 'review', 'advice', 'off']),
      )
      .optional(),
    extraAbuseWords: z.array(word).max(500).optional(),
    extraProfanityWords: z.array(word).max(500).optional(),
    languageExceptions: z.array(word).max(500).optional(),
    allowedDomains: z.array(domain).max(1000).optional(),
    allowOnlyListed: z.boolean().optional(),
    schoolPhones: z.array(z.string().trim().min(5).max(30)).max(20).optional(),
    schoolAddresses: z.array(z.string().trim().min(5).max(200)).max(20).optional(),
    schoolPostcodes: z.array(z.string().trim().min(5).max(10)).max(20).optional(),
    blockCategories: z.array(category).max(50).optional(),
  })
  .strict();

export type CheckSettingsInput = z.infer<typeof checkSettingsInputSchema>;

export interface CheckSettingsView extends StoredCheckSettings {
  blockCategories: string[];
  blockLists: BlockListCategoryState[];
}

export async function getCheckSettings(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<CheckSettingsView> {
  requireSettingsAdmin(actor);
  const row = await findCheckSettings(db, schoolId);
  const blockCategories = row?.block_categories ?? [...defaultBlockCategories];
  return {
    ...(row?.settings ?? {}),
    blockCategories,
    blockLists: await getBlockListState(db, actor, schoolId, blockCategories),
  };
}

/** Replaces the school's check settings; the change is audited with the fields it touched. */
export async function updateCheckSettings(
  db: Db,
  actor: Actor,
  schoolId: string,
  input: unknown,
  clock: Clock,
): Promise<CheckSettingsView> {
  requireSettingsAdmin(actor);
  const parsed = checkSettingsInputSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
    throw invalid('InvalidCheckSettings', details[0] ?? 'invalid settings', details);
  }
  const { blockCategories, ...settings } = parsed.data;
  return db.transaction().execute(async (tx) => {
    await upsertCheckSettings(tx, schoolId, settings as StoredCheckSettings, blockCategories, clock.now());
    await recordAudit(tx, {
      actor,
      schoolId,
      at: clock.now(),
      event: {
        type: 'checks.settings_updated',
        subject: { type: 'school', id: schoolId },
        data: { fields: Object.keys(parsed.data).sort() },
      },
    });
    return getCheckSettings(tx, actor, schoolId);
  });
}
