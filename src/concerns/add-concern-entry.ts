import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { type ConcernContext, isUuid } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { entryInConcern } from './concern-record.repository.js';
import { concernSubject, runTriageStep } from './concern-triage.js';

/**
 * A lead adds a note to the chronology, or a correction of an earlier entry (which stays as written: the
 * record is never edited, only added to).
 */
export async function addConcernEntry(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; text: string; correctsEntryId: string | null },
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, input, async ({ tx, concern, entry, audit }) => {
    if (input.text.trim() === '') throw invalid('EntryEmpty', 'write the entry');
    if (input.correctsEntryId !== null) {
      const known =
        isUuid(input.correctsEntryId) && (await entryInConcern(tx, concern.id, input.correctsEntryId));
      if (!known) throw invalid('CorrectedEntryUnknown', 'the entry to correct is not in this concern');
    }
    const kind = input.correctsEntryId === null ? 'note' : 'correction';
    const entryId = await entry(kind, input.text, {}, input.correctsEntryId);
    await audit({
      type: 'concern.entry_added',
      subject: concernSubject(concern),
      data: { entryId, kind, correctsEntryId: input.correctsEntryId },
    });
  });
}
