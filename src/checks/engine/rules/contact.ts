import type { TextScan } from '../text-scan.js';
import type { RawFinding } from '../types.js';
import { defineRule } from './rule.js';

export const personalChannel = defineRule({
  id: 'contact.personal_channel',
  clause: '1.5',
  defaultSeverity: 'block',
  title: 'Personal email or mobile given for school business',
  fix: 'Give the school’s own address or number, or ask the headteacher to approve this channel first (clauses 1.5, 1.6).',
  messages: {
    phone: 'A personal mobile number given for school business, without the headteacher’s approval.',
    email: 'A personal email address given for school business, without the headteacher’s approval.',
  },
});

export const rules = [personalChannel] as const;

/** A personal mobile or webmail address given for school business without approval (clauses 1.5, 1.6). */
export function detectText(scan: TextScan): RawFinding[] {
  return scan.personalChannels.map((hit) => ({
    rule: personalChannel.id,
    message:
      hit.channel === 'personal_phone' ? personalChannel.messages.phone : personalChannel.messages.email,
    start: hit.start,
    end: hit.end,
    part: 'text' as const,
  }));
}

/**
 * Whether a phone number or email address in staff-written text is one the headteacher approved for the
 * writer: only an approval naming that very number or address lets it through the personal-data rule.
 */
export function isApprovedChannel(scan: TextScan, written: string, rule: 'pii.phone' | 'pii.email'): boolean {
  const approved = scan.context.approvedPersonalChannels;
  if (scan.options.staffWritten !== true || !approved) return false;
  if (rule === 'pii.phone') {
    const digits = written.replace(/\D/g, '').replace(/^44/, '0');
    return approved.phones.some((p) => p.replace(/\D/g, '').replace(/^44/, '0') === digits);
  }
  return approved.emails.some((e) => e.trim().toLowerCase() === written.toLowerCase());
}
