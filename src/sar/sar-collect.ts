import { getConcern } from '../concerns/get-concern.js';
import { rosterPupils, staffEmails, staffWithMembership } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import type { SarSubjectKind } from './sar.table.js';
import { namesOf, redactThirdParties, type ThirdParty } from './sar-redact.js';

/**
 * Everything Guardpost holds about one person, as items the DSL reviews one by one and the export lists.
 * The subject access request is the one use case that reads across every domain's tables about a person,
 * so it asks them here in one place; concerns are read through the concerns use case (decrypted, audited),
 * and third parties' names through the people domain's published reads.
 * Other people's details are left out or redacted as each item is built: carers' contact details in a
 * pupil's export, other pupils and the reporter in a concern, the pupil's details in a staff member's.
 */
export type SarValue = string | number | boolean | null;

export interface SarItem {
  /** Stable within the request: `<section>:<record id>`. */
  id: string;
  section: string;
  title: string;
  /** Drawn from safeguarding records: the DSL must look at it before release. */
  safeguarding: boolean;
  fields: Record<string, SarValue>;
}

export interface SarSubject {
  kind: SarSubjectKind;
  id: string;
  name: string;
}

const iso = (value: Date | string | null | undefined) =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : value;

export async function collectSubjectData(
  ctx: { db: Db; keyring: Keyring; now: Date },
  input: { schoolId: string; kind: SarSubjectKind; subjectId: string },
): Promise<{ subject: SarSubject; items: SarItem[] }> {
  if (input.kind === 'pupil') return collectPupil(ctx, input.schoolId, input.subjectId);
  if (input.kind === 'carer') return collectCarer(ctx.db, input.schoolId, input.subjectId);
  return collectStaff(ctx, input.schoolId, input.subjectId);
}

const sarReader: Actor = { kind: 'system', label: 'subject-access' };

async function concernItem(
  ctx: { db: Db; keyring: Keyring; now: Date },
  schoolId: string,
  concernId: string,
  keep: { pupilId?: string; staffId?: string },
  extraParties: ThirdParty[],
): Promise<SarItem> {
  const c = await getConcern(ctx, sarReader, { schoolId, concernId, purpose: 'export' });
  const parties: ThirdParty[] = [...extraParties];
  const otherPupils = c.pupils.filter((p) => p.pupilId !== keep.pupilId);
  if (otherPupils.length > 0) {
    const pupils = await rosterPupils(
      ctx.db,
      schoolId,
      otherPupils.map((p) => p.pupilId),
    );
    for (const p of pupils.values())
      parties.push({
        names: namesOf({
          given_name: p.givenName,
          family_name: p.familyName,
          preferred_name: p.preferredName,
        }),
        as: 'another pupil',
      });
  }
  const staffIds = [c.reporter.staffId, c.subjectStaff?.staffId, c.assignedStaffId].filter(
    (id): id is string => typeof id === 'string' && id !== keep.staffId,
  );
  if (staffIds.length > 0) {
    const rows = await staffWithMembership(ctx.db, schoolId, staffIds);
    const emails = await staffEmails(ctx.db, staffIds);
    for (const row of rows)
      parties.push({
        names: [...namesOf(row), ...(emails.has(row.id) ? [emails.get(row.id) as string] : [])],
        as: 'a member of staff',
      });
  }
  const clean = (text: string | null) => (text === null ? null : redactThirdParties(text, parties));
  const role = keep.pupilId ? (c.pupils.find((p) => p.pupilId === keep.pupilId)?.role ?? null) : null;
  return {
    id: `concern:${c.id}`,
    section: 'Safeguarding concerns',
    title: `Concern ${c.reference}`,
    safeguarding: true,
    fields: {
      reference: c.reference,
      type: c.type,
      platform: c.platform,
      occurredAt: c.occurredAt,
      reportedAt: c.reportedAt,
      status: c.status,
      ...(role ? { yourRole: role } : {}),
      ...(keep.staffId && c.reporter.staffId === keep.staffId ? { youReportedIt: true } : {}),
      ...(keep.staffId && c.subjectStaff?.staffId === keep.staffId ? { aboutYou: true } : {}),
      otherPupilsNamed: otherPupils.length,
      whatHappened: clean(c.whatHappened),
      childWords: clean(c.childWords),
      actionsTaken: clean(c.actionsTaken),
      decision: c.decision,
      outcome: clean(c.outcome),
    },
  };
}

async function collectPupil(ctx: { db: Db; keyring: Keyring; now: Date }, schoolId: string, pupilId: string) {
  const { db } = ctx;
  const pupil = await db
    .selectFrom('pupils')
    .selectAll()
    .where('id', '=', pupilId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!pupil) throw notFound('SarSubjectNotFound', 'there is no such pupil in this school');
  const items: SarItem[] = [
    {
      id: `pupil:${pupil.id}`,
      section: 'Your record',
      title: 'Pupil record',
      safeguarding: false,
      fields: {
        givenName: pupil.given_name,
        familyName: pupil.family_name,
        preferredName: pupil.preferred_name,
        dateOfBirth: pupil.date_of_birth,
        yearGroup: pupil.year_group,
        status: pupil.status,
        leftOn: pupil.left_on,
        uniquePupilNumber: pupil.upn,
        misId: pupil.external_id,
      },
    },
  ];
  // Carers: who they are to the pupil, never their contact details (those are the carer's own data).
  const links = await db
    .selectFrom('carer_pupil_links')
    .innerJoin('carers', 'carers.id', 'carer_pupil_links.carer_id')
    .select([
      'carer_pupil_links.id',
      'carers.given_name',
      'carers.family_name',
      'carer_pupil_links.relationship',
      'carer_pupil_links.parental_responsibility',
      'carer_pupil_links.ended_on',
    ])
    .where('carer_pupil_links.pupil_id', '=', pupil.id)
    .execute();
  for (const link of links)
    items.push({
      id: `carer-link:${link.id}`,
      section: 'Carers recorded for you',
      title: `${link.given_name} ${link.family_name}`,
      safeguarding: false,
      fields: {
        relationship: link.relationship,
        parentalResponsibility: link.parental_responsibility,
        endedOn: link.ended_on,
      },
    });
  const consents = await db
    .selectFrom('consents')
    .selectAll()
    .where('pupil_id', '=', pupil.id)
    .orderBy('seq')
    .execute();
  for (const c of consents)
    items.push({
      id: `consent:${c.id}`,
      section: 'Photo consents',
      title: `${c.purpose}: ${c.state}`,
      safeguarding: false,
      fields: {
        purpose: c.purpose,
        state: c.state,
        method: c.method,
        givenOn: c.given_on,
        expiresOn: c.expires_on,
        recordedAt: iso(c.recorded_at),
      },
    });
  const archive = await db
    .selectFrom('post_archive')
    .select(['id', 'published_at', 'published_url', 'text'])
    .where('school_id', '=', schoolId)
    .where((eb) => eb(eb.cast(eb.ref('tagged_pupil_ids'), 'text'), 'like', `%${pupil.id}%`))
    .execute();
  for (const a of archive)
    items.push({
      id: `post:${a.id}`,
      section: 'Posts that featured you',
      title: `Published ${iso(a.published_at)?.slice(0, 10)}`,
      safeguarding: false,
      fields: { publishedAt: iso(a.published_at), address: a.published_url, text: a.text },
    });
  const concerns = await db
    .selectFrom('concern_pupils')
    .select('concern_id')
    .where('pupil_id', '=', pupil.id)
    .execute();
  for (const { concern_id } of concerns)
    items.push(await concernItem(ctx, schoolId, concern_id, { pupilId: pupil.id }, []));
  return {
    subject: { kind: 'pupil' as const, id: pupil.id, name: `${pupil.given_name} ${pupil.family_name}` },
    items,
  };
}

async function collectCarer(db: Db, schoolId: string, carerId: string) {
  const carer = await db
    .selectFrom('carers')
    .selectAll()
    .where('id', '=', carerId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (!carer) throw notFound('SarSubjectNotFound', 'there is no such carer in this school');
  const items: SarItem[] = [
    {
      id: `carer:${carer.id}`,
      section: 'Your record',
      title: 'Carer record',
      safeguarding: false,
      fields: {
        givenName: carer.given_name,
        familyName: carer.family_name,
        email: carer.email,
        phone: carer.phone,
        misId: carer.external_id,
      },
    },
  ];
  const links = await db
    .selectFrom('carer_pupil_links')
    .innerJoin('pupils', 'pupils.id', 'carer_pupil_links.pupil_id')
    .select([
      'carer_pupil_links.id',
      'pupils.given_name',
      'pupils.family_name',
      'carer_pupil_links.relationship',
      'carer_pupil_links.parental_responsibility',
    ])
    .where('carer_pupil_links.carer_id', '=', carer.id)
    .execute();
  for (const link of links)
    items.push({
      id: `carer-link:${link.id}`,
      section: 'Children you are recorded for',
      title: `${link.given_name} ${link.family_name}`,
      safeguarding: false,
      fields: { relationship: link.relationship, parentalResponsibility: link.parental_responsibility },
    });
  const consents = await db
    .selectFrom('consents')
    .selectAll()
    .where('carer_id', '=', carer.id)
    .orderBy('seq')
    .execute();
  for (const c of consents)
    items.push({
      id: `consent:${c.id}`,
      section: 'Consents you gave or refused',
      title: `${c.purpose}: ${c.state}`,
      safeguarding: false,
      fields: {
        purpose: c.purpose,
        state: c.state,
        method: c.method,
        signatureName: c.signature_name,
        signedAt: iso(c.signed_at),
        signedFromAddress: c.signed_ip,
        givenOn: c.given_on,
      },
    });
  const sent = await db
    .selectFrom('consent_links')
    .select(['id', 'purpose', 'created_at', 'used_at'])
    .where('carer_id', '=', carer.id)
    .execute();
  for (const l of sent)
    items.push({
      id: `consent-link:${l.id}`,
      section: 'Consent requests sent to you',
      title: `Request for ${l.purpose}`,
      safeguarding: false,
      fields: { purpose: l.purpose, sentAt: iso(l.created_at), usedAt: iso(l.used_at) },
    });
  const mail = await db
    .selectFrom('email_outbox')
    .select(['id', 'subject', 'created_at', 'sent_at'])
    .where('to_address', '=', carer.email ?? '\u0000')
    .execute();
  for (const m of mail)
    items.push({
      id: `email:${m.id}`,
      section: 'Emails sent to you',
      title: m.subject,
      safeguarding: false,
      fields: { subject: m.subject, sentAt: iso(m.sent_at ?? m.created_at) },
    });
  return {
    subject: { kind: 'carer' as const, id: carer.id, name: `${carer.given_name} ${carer.family_name}` },
    items,
  };
}

async function collectStaff(ctx: { db: Db; keyring: Keyring; now: Date }, schoolId: string, staffId: string) {
  const { db } = ctx;
  const member = await db
    .selectFrom('staff')
    .innerJoin('staff_memberships', 'staff_memberships.staff_id', 'staff.id')
    .select([
      'staff.id',
      'staff.email',
      'staff.given_name',
      'staff.family_name',
      'staff_memberships.roles',
      'staff_memberships.status',
      'staff_memberships.external_id',
    ])
    .where('staff.id', '=', staffId)
    .where('staff_memberships.school_id', '=', schoolId)
    .executeTakeFirst();
  if (!member) throw notFound('SarSubjectNotFound', 'there is no such member of staff in this school');
  const items: SarItem[] = [
    {
      id: `staff:${member.id}`,
      section: 'Your record',
      title: 'Staff record',
      safeguarding: false,
      fields: {
        givenName: member.given_name,
        familyName: member.family_name,
        email: member.email,
        roles: member.roles.join(', '),
        status: member.status,
        misId: member.external_id,
      },
    },
  ];
  const handles = await db
    .selectFrom('personal_handles')
    .select(['id', 'platform', 'value'])
    .where('staff_id', '=', staffId)
    .where('school_id', '=', schoolId)
    .execute();
  for (const h of handles)
    items.push({
      id: `handle:${h.id}`,
      section: 'Personal accounts you declared',
      title: `${h.platform} ${h.value}`,
      safeguarding: false,
      fields: { platform: h.platform, handle: h.value },
    });
  const owned = await db
    .selectFrom('account_owners')
    .innerJoin('accounts', 'accounts.id', 'account_owners.account_id')
    .select(['accounts.id', 'accounts.platform', 'accounts.handle', 'accounts.status'])
    .where('account_owners.staff_id', '=', staffId)
    .where('accounts.school_id', '=', schoolId)
    .execute();
  for (const a of owned)
    items.push({
      id: `account:${a.id}`,
      section: 'School accounts you own',
      title: `${a.platform} ${a.handle}`,
      safeguarding: false,
      fields: { platform: a.platform, handle: a.handle, status: a.status },
    });
  // A post's text may name pupils: their names are replaced, as they are other people's data.
  const pupils = await db
    .selectFrom('pupils')
    .select(['given_name', 'family_name', 'preferred_name'])
    .where('school_id', '=', schoolId)
    .execute();
  const pupilParties: ThirdParty[] = pupils.map((p) => ({ names: namesOf(p), as: 'a pupil' }));
  const posts = await db
    .selectFrom('posts')
    .select(['id', 'text', 'status', 'created_at'])
    .where('author_staff_id', '=', staffId)
    .where('school_id', '=', schoolId)
    .execute();
  for (const p of posts)
    items.push({
      id: `post:${p.id}`,
      section: 'Posts you wrote',
      title: `Post of ${iso(p.created_at)?.slice(0, 10)}`,
      safeguarding: false,
      fields: {
        status: p.status,
        text: redactThirdParties(p.text, pupilParties),
        createdAt: iso(p.created_at),
      },
    });
  const acks = await db
    .selectFrom('policy_acknowledgements')
    .select(['id', 'acknowledged_at', 'document_hash'])
    .where('staff_id', '=', staffId)
    .where('school_id', '=', schoolId)
    .execute();
  for (const a of acks)
    items.push({
      id: `ack:${a.id}`,
      section: 'Policy acknowledgements',
      title: `Acknowledged ${iso(a.acknowledged_at)?.slice(0, 10)}`,
      safeguarding: false,
      fields: { acknowledgedAt: iso(a.acknowledged_at) },
    });
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'ip', 'user_agent', 'expires_at'])
    .where('staff_id', '=', staffId)
    .execute();
  for (const s of sessions)
    items.push({
      id: `session:${s.id.slice(0, 12)}`,
      section: 'Sign-ins',
      title: `Signed in ${iso(s.created_at)}`,
      safeguarding: false,
      fields: { at: iso(s.created_at), address: s.ip, device: s.user_agent },
    });
  const concerns = await db
    .selectFrom('concerns')
    .select('id')
    .where('school_id', '=', schoolId)
    .where((eb) => eb.or([eb('reporter_staff_id', '=', staffId), eb('subject_staff_id', '=', staffId)]))
    .execute();
  for (const c of concerns) items.push(await concernItem(ctx, schoolId, c.id, { staffId }, pupilParties));
  return {
    subject: { kind: 'staff' as const, id: member.id, name: `${member.given_name} ${member.family_name}` },
    items,
  };
}
