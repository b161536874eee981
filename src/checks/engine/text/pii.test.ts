import { describe, expect, it } from 'vitest';
import { checkText } from '../engine.js';
import { buildContext } from '../testing/factories.js';
import { isValidNhsNumber, isValidUpn } from './pii.js';

const context = buildContext({
  settings: {
    schoolPhones: ['0113 496 0000'],
    schoolEmails: ['office@example-school.org.uk'],
    schoolAddresses: ['1 School Lane'],
    schoolPostcodes: ['LS1 4AP'],
  },
});

function rules(text: string): string[] {
  return checkText(text, context)
    .findings.filter((f) => f.rule.startsWith('pii.'))
    .map((f) => `${f.rule}:${f.excerpt}`);
}

describe('personal data rules (clause 2.4, block)', () => {
  it('pii.phone: UK mobile and landline formats', () => {
    expect(rules('Text me on 07911 123456 tonight')).toEqual(['pii.phone:07911 123456']);
    expect(rules('Ring +44 7911 123456')).toEqual(['pii.phone:+44 7911 123456']);
    expect(rules('Call (0161) 496 0123 after six')).toEqual(['pii.phone:(0161) 496 0123']);
  });

  it('pii.email', () => {
    expect(rules('email jo.parent@example.com please')).toEqual(['pii.email:jo.parent@example.com']);
  });

  it('pii.postcode and pii.address', () => {
    expect(rules('She lives at 12 Acacia Avenue, Leeds LS6 2AB')).toEqual([
      'pii.address:12 Acacia Avenue',
      'pii.postcode:LS6 2AB',
    ]);
    expect(rules('they live at flat 3, 27 mill lane')).toEqual(['pii.address:flat 3, 27 mill lane']);
  });

  it('pii.address takes streets named with "The" but not other stop words', () => {
    expect(rules('Drop the forms round to 9 The Crescent please.')).toEqual(['pii.address:9 The Crescent']);
    expect(rules('She lives at 4 The Green')).toEqual(['pii.address:4 The Green']);
    expect(rules('We won 3 The Lovely Park awards')).toEqual([]);
  });

  it('pii.phone gives the same answer for national numbers without libphonenumber', () => {
    expect(rules('ring 07700 900321 tonight')).toEqual(['pii.phone:07700 900321']);
    expect(rules('ring 0770 090 03 tonight')).toEqual([]);
  });

  it('pii.date_of_birth only next to a birth cue', () => {
    expect(rules('Born on 14/03/2013 in Leeds')).toEqual(['pii.date_of_birth:14/03/2013']);
    expect(rules('Amelia turns 12 on 4 March!')).toEqual(['pii.date_of_birth:4 March']);
    expect(rules('DOB: 2013-03-14')).toEqual(['pii.date_of_birth:2013-03-14']);
    expect(rules('Sports day is on 4 March, see you there')).toEqual([]);
    expect(rules('Our concert is on 14/03/2026.')).toEqual([]);
  });

  it('pii.nhs_number: ten digits with no separator, leading zeros too, when the check digit holds', () => {
    expect(rules('NHS 0032698674')).toEqual(['pii.nhs_number:0032698674']);
    expect(rules('her number is 4010232137 ok')).toEqual(['pii.nhs_number:4010232137']);
    expect(rules('ref 003 269 8674')).toEqual(['pii.nhs_number:003 269 8674']);
    expect(rules('ref 0032698675')).toEqual([]);
    // Shaped like a UK phone number (01…): the phone rule, unless the text says it is an NHS number.
    expect(rules('ring 0169770001')).toEqual(['pii.phone:0169770001']);
    expect(rules('NHS no. 0169770001')).toEqual(['pii.nhs_number:0169770001']);
  });

  it('pii.nhs_number checks modulus 11', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(rules('NHS no 943 476 5919')).toEqual(['pii.nhs_number:943 476 5919']);
    expect(rules('Order ref 943 476 5918')).toEqual([]);
  });

  it('pii.ni_number needs a valid prefix', () => {
    expect(rules('NI number AB 12 34 56 C')).toEqual(['pii.ni_number:AB 12 34 56 C']);
    expect(rules('code BG123456A')).toEqual([]);
  });

  it('pii.upn checks the check letter', () => {
    expect(isValidUpn('M801200112001')).toBe(true);
    expect(isValidUpn('A801200112001')).toBe(false);
    expect(rules('UPN M801200112001')).toEqual(['pii.upn:M801200112001']);
  });

  it("allows the school's own phone, email, address and postcode", () => {
    expect(rules('Contact office@example-school.org.uk or 0113 496 0000, 1 School Lane, LS1 4AP')).toEqual(
      [],
    );
  });

  it('leaves ordinary numbers alone', () => {
    expect(rules('Year 6 Nature Walk on Friday, 30 children and 4 staff, room 12')).toEqual([]);
    expect(rules('We raised £1,250 in 2025 for 3 charities')).toEqual([]);
  });
});
