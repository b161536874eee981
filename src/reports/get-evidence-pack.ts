import { strToU8, zipSync } from 'fflate';
import { recordAudit, verifyAuditChain } from '../platform/audit/audit.js';
import { csvField } from '../platform/audit/audit-log.service.js';
import { type Actor, hasRole, type Role } from '../platform/auth/roles.js';
import type { IsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { termsEndingWith } from '../shared/school-terms.js';
import * as ev from './evidence-pack.repository.js';
import { checkRange } from './get-governors-report.js';
import { computeGovernorsReport, reportWindow } from './governors-report.js';
import { renderGovernorsReportPdf } from './governors-report-pdf.js';

/** Who downloads the inspection evidence pack: senior leaders, the headteacher and the DSL. */
export const evidencePackRoles: readonly Role[] = ['smt', 'headteacher', 'dsl'];

const PURPOSES = ['social_media', 'website', 'press'] as const;

function csv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Uint8Array {
  const lines = [header, ...rows].map((r) => r.map((v) => csvField(v)).join(','));
  return strToU8(`${lines.join('\r\n')}\r\n`);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const name = (given: string | null, family: string | null) =>
  given === null && family === null ? null : `${given ?? ''} ${family ?? ''}`.trim();

/**
 * The inspection evidence pack for a range: one zip of CSVs and PDFs (policy and its reviews,
 * acknowledgements, the accounts register with its approvals, the archive index with approvals, consent
 * coverage by year group, the audit chain's verification and the governors' report of each term in the
 * range). Staff are named as in the records; no pupil or carer is. One transaction with its audit row.
 */
export async function getEvidencePack(
  db: Db,
  actor: Actor,
  input: { schoolId: string; from: IsoDate; to: IsoDate },
  now: Date,
): Promise<{ fileName: string; zip: Uint8Array; files: string[] }> {
  if (
    actor.kind === 'staff' &&
    (actor.schoolId !== input.schoolId || !hasRole(actor, ...evidencePackRoles))
  ) {
    throw forbidden(
      'EvidencePackNotAllowed',
      'the evidence pack is for senior leaders, the headteacher and the DSL',
    );
  }
  checkRange(input.from, input.to);
  const w = reportWindow(input.schoolId, input.from, input.to);
  return db.transaction().execute(async (tx) => {
    const school = await tx
      .selectFrom('schools')
      .select(['name'])
      .where('id', '=', input.schoolId)
      .executeTakeFirst();
    if (!school) throw notFound('SchoolNotFound', 'that school is not on this Guardpost');
    const producedBy =
      actor.kind === 'staff'
        ? { name: actor.name || actor.email, role: 'Evidence pack' }
        : { name: actor.label, role: 'System' };
    const files: Record<string, Uint8Array> = {};

    const { versions, reviews } = await ev.readPolicyHistory(tx, w);
    const labelOf = new Map(versions.map((v) => [v.id, v.label]));
    files['policy/versions.csv'] = csv(
      [
        'version',
        'title',
        'source',
        'effective_from',
        'next_review_due',
        'current_now',
        'published_at',
        'document_sha256',
      ],
      versions.map((v) => [
        v.label,
        v.title,
        v.source,
        v.effective_from,
        v.next_review_due,
        v.is_current ? 'yes' : 'no',
        iso(v.created_at),
        v.document_hash,
      ]),
    );
    files['policy/reviews.csv'] = csv(
      ['version', 'kind', 'reviewed_on', 'note'],
      reviews.map((r) => [
        labelOf.get(r.policy_version_id) ?? r.policy_version_id,
        r.kind,
        r.reviewed_on,
        r.note,
      ]),
    );
    const inForce = versions.at(-1);
    if (inForce)
      files[`policy/version-${inForce.label.replace(/[^\w.-]+/g, '_')}.txt`] = strToU8(inForce.document_text);

    files['acknowledgements.csv'] = csv(
      ['staff', 'email', 'version', 'document_sha256', 'acknowledged_at'],
      (await ev.readAcknowledgementRecords(tx, w)).map((a) => [
        name(a.given_name, a.family_name),
        a.email,
        a.label,
        a.document_hash,
        iso(a.acknowledged_at),
      ]),
    );

    files['accounts/register.csv'] = csv(
      [
        'account_id',
        'platform',
        'handle',
        'profile_url',
        'purpose',
        'status_now',
        'registered_at',
        'registered_by',
        'approved_at',
        'approved_by',
        'approval_expires_on',
        'aup_link',
        'aup_checked_at',
      ],
      (await ev.readAccountsRegister(tx, w)).map((a) => [
        a.id,
        a.platform,
        a.handle,
        a.profile_url,
        a.purpose,
        a.status,
        iso(a.created_at),
        name(a.creator_given, a.creator_family),
        iso(a.approved_at),
        name(a.approver_given, a.approver_family),
        a.approval_expires_on === null ? null : String(a.approval_expires_on).slice(0, 10),
        a.aup_status,
        iso(a.aup_checked_at),
      ]),
    );
    files['accounts/approvals.csv'] = csv(
      ['account_id', 'platform', 'handle', 'from_status', 'to_status', 'by', 'reason', 'at'],
      (await ev.readAccountApprovals(tx, w)).map((t) => [
        t.account_id,
        t.platform,
        t.handle,
        t.from_status,
        t.to_status,
        t.actor_label,
        t.reason,
        iso(t.at),
      ]),
    );

    files['posts/archive-index.csv'] = csv(
      [
        'archive_id',
        'published_at',
        'platform',
        'handle',
        'published_url',
        'author',
        'published_by',
        'check_verdict',
        'rules',
        'pupils_tagged',
        'approvals',
      ],
      (await ev.readArchiveIndex(tx, w)).map((p) => [
        p.id,
        iso(p.published_at),
        p.platform,
        p.handle,
        p.published_url,
        name(p.author_given, p.author_family),
        name(p.publisher_given, p.publisher_family),
        p.verdict,
        (p.rule_ids as string[]).join(' '),
        p.no_identifiable_pupils ? 0 : (p.tagged_pupil_ids as string[]).length,
        (p.approvals as { approverName: string; at: string; reason: string }[])
          .map((a) => `${a.approverName} at ${a.at}${a.reason ? `: ${a.reason}` : ''}`)
          .join('; '),
      ]),
    );

    files['consent/coverage-by-year-group.csv'] = csv(
      [
        'year_group',
        'pupils',
        ...PURPOSES.flatMap((p) => [`${p}_granted`, `${p}_refused_or_withdrawn`, `${p}_none`]),
      ],
      consentCoverage(
        await ev.readPupilsOnRoll(tx, w, input.to),
        await ev.readConsentDecisions(tx, w, input.to),
        input.to,
      ),
    );

    const chain = await verifyAuditChain(tx, input.schoolId);
    files['audit-chain-verification.csv'] = csv(
      ['checked_at', 'rows_verified', 'intact', 'first_broken_seq', 'reason'],
      [
        [
          now.toISOString(),
          chain.rows,
          chain.ok ? 'yes' : 'no',
          chain.ok ? null : chain.firstBrokenSeq,
          chain.ok ? null : chain.reason,
        ],
      ],
    );

    for (const term of termsInRange(input.from, input.to)) {
      const report = await computeGovernorsReport(tx, {
        schoolId: input.schoolId,
        schoolName: school.name,
        from: term.from,
        to: term.to,
        producedBy,
        producedAt: now,
      });
      files[`governors-reports/governors-report-${term.from}-to-${term.to}.pdf`] = new Uint8Array(
        await renderGovernorsReportPdf(report),
      );
    }

    files['README.txt'] = strToU8(
      [
        `OFFICIAL. Inspection evidence pack for ${school.name}, ${input.from} to ${input.to}.`,
        `Produced by ${producedBy.name} on ${now.toISOString()}.`,
        'Staff are named as in the records. No pupil or carer is named: posts give the number of pupils tagged,',
        'consent coverage gives counts by year group, and the governors’ reports give counts only.',
        '',
        ...Object.keys(files).sort(),
        '',
      ].join('\r\n'),
    );

    const names = Object.keys(files).sort();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'report.evidence_pack_produced',
        subject: { type: 'school', id: input.schoolId },
        data: { from: input.from, to: input.to, files: names.length },
      },
    });
    // A fixed time inside the zip: the same records give the same bytes.
    const mtime = new Date(`${input.to}T12:00:00Z`);
    return {
      fileName: `evidence-pack-${input.from}-to-${input.to}.zip`,
      zip: zipSync(Object.fromEntries(names.map((n) => [n, [files[n] as Uint8Array, { mtime }]]))),
      files: names,
    };
  });
}

/** The terms the range touches, each clipped to the range. */
function termsInRange(from: IsoDate, to: IsoDate) {
  return termsEndingWith(to, 6)
    .filter((t) => t.to >= from)
    .map((t) => ({ from: t.from < from ? from : t.from, to: t.to > to ? to : t.to }));
}

/** Counts per year group and purpose of the decision holding on the last day (the latest recorded, in date). */
export function consentCoverage(
  pupils: { id: string; year_group: number | null }[],
  decisions: { pupil_id: string; purpose: string; state: string; expires_on: string }[],
  to: string,
): (string | number)[][] {
  const latest = new Map<string, { state: string; expires_on: string }>();
  for (const d of decisions) latest.set(`${d.pupil_id}:${d.purpose}`, d);
  const groups = [...new Set(pupils.map((p) => p.year_group))].sort((a, b) => (a ?? 99) - (b ?? 99));
  return groups.map((g) => {
    const inGroup = pupils.filter((p) => p.year_group === g);
    return [
      g === null ? 'none recorded' : g,
      inGroup.length,
      ...PURPOSES.flatMap((purpose) => {
        let granted = 0;
        let refused = 0;
        for (const p of inGroup) {
          const d = latest.get(`${p.id}:${purpose}`);
          if (!d || String(d.expires_on).slice(0, 10) < to) continue;
          if (d.state === 'granted') granted++;
          else refused++;
        }
        return [granted, refused, inGroup.length - granted - refused];
      }),
    ];
  });
}
