import type { TextScan } from '../text-scan.js';
import type { RawFinding } from '../types.js';
import { isApprovedChannel } from './contact.js';
import { defineRule } from './rule.js';

const phone = defineRule({
  id: 'pii.phone',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Phone number',
  fix: 'Remove the number; give the school’s own number if contact is needed.',
  messages: { found: 'A phone number that is not the school’s.' },
});

const email = defineRule({
  id: 'pii.email',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Email address',
  fix: 'Remove the address; use the school’s official address instead.',
  messages: { found: 'An email address that is not the school’s.' },
});

const postcode = defineRule({
  id: 'pii.postcode',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Postcode',
  fix: 'Remove the postcode.',
  messages: { found: 'A postcode that is not the school’s.' },
});

const address = defineRule({
  id: 'pii.address',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Home address',
  fix: 'Remove the address.',
  messages: { found: 'A home address.' },
});

const dateOfBirth = defineRule({
  id: 'pii.date_of_birth',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Date of birth',
  fix: 'Remove the date; a birthday can be celebrated without it.',
  messages: { found: 'A date of birth.' },
});

const nhsNumber = defineRule({
  id: 'pii.nhs_number',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'NHS number',
  fix: 'Remove the number.',
  messages: { found: 'An NHS number.' },
});

const niNumber = defineRule({
  id: 'pii.ni_number',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'National Insurance number',
  fix: 'Remove the number.',
  messages: { found: 'A National Insurance number.' },
});

const upn = defineRule({
  id: 'pii.upn',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Unique Pupil Number',
  fix: 'Remove the UPN.',
  messages: { found: 'A Unique Pupil Number.' },
});

export const rules = [phone, email, postcode, address, dateOfBirth, nhsNumber, niNumber, upn] as const;

const byId: ReadonlyMap<string, (typeof rules)[number]> = new Map(rules.map((r) => [r.id, r]));

/** Personal data that is not the school's own (text/pii.ts finds it). */
export function detectText(scan: TextScan): RawFinding[] {
  const raw: RawFinding[] = [];
  // A personal channel in staff-written text is the more precise finding (contact.personal_channel): its
  // span is left to that rule rather than reported twice.
  const channels = scan.personalChannels;
  for (const hit of scan.personalData) {
    if (
      (hit.rule === 'pii.phone' || hit.rule === 'pii.email') &&
      (channels.some((c) => hit.start < c.end && hit.end > c.start) ||
        isApprovedChannel(scan, scan.text.slice(hit.start, hit.end), hit.rule))
    )
      continue;
    // user@host inside a link is the link.credentials trick, not someone's address.
    if (
      hit.rule === email.id &&
      scan.links.some((l) => hit.start < l.end && hit.end > l.start && l.hasCredentials)
    )
      continue;
    const rule = byId.get(hit.rule);
    if (!rule) continue;
    raw.push({ rule: rule.id, message: rule.messages.found, start: hit.start, end: hit.end, part: 'text' });
  }
  return raw;
}
