import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { RuleId } from '../types.js';
import { matchesOf } from './matches.js';

export interface PiiHit {
  rule: RuleId;
  start: number;
  end: number;
}

/** The school's own contact details, folded for comparison. */
export interface AllowedContacts {
  phones: ReadonlySet<string>;
  emails: ReadonlySet<string>;
  emailDomains: ReadonlySet<string>;
  postcodes: ReadonlySet<string>;
  addresses: readonly string[];
}

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// UK postcode: outward code (area, district) and inward code (sector, unit letters that exclude C I K M O V).
const postcodePattern = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const streetTypes =
  'Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|Gardens|Gdns|Place|Pl|Grove|Gr|Terrace|Ter|Hill|Park|Mews|Row|Square|Sq|Walk|Green|Rise|View|Parade|Boulevard|Vale|Croft|Meadow|Meadows|Fold|Gate|Wharf|Yard|Wynd|Brae';
// House number, one to three capitalised words, a street type: "12 Acacia Avenue", "4a Mill Lane".
const addressPattern = new RegExp(
  `\\b(?:(?:Flat|Apartment|Apt|Unit)\\s+\\d+[A-Za-z]?,?\\s+)?\\d{1,4}[A-Za-z]?,?\\s+(?:[A-Z][a-z'’]+\\s+){1,3}(?:${streetTypes})\\b\\.?`,
  'g',
);
// The same in lower case, only after words that introduce an address ("lives at 12 acacia avenue").
const cuedAddressPattern = new RegExp(
  `\\b(?:lives?|living|live|address|moved|house|home)\\s+(?:is\\s+|at\\s+|on\\s+|to\\s+)?(?:at\\s+|on\\s+)?((?:flat\\s+\\d+[a-z]?,?\\s+)?\\d{1,4}[a-z]?,?\\s+(?:[a-z'’]+\\s+){1,3}(?:${streetTypes.toLowerCase()}))\\b`,
  'gi',
);
const flatPattern =
  /\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:House|Court|Tower|Lodge|Buildings|Mansions)\b/g;
const numberContext =
  /(?:year|yr|class|group|room|team|stage|ks|page|step|level|top|under|u|week|day|term|grade|set|platform|gate|bus|route|junction|no|number)\s*$/i;
const stopWords =
  /^(?:in|the|at|on|of|and|to|for|a|an|our|my|your|with|from|by|great|lovely|amazing|new|old|big|little|happy)$/i;

const monthNames =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const datePattern = new RegExp(
  `\\b(?:\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+(?:${monthNames})\\.?(?:,?\\s+\\d{4})?|(?:${monthNames})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?)\\b`,
  'gi',
);
const birthCue =
  /\b(?:born|dob|d\.o\.b|date of birth|birthday|birth date|b\.|turns? \d{1,2}|turned \d{1,2}|was \d{1,2} on|\d{1,2}(?:st|nd|rd|th) birthday)\b/gi;
const bornYear = /\bborn\s+(?:in\s+)?((?:19|20)\d{2})\b/gi;
const niPattern =
  /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b/gi;
const nhsPattern = /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g;
const nhsCue = /\bnhs\b/i;
const upnPattern = /\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b/gi;
const digitRun = /\d/g;
// Anything shaped like a phone number; each candidate is then checked by libphonenumber or the UK plan.
const phoneCandidate = /(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(0\)\s?)?|\(?0)\d[\d\s().-]{7,14}\d(?!\w)/g;
// UK numbering: 01/02/03/05/07/08 and ten digits after the 0, including Ofcom's drama ranges.
const ukShape = /^0(?:1\d{8,9}|[2357]\d{9}|8\d{8,9})$/;

/** E.164 form of a phone number written in the text, or undefined when it is not one. */
export function phoneKey(raw: string): string | undefined {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 10 || digits.length > 15) return undefined;
  // A national UK number is valid by its shape alone; libphonenumber (slow) is kept for international forms.
  if (!raw.startsWith('+') && ukShape.test(digits)) return `+44${digits.slice(1)}`;
  const parsed = parsePhoneNumberFromString(raw, 'GB');
  if (parsed?.isValid()) return parsed.number;
  if (!raw.startsWith('+') && ukShape.test(digits)) return `+44${digits.slice(1)}`;
  if (raw.startsWith('+44') && ukShape.test(`0${digits.slice(2)}`)) return `+${digits}`;
  return undefined;
}

/** Valid NHS number: 10 digits, the last a modulus 11 check digit. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

const upnLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Valid UPN: a check letter then 12 characters, weighted 2–13, sum modulo 23 picks the letter. */
export function isValidUpn(upn: string): boolean {
  const value = upn.toUpperCase();
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(value)) return false;
  let sum = 0;
  for (let i = 1; i < 13; i += 1) {
    const ch = value[i] as string;
    // A temporary UPN ends in a letter, weighted by its place in the check-letter alphabet.
    const digit = /\d/.test(ch) ? Number(ch) : upnLetters.indexOf(ch);
    if (digit < 0) return false;
    sum += digit * (i + 1);
  }
  return upnLetters[sum % 23] === value[0];
}

function countDigits(text: string): number {
  digitRun.lastIndex = 0;
  let n = 0;
  while (digitRun.exec(text) !== null) n += 1;
  return n;
}

function compact(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Finds personal data; cheap tests first so ordinary comments cost almost nothing. */
export function findPersonalData(text: string, allowed: AllowedContacts): PiiHit[] {
  const hits: PiiHit[] = [];
  const digits = countDigits(text);
  if (text.includes('@')) {
    for (const m of matchesOf(emailPattern, text)) {
      const email = m[0].toLowerCase();
      const domain = email.slice(email.indexOf('@') + 1);
      if (allowed.emails.has(email) || allowed.emailDomains.has(domain)) continue;
      hits.push({ rule: 'pii.email', start: m.index, end: m.index + m[0].length });
    }
  }
  if (digits === 0) return hits;
  for (const m of matchesOf(postcodePattern, text)) {
    if (!/\d/.test(m[0])) continue;
    if (allowed.postcodes.has(compact(m[0]))) continue;
    // Lower case needs a space or full form to avoid words like "b12" codes; all caps is taken as is.
    if (m[0] !== m[0].toUpperCase() && !/\s/.test(m[0])) continue;
    hits.push({ rule: 'pii.postcode', start: m.index, end: m.index + m[0].length });
  }
  findAddresses(text, allowed, hits);
  findDatesOfBirth(text, hits);
  for (const m of matchesOf(niPattern, text))
    hits.push({ rule: 'pii.ni_number', start: m.index, end: m.index + m[0].length });
  if (digits >= 10) {
    for (const m of matchesOf(upnPattern, text)) {
      if (isValidUpn(m[0])) hits.push({ rule: 'pii.upn', start: m.index, end: m.index + m[0].length });
    }
    const nhsSpans: [number, number][] = [];
    for (const m of matchesOf(nhsPattern, text)) {
      const d = m[0].replace(/\D/g, '');
      // NHS numbers may start with 0 ("003 269 8674"); only a 0… run shaped like a UK phone number
      // (01…, 08… with ten digits) is left to the phone rule, unless the text calls it an NHS number.
      if (
        isValidNhsNumber(d) &&
        (!ukShape.test(d) || nhsCue.test(text.slice(Math.max(0, m.index - 24), m.index)))
      ) {
        nhsSpans.push([m.index, m.index + m[0].length]);
        hits.push({ rule: 'pii.nhs_number', start: m.index, end: m.index + m[0].length });
      }
    }
    for (const m of matchesOf(phoneCandidate, text)) {
      const raw = m[0].replace(/[\s.)-]+$/, '');
      const start = m.index;
      const end = start + raw.length;
      if (nhsSpans.some(([s, e]) => start < e && end > s)) continue;
      if (
        hits.some(
          (h) => (h.rule === 'pii.upn' || h.rule === 'pii.nhs_number') && start < h.end && end > h.start,
        )
      )
        continue;
      const e164 = phoneKey(raw);
      if (e164 === undefined || allowed.phones.has(e164)) continue;
      hits.push({ rule: 'pii.phone', start, end });
    }
  }
  return hits;
}

/** An address found from `start` to `end`, unless it is the school's own or already found. */
function addAddress(
  text: string,
  allowed: AllowedContacts,
  hits: PiiHit[],
  start: number,
  end: number,
): void {
  const found = compact(text.slice(start, end));
  if (allowed.addresses.some((a) => a.includes(found) || found.includes(a))) return;
  if (hits.some((h) => h.rule === 'pii.address' && start < h.end && end > h.start)) return;
  hits.push({ rule: 'pii.address', start, end });
}

function findAddresses(text: string, allowed: AllowedContacts, hits: PiiHit[]): void {
  for (const m of matchesOf(addressPattern, text)) {
    if (numberContext.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    const words = m[0]
      .replace(/^(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+/, '')
      .split(/\s+/)
      .slice(1, -1);
    // "9 The Crescent", "4 The Green": a street named with "The" is still a street.
    if (words[0] === 'The') words.shift();
    if (words.some((w) => stopWords.test(w))) continue;
    addAddress(text, allowed, hits, m.index, m.index + m[0].replace(/\.$/, '').length);
  }
  for (const m of matchesOf(cuedAddressPattern, text)) {
    const inner = m[1] as string;
    const start = m.index + m[0].lastIndexOf(inner);
    const words = inner.split(/\s+/).slice(1, -1);
    if (words.some((w) => stopWords.test(w))) continue;
    addAddress(text, allowed, hits, start, start + inner.length);
  }
  for (const m of matchesOf(flatPattern, text))
    addAddress(text, allowed, hits, m.index, m.index + m[0].length);
}

function findDatesOfBirth(text: string, hits: PiiHit[]): void {
  const cues: [number, number][] = [];
  for (const m of matchesOf(birthCue, text)) cues.push([m.index, m.index + m[0].length]);
  if (cues.length === 0) return;
  for (const m of matchesOf(datePattern, text)) {
    const start = m.index;
    const end = start + m[0].length;
    // "next to" = within about five words, not across a sentence end.
    const near = cues.some(([cs, ce]) => {
      const between = cs >= end ? text.slice(end, cs) : ce <= start ? text.slice(ce, start) : '';
      return between.length <= 40 && !/[.!?]\s/.test(between);
    });
    if (near) hits.push({ rule: 'pii.date_of_birth', start, end });
  }
  for (const m of matchesOf(bornYear, text)) {
    const year = m[1] as string;
    const start = m.index + m[0].lastIndexOf(year);
    if (!hits.some((h) => h.rule === 'pii.date_of_birth' && start < h.end && start + 4 > h.start)) {
      hits.push({ rule: 'pii.date_of_birth', start, end: start + 4 });
    }
  }
}

export function compileAllowedContacts(settings: {
  schoolPhones?: readonly string[];
  schoolEmails?: readonly string[];
  schoolAddresses?: readonly string[];
  schoolPostcodes?: readonly string[];
}): AllowedContacts {
  const phones = new Set<string>();
  for (const p of settings.schoolPhones ?? []) {
    const key = phoneKey(p.trim());
    if (key) phones.add(key);
  }
  const emails = new Set<string>();
  const emailDomains = new Set<string>();
  for (const e of settings.schoolEmails ?? []) {
    const lower = e.trim().toLowerCase();
    if (lower.startsWith('@')) emailDomains.add(lower.slice(1));
    else emails.add(lower);
  }
  const postcodes = new Set((settings.schoolPostcodes ?? []).map(compact));
  const addresses = (settings.schoolAddresses ?? []).map(compact).filter((a) => a.length > 0);
  return { phones, emails, emailDomains, postcodes, addresses };
}
