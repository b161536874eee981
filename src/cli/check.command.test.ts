import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkExitCodes, registerCheckCommand, runCheck } from './check.command.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

let dir = '';
let roster = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gp-check-'));
  roster = path.join(dir, 'roster.csv');
  await writeFile(
    roster,
    'role,external_id,given_name,family_name,preferred_name,date_of_birth,year_group,status,left_on,email,phone,linked_pupils,consent\npupil,P1,Amelia,Jones,,2013-03-14,8,current,,,,,photo:granted\n',
  );
});

const today = () => '2026-01-15';

describe('guardpost check', () => {
  it('prints findings readably with the span underlined, the clause and the fix', async () => {
    const out = capture();
    const code = await runCheck('Well done Amelia Jones!', { roster }, { stdout: out.stream, today });
    expect(code).toBe(checkExitCodes.block);
    expect(out.text()).toContain('BLOCK  pupil.name — clause 2.4');
    expect(out.text()).toContain('  | Well done Amelia Jones!\n  |           ^^^^^^^^^^^^');
    expect(out.text()).toContain('fix: ');
  });

  it('prints JSON with --json', async () => {
    const out = capture();
    // A number given as someone else's is personal data; the same number offered as the writer's own
    // ("call 07911 123456") is contact.personal_channel, tested with the contact family.
    await runCheck("Her mum's number is 07911 123456", { json: true }, { stdout: out.stream, today });
    const parsed = JSON.parse(out.text()) as { verdict: string; findings: { rule: string }[] };
    expect(parsed.verdict).toBe('block');
    expect(parsed.findings[0]?.rule).toBe('pii.phone');
  });

  it('reads a subject file', async () => {
    const file = path.join(dir, 'subject.json');
    await writeFile(file, JSON.stringify({ kind: 'comment', text: 'what the fuck' }));
    const out = capture();
    expect(await runCheck(undefined, { file, json: true }, { stdout: out.stream, today })).toBe(3);
    expect(out.text()).toContain('language.profanity');
  });

  it('checks the photos a subject file names: metadata blocks', async () => {
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(
      photo,
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#6699cc' } })
        .jpeg()
        .withExif({ IFD0: { Make: 'TestCam', Artist: 'Generated' } })
        .toBuffer(),
    );
    const file = path.join(dir, 'photo-subject.json');
    await writeFile(file, JSON.stringify({ kind: 'post', text: 'Our science week', images: [photo] }));
    const out = capture();
    expect(await runCheck(undefined, { file, json: true }, { stdout: out.stream, today })).toBe(
      checkExitCodes.block,
    );
    const parsed = JSON.parse(out.text()) as { findings: { rule: string; imageIndex?: number }[] };
    expect(parsed.findings).toContainEqual(
      expect.objectContaining({ rule: 'image.location', imageIndex: 0 }),
    );
  });

  it('--jsonl answers every line and survives garbage', async () => {
    const stdin = new PassThrough();
    const out = capture();
    stdin.end(
      '{"id":"a","text":"Amelia did well"}\nnot json\n{"id":"c","text":42}\n{"id":"d","text":"Lovely day"}\n',
    );
    const code = await runCheck(undefined, { jsonl: true, roster }, { stdin, stdout: out.stream, today });
    expect(code).toBe(0);
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      id: 'a',
      verdict: 'review',
      findings: [{ rule: 'pupil.name', clause: '2.4', severity: 'review', start: 0, end: 6 }],
    });
    expect(lines[1]).toMatchObject({ id: 2 });
    expect(lines[1]?.error).toMatch(/not JSON/);
    expect(lines[2]).toMatchObject({ id: 'c', error: 'SubjectInvalid: text must be a string' });
    expect(lines[3]).toMatchObject({ id: 'd', verdict: 'pass', findings: [] });
  });

  it('reports a bad roster file with file:line:column and exit code 1', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'role,external_id\n');
    const err = capture();
    expect(await runCheck('hi', { roster: bad }, { stderr: err.stream, today })).toBe(1);
    expect(err.text()).toContain(`RosterFileInvalid: ${bad}:1:1: missing column given_name`);
  });

  it('uses the school context from the database when no roster is given', async () => {
    let called = false;
    const out = capture();
    await runCheck(
      'hello',
      {},
      {
        stdout: out.stream,
        today,
        loadSchoolContext: async () => {
          called = true;
          const { buildContext } = await import('../checks/engine/testing/factories.js');
          return buildContext();
        },
      },
    );
    expect(called).toBe(true);
  });

  it('registers on a commander program', () => {
    const program = new Command();
    registerCheckCommand(program);
    const check = program.commands.find((c) => c.name() === 'check');
    expect(check?.options.map((o) => o.long)).toEqual(
      expect.arrayContaining(['--file', '--json', '--jsonl', '--roster', '--lists']),
    );
  });
});
