import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../platform/errors.js';
import { parseRosterUploads, parseYearGroup, type RosterUpload } from './roster-parse.js';

const header =
  'role,external_id,given_name,family_name,preferred_name,date_of_birth,year_group,status,left_on,email,phone,linked_pupils';

function upload(name: string, text: string): RosterUpload {
  return { name, bytes: strToU8(text) };
}

function problemsOf(uploads: RosterUpload[]): readonly string[] {
  try {
    parseRosterUploads(uploads);
  } catch (error) {
    if (isAppError(error)) {
      expect(error.code).toBe('RosterFileInvalid');
      return error.details;
    }
    throw error;
  }
  throw new Error('expected the roster to be refused');
}

describe('simple roster CSV', () => {
  it('reads pupils, carers with links, and staff with roles', () => {
    const text = [
      `${header},roles,upn,relationship,parental_responsibility`,
      "pupil,P1,Zoë,O'Brien,Zo,2013-03-14,Y8,current,,,,,,A123456789012,,",
      'pupil,P2,Will,Smith-Jones,,2012-10-01,Year 9,left,2025-07-20,,,,,,,',
      "carer,C1,Siân,O'Brien,,,,,,SIAN@example.com,07700 900123,P1; P2,,,mother,yes",
      'staff,S1,Grace,Okafor,,,,,,grace.okafor@school.example,,,dsl;smt,,,',
      'staff,S2,Hope,Ng,,,,,,hope.ng@school.example,,,,,,',
    ].join('\r\n');
    const roster = parseRosterUploads([upload('roster.csv', text)]);
    expect(roster.format).toBe('simple');
    expect(roster.pupils).toEqual([
      {
        externalId: 'P1',
        givenName: 'Zoë',
        familyName: "O'Brien",
        preferredName: 'Zo',
        dateOfBirth: '2013-03-14',
        yearGroup: 8,
        status: 'current',
        leftOn: null,
        upn: 'A123456789012',
      },
      expect.objectContaining({ externalId: 'P2', yearGroup: 9, status: 'left', leftOn: '2025-07-20' }),
    ]);
    expect(roster.carers[0]).toMatchObject({
      email: 'sian@example.com',
      phone: '07700 900123',
      links: [
        { pupilExternalId: 'P1', relationship: 'mother', parentalResponsibility: true },
        { pupilExternalId: 'P2', relationship: 'mother', parentalResponsibility: true },
      ],
    });
    expect(roster.staff.map((s) => s.roles)).toEqual([['staff', 'dsl', 'smt'], undefined]);
  });

  it('reports a missing column on line 1', () => {
    expect(problemsOf([upload('r.csv', 'role,external_id,given_name\npupil,P1,Ann\n')])).toEqual([
      'r.csv:1:1: missing column family_name',
      'r.csv:1:1: missing column preferred_name',
      'r.csv:1:1: missing column date_of_birth',
      'r.csv:1:1: missing column year_group',
      'r.csv:1:1: missing column status',
      'r.csv:1:1: missing column left_on',
      'r.csv:1:1: missing column email',
      'r.csv:1:1: missing column phone',
      'r.csv:1:1: missing column linked_pupils',
    ]);
  });

  it('lists every problem with its line and column', () => {
    const text = [
      header,
      'pupil,P1,Joy,Adeyemi,,14/03/2013,8,current,,,,',
      'pupil,P1,Summer,Khan,,2013-02-30,15,gone,,,,',
      'teacher,T1,Ann,Lee,,,,,,,,',
      'carer,C1,Sam,Khan,,,,,,not-an-email,,P1;P9',
      'staff,S1,Bo,Li,,,,,,,,',
    ].join('\n');
    expect(problemsOf([upload('r.csv', text)])).toEqual([
      'r.csv:2:23: date_of_birth "14/03/2013" is not a date (YYYY-MM-DD)',
      'r.csv:3:7: duplicate external_id P1',
      'r.csv:3:23: date_of_birth "2013-02-30" is not a real date',
      'r.csv:3:34: year_group "15" must be R or a year from 1 to 14',
      'r.csv:3:37: status "gone" must be current or left',
      'r.csv:4:1: role "teacher" must be pupil, carer or staff',
      'r.csv:5:24: email "not-an-email" is not an email address',
      'r.csv:5:38: unknown linked pupil P9',
      'r.csv:6:21: email is empty (staff sign in with it)',
    ]);
  });

  it('refuses a file that is not UTF-8, naming the line and column', () => {
    const latin1 = new Uint8Array([
      ...strToU8(`${header}\npupil,P1,Chlo`),
      0xeb, // ë in Windows-1252
      ...strToU8(',Smith,,,7,current,,,,\n'),
    ]);
    expect(problemsOf([{ name: 'r.csv', bytes: latin1 }])).toEqual([
      'r.csv:2:14: byte 0xeb is not UTF-8 (save the file as UTF-8)',
    ]);
  });

  it('refuses a name holding a NUL character with its file, line and column', () => {
    const text = `${header}\npupil,P1,Chloe,Smith,,,7,current,,,,\npupil,P2,Ja\u0000ke,Jones,,,7,current,,,,\n`;
    expect(problemsOf([upload('r.csv', text)])).toEqual([
      'r.csv:3:12: a NUL character (U+0000) cannot be stored (save the file as UTF-8 text, not UTF-16)',
    ]);
  });

  it('reads year groups as schools write them', () => {
    expect(['R', '7', '07', 'Y11', 'Year 13', 'year12'].map(parseYearGroup)).toEqual([0, 7, 7, 11, 13, 12]);
    expect(['0', '15', 'Y', 'seven'].map(parseYearGroup)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

const users = [
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
  'u1,,,true,org1,student,,,José,García,,A111,,,,g1,07,',
  'u2,tobedeleted,,true,org1,student,,,Chloë,Evans,,A112,,,,,11,',
  'g1,,,true,org1,guardian,,,María,García,,,maria@example.com,,07700 900001,u1,,',
  't1,,,true,org1,teacher,,,Will,Summers,,,w.summers@school.example,,,,,',
].join('\n');
const demographics =
  'sourcedId,status,dateLastModified,birthDate,sex\nu1,,,2014-09-30,female\nu2,,,2009-01-02,female\n';
const orgs =
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,,,Demo School,school,123456,\n';

describe('OneRoster 1.1 CSV', () => {
  it('reads users, birth dates and links from a folder of files', () => {
    const roster = parseRosterUploads([
      upload('or/users.csv', users),
      upload('or/demographics.csv', demographics),
      upload('or/orgs.csv', orgs),
    ]);
    expect(roster.format).toBe('oneroster');
    expect(roster.pupils).toEqual([
      expect.objectContaining({
        externalId: 'u1',
        givenName: 'José',
        dateOfBirth: '2014-09-30',
        yearGroup: 7,
        upn: 'A111',
        status: 'current',
      }),
      expect.objectContaining({ externalId: 'u2', status: 'left', yearGroup: 11 }),
    ]);
    expect(roster.carers).toEqual([
      {
        externalId: 'g1',
        givenName: 'María',
        familyName: 'García',
        email: 'maria@example.com',
        phone: '07700 900001',
        links: [{ pupilExternalId: 'u1', relationship: 'guardian', parentalResponsibility: true }],
      },
    ]);
    expect(roster.staff).toEqual([
      {
        externalId: 't1',
        givenName: 'Will',
        familyName: 'Summers',
        email: 'w.summers@school.example',
        roles: undefined,
      },
    ]);
  });

  it('reads the same files from a zip', () => {
    const zip = zipSync({
      'export/users.csv': strToU8(users),
      'export/demographics.csv': strToU8(demographics),
      'export/orgs.csv': strToU8(orgs),
    });
    const roster = parseRosterUploads([{ name: 'export.zip', bytes: zip }]);
    expect(roster.pupils.map((p) => p.externalId)).toEqual(['u1', 'u2']);
  });

  it('lists problems across files and refuses a missing file', () => {
    const badUsers = `${users}\nu3,,,true,org9,student,,,Hope,Reid,,,,,,p404,XX,`;
    const badDemographics = `${demographics}u3,,,2014-13-01,female\n`;
    expect(
      problemsOf([
        upload('users.csv', badUsers),
        upload('demographics.csv', badDemographics),
        upload('orgs.csv', orgs),
      ]),
    ).toEqual([
      'demographics.csv:4:6: birthDate "2014-13-01" is not a real date',
      'users.csv:6:11: unknown org org9 (not in orgs.csv)',
      'users.csv:6:41: unknown agent p404 (not a parent, guardian or relative)',
      'users.csv:6:46: grade "XX" must be R or a year from 1 to 14',
    ]);
    expect(problemsOf([upload('users.csv', users), upload('orgs.csv', orgs)])).toEqual([
      'demographics.csv:1:1: demographics.csv is missing (OneRoster needs it)',
    ]);
  });
});
