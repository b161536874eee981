import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Document, PolicyDocumentError, parsePolicyDocument } from './document.js';

const seedText = readFileSync(
  new URL('../../policies/take1-studios-social-media-policy.txt', import.meta.url),
  'utf8',
);

describe('parsePolicyDocument', () => {
  it('numbers the seed policy the way the clause registry does', () => {
    const parsed = parsePolicyDocument(seedText, 'text');
    const ids = parsed.sections.map((s) => s.id);
    for (const id of ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9'])
      expect(ids).toContain(id);
    for (const id of ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8']) expect(ids).toContain(id);
    expect(ids).not.toContain('1.10');
    expect(ids).not.toContain('2.9');
    expect(parsed.sections.find((s) => s.id === '2.8')?.text).toMatch(/About or Info page/);
    expect(parsed.sections.find((s) => s.id === '1.9')?.text).toMatch(/under the age of 18/);
    expect(parsed.title).toBe('SOCIAL MEDIA POLICY');
  });

  it('reads Markdown headings and explicit clause numbers', () => {
    const parsed = parsePolicyDocument(
      '# Our policy\n\n## Purpose\nKeep children safe.\n\n## 1 Personal accounts\n- Do not friend pupils.\n- Report contact.\n\n2.4 No photos without consent.\n',
      'markdown',
    );
    expect(parsed.title).toBe('Our policy');
    expect(parsed.sections.map((s) => s.id)).toEqual(['purpose', '1', '1.1', '1.2', '2.4']);
    expect(parsed.sections[0]?.text).toBe('Keep children safe.');
  });

  it('refuses an empty document and control characters with line and column', () => {
    expect(() => parsePolicyDocument('  \n\n', 'text')).toThrow(PolicyDocumentError);
    try {
      parsePolicyDocument('Title\nfine line\nbad \u0007 line', 'text');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyDocumentError);
      expect((error as PolicyDocumentError).problems).toEqual([
        { line: 3, column: 5, message: 'control character in text' },
      ]);
    }
  });
});

describe('decodeUtf8Document', () => {
  it('refuses Latin-1 bytes naming where they are', () => {
    const bytes = new Uint8Array([...Buffer.from('Title\ncaf'), 0xe9, ...Buffer.from(' policy')]);
    try {
      decodeUtf8Document(bytes);
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyDocumentError).problems[0]).toMatchObject({ line: 2, column: 4 });
    }
  });

  it('refuses a NUL character naming where it is', () => {
    try {
      decodeUtf8Document(new Uint8Array(Buffer.from('Title\nStaff m\u0000ust')));
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyDocumentError).problems[0]).toMatchObject({ line: 2, column: 8 });
    }
  });

  it('decodes UTF-8 with a byte order mark', () => {
    expect(decodeUtf8Document(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('Zoë')]))).toBe('Zoë');
  });
});
