import { type AllowedContacts, phoneKey } from './pii.js';
import { isWebmailDomain } from './webmail-domains.js';

/**
 * Clauses 1.5 and 1.6: staff do not use a personal email account or mobile phone to contact the school
 * community on school business unless the headteacher approved it beforehand. This detector finds, in text a
 * member of staff wrote for the school (a post, a reply), a personal channel given as a way to get in touch:
 * - an email address on a free webmail domain (gmail.com, outlook.com …), or any address outside the
 *   school's domains that the text presents as the writer's own ("email me at", "my email");
 * - a UK mobile number (07…, +44 7…) that is not one of the school's numbers, or any other number the text
 *   presents as the writer's own ("call me on", "my number").
 * The school's official domains and numbers never count, nor a channel an approval covers. Pure: the
 * approvals come in as data.
 */
export interface PersonalChannelHit {
  channel: 'personal_phone' | 'personal_email';
  start: number;
  end: number;
}

/** The approvals covering the writer today: exact numbers and addresses, or a whole channel. */
export interface ApprovedPersonalChannels {
  /** E.164 numbers (or as written: they are normalised here). */
  phones: readonly string[];
  emails: readonly string[];
  /** An approval that named no number covers every personal phone of the writer. */
  anyPhone: boolean;
  anyEmail: boolean;
}

export const noApprovedChannels: ApprovedPersonalChannels = {
  phones: [],
  emails: [],
  anyPhone: false,
  anyEmail: false,
};

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const phoneCandidate = /(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(0\)\s?)?|\(?0)\d[\d\s().-]{7,14}\d(?!\w)/g;
/** Words, just before a channel, that present it as the writer's own. */
const ownCue =
  /\b(?:me|my|mine|personal|direct(?:ly)?|whatsapp|text|ring|call|message|dm|reach|contact)\b[^.!?\n]{0,24}$/i;

/**
 * Words, just before a channel, that give it to someone else ("call her mum on", "his dad's email"): then it
 * is another person's personal data (pii.phone / pii.email), not the writer's own channel.
 */
const otherPersonCue =
  /\b(?:her|his|their|mum'?s?|mom'?s?|mother'?s?|dad'?s?|father'?s?|parents?'?|carers?'?|nan'?s?|gran'?s?|grandma'?s?|grandad'?s?|aunt'?s?|uncle'?s?|brother'?s?|sister'?s?|pupil'?s?|child'?s?)\b[^.!?\n]{0,24}$/i;

function isUkMobile(e164: string): boolean {
  return /^\+447\d{9}$/.test(e164);
}

export function findPersonalChannels(
  text: string,
  contacts: AllowedContacts,
  approved: ApprovedPersonalChannels = noApprovedChannels,
): PersonalChannelHit[] {
  const hits: PersonalChannelHit[] = [];
  const before = (start: number) => text.slice(Math.max(0, start - 40), start);
  const others = (start: number) => otherPersonCue.test(before(start));
  const cued = (start: number) => !others(start) && ownCue.test(before(start));
  if (text.includes('@') && !approved.anyEmail) {
    const approvedEmails = new Set(approved.emails.map((e) => e.trim().toLowerCase()));
    for (const m of text.matchAll(emailPattern)) {
      const email = m[0].toLowerCase();
      const domain = email.slice(email.indexOf('@') + 1);
      if (contacts.emails.has(email) || contacts.emailDomains.has(domain) || approvedEmails.has(email))
        continue;
      // Inside a link (user@host in a URL) is not an address given to anyone.
      if (/[/:]$/.test(text.slice(Math.max(0, m.index - 1), m.index))) continue;
      if ((isWebmailDomain(domain) && !others(m.index)) || cued(m.index))
        hits.push({ channel: 'personal_email', start: m.index, end: m.index + m[0].length });
    }
  }
  if (/\d{7}|\d[\d\s().-]{8,}\d/.test(text) && !approved.anyPhone) {
    const approvedPhones = new Set(
      approved.phones.map((p) => phoneKey(p.trim())).filter((p) => p !== undefined),
    );
    for (const m of text.matchAll(phoneCandidate)) {
      const raw = m[0].replace(/[\s.)-]+$/, '');
      const e164 = phoneKey(raw);
      if (e164 === undefined || contacts.phones.has(e164) || approvedPhones.has(e164)) continue;
      if ((isUkMobile(e164) && !others(m.index)) || cued(m.index))
        hits.push({ channel: 'personal_phone', start: m.index, end: m.index + raw.length });
    }
  }
  return hits;
}
