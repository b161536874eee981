import { describe, expect, it } from 'vitest';
import { checkSubject } from '../engine.js';
import { buildContext } from '../testing/factories.js';
import type { CheckContext } from '../types.js';
import { findPersonalChannels } from './personal-channel.js';
import { compileAllowedContacts } from './pii.js';

const school = compileAllowedContacts({
  schoolPhones: ['01632 960123', '07700 900999'],
  schoolEmails: ['@take1studios.example'],
});
const channels = (text: string, approved?: Parameters<typeof findPersonalChannels>[2]) =>
  findPersonalChannels(text, school, approved).map((h) => [h.channel, text.slice(h.start, h.end)]);

describe('personal channel for school business (clauses 1.5, 1.6)', () => {
  it('finds a personal mobile given for a trip', () => {
    expect(channels('Any problems on the trip, text me on 07700 900123.')).toEqual([
      ['personal_phone', '07700 900123'],
    ]);
    expect(channels('Trip contact: +44 7700 900456')).toEqual([['personal_phone', '+44 7700 900456']]);
  });

  it('finds a webmail address, and any address the writer calls their own', () => {
    expect(channels('Send the forms to j.orley@gmail.com by Friday.')).toEqual([
      ['personal_email', 'j.orley@gmail.com'],
    ]);
    expect(channels('Email me at tam@orley-family.example')).toEqual([
      ['personal_email', 'tam@orley-family.example'],
    ]);
  });

  it('allows the school’s own numbers and domains', () => {
    expect(channels('Call the office on 01632 960123 or the trip mobile 07700 900999.')).toEqual([]);
    expect(channels('Email me at t.orley@take1studios.example')).toEqual([]);
  });

  it('leaves a number or address given as someone else’s (a pupil’s mum, his dad) to the personal-data rule', () => {
    expect(channels('Call her mum on 07700 900123 about the tickets.')).toEqual([]);
    expect(channels('His dad’s email is p.quill@gmail.com if the coach is late.')).toEqual([]);
    // The writer's own stays a personal channel, even beside someone else's.
    expect(channels('Call her mum on 07700 900123, or text me on 07700 900456.')).toEqual([
      ['personal_phone', '07700 900456'],
    ]);
  });

  it('leaves other organisations’ landlines and addresses to the personal-data rule', () => {
    expect(channels('Bookings: 01632 960555 or trips@outdoor-centre.example')).toEqual([]);
  });

  it('allows a channel an approval covers: the exact number, or the whole channel', () => {
    const text = 'Text me on 07700 900123 during the trip.';
    expect(
      channels(text, { phones: ['+447700900123'], emails: [], anyPhone: false, anyEmail: false }),
    ).toEqual([]);
    expect(
      channels(text, { phones: ['07700 900124'], emails: [], anyPhone: false, anyEmail: false }),
    ).toHaveLength(1);
    expect(channels(text, { phones: [], emails: [], anyPhone: true, anyEmail: false })).toEqual([]);
    expect(
      channels('j.orley@gmail.com', {
        phones: [],
        emails: ['J.Orley@gmail.com'],
        anyPhone: false,
        anyEmail: false,
      }),
    ).toEqual([]);
  });

  it('ignores user@host inside a link and numbers that are not phones', () => {
    expect(channels('See https://user:pw@example.com/x and the 2026 fixtures, 12 3456 7.')).toEqual([]);
  });
});

describe('contact.personal_channel in the engine', () => {
  const context = buildContext({
    settings: { schoolPhones: ['01632 960123'], schoolEmails: ['@take1studios.example'] },
  });
  const rulesOf = async (kind: 'post' | 'comment', text: string, extra: Partial<CheckContext> = {}) =>
    (await checkSubject({ kind, text }, { ...context, ...extra })).findings.map(
      (f) => `${f.rule} ${f.clause} ${f.excerpt}`,
    );

  it('replaces the personal-data finding of the same span in a staff post, citing clause 1.5', async () => {
    expect(await rulesOf('post', 'Trip updates: text me on 07700 900123')).toEqual([
      'contact.personal_channel 1.5 07700 900123',
    ]);
  });

  it('leaves comments from the public to the personal-data rule', async () => {
    expect(await rulesOf('comment', 'Text me on 07700 900123')).toEqual(['pii.phone 2.4 07700 900123']);
  });

  it('passes a number the headteacher approved for this writer', async () => {
    const approvedPersonalChannels = {
      phones: ['07700 900123'],
      emails: [],
      anyPhone: false,
      anyEmail: false,
    };
    expect(
      await rulesOf('post', 'Trip updates: text me on 07700 900123', { approvedPersonalChannels }),
    ).toEqual([]);
    // An approval naming no number quiets clause 1.5, but the number still goes past the personal-data rule.
    expect(
      await rulesOf('post', 'Text me on 07700 900123', {
        approvedPersonalChannels: { phones: [], emails: [], anyPhone: true, anyEmail: false },
      }),
    ).toEqual(['pii.phone 2.4 07700 900123']);
  });
});
