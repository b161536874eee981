import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { loadDataKey } from '../platform/crypto/data-keys.js';
import { open } from '../platform/crypto/envelope.js';
import { notFound } from '../platform/errors.js';
import { type ConcernContext, concernNotFound, isUuid, requireVisibleConcern } from './concern-access.js';
import { findEvidence } from './concern-record.repository.js';
import { evidenceContext } from './concern-sealing.js';

/** An evidence file (original or the metadata-free viewing copy), decrypted; audited. */
export async function getEvidence(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; evidenceId: string; variant: 'original' | 'view' },
): Promise<{ name: string; mediaType: string; bytes: Buffer; sha256: string }> {
  if (!isUuid(input.concernId) || !isUuid(input.evidenceId)) throw concernNotFound();
  return ctx.db.transaction().execute(async (tx) => {
    const concern = await requireVisibleConcern(tx, actor, input.schoolId, input.concernId);
    const row = await findEvidence(tx, concern.id, input.evidenceId);
    if (!row) throw notFound('EvidenceNotFound', 'no such evidence file');
    const key = await loadDataKey(tx, ctx.keyring, row.data_key_id);
    const useView = input.variant === 'view' && row.viewing_copy !== null;
    const bytes = useView
      ? open(key, row.viewing_copy ?? Buffer.alloc(0), evidenceContext(row.id, 'view'))
      : open(key, row.original, evidenceContext(row.id, 'original'));
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.evidence_viewed',
        subject: { type: 'concern', id: concern.id },
        data: { evidenceId: row.id, variant: useView ? 'view' : 'original' },
      },
      at: ctx.now,
    });
    return {
      name: open(key, row.name, evidenceContext(row.id, 'name')).toString('utf8'),
      mediaType: useView ? (row.viewing_media_type ?? row.media_type) : row.media_type,
      bytes,
      sha256: row.sha256,
    };
  });
}
