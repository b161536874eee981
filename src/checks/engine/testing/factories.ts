import { crc32, deflateSync } from 'node:zlib';
import { checkText, verdictOf } from '../engine.js';
import { buildRosterIndex, type RosterInput } from '../roster-index.js';
import type { CheckContext, PupilConsent, SchoolCheckSettings, Verdict } from '../types.js';

/** A small generated roster used across the check tests (no real people). */
export const sampleRoster: RosterInput = {
  pupils: [
    { id: 'p1', givenName: 'Amelia', familyName: 'Jones', dateOfBirth: '2013-03-14', status: 'current' },
    { id: 'p2', givenName: 'Isabella', familyName: 'Okafor', status: 'current' },
    { id: 'p3', givenName: 'Mohammed', familyName: 'Rahman', status: 'current' },
    { id: 'p4', givenName: 'Grace', familyName: 'Whitfield', status: 'current' },
    { id: 'p5', givenName: 'William', familyName: 'Hartley', preferredName: 'Will', status: 'current' },
    { id: 'p6', givenName: 'Zoë', familyName: "O'Brien", status: 'current' },
    { id: 'p7', givenName: 'Oliver', familyName: 'Smith-Jones', status: 'current' },
    { id: 'p8', givenName: 'Summer', familyName: 'Ashdown', status: 'current' },
    {
      id: 'p9',
      givenName: 'Evelyn',
      familyName: 'Marsh',
      status: 'left',
      leftOn: '2024-07-20',
      dateOfBirth: '2005-01-01',
    },
    {
      id: 'p10',
      givenName: 'Alfred',
      familyName: 'Pennington',
      status: 'left',
      leftOn: '2025-07-20',
      dateOfBirth: '2010-05-05',
    },
    { id: 'p11', givenName: 'Hope', familyName: 'Kowalski', status: 'current' },
    { id: 'p12', givenName: 'May', familyName: 'Lindqvist', status: 'current' },
  ],
  carers: [{ id: 'c1', givenName: 'Sarah', familyName: 'Jones', pupilIds: ['p1'] }],
};

export function buildContext(
  overrides: { settings?: SchoolCheckSettings; consents?: Map<string, PupilConsent> } = {},
): CheckContext {
  return {
    roster: buildRosterIndex(sampleRoster, '2026-01-15'),
    consents: overrides.consents ?? new Map(),
    settings: overrides.settings ?? {},
    today: '2026-01-15',
  };
}

/** The verdict of the language rules alone on a text (names, personal data and links ignored). */
export function languageVerdict(text: string, context: CheckContext): Verdict {
  return verdictOf(checkText(text, context).findings.filter((f) => f.rule.startsWith('language.')));
}

/**
 * A PNG of under 100 bytes whose header declares `width` × `height` pixels (grey, one tiny compressed
 * row of data): what a decompression-bomb photo looks like to the header reader.
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grey), default compression, filter and interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
