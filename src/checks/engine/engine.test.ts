import { describe, expect, it } from 'vitest';
import { checkSubject, checkText, verdictOf } from './engine.js';
import { redact } from './redact.js';
import { buildContext } from './testing/factories.js';

const context = buildContext();

describe('engine', () => {
  it('verdict is the worst severity; advice never changes it', () => {
    expect(checkText('Lovely assembly today, thank you all', context).verdict).toBe('pass');
    expect(checkText('Well done Amelia', context).verdict).toBe('review');
    expect(checkText('Well done Amelia Jones', context).verdict).toBe('block');
    expect(
      verdictOf([{ rule: 'link.insecure', clause: '2.5', severity: 'advice', message: '', part: 'links' }]),
    ).toBe('pass');
  });

  it('every finding cites a clause, has a message, a suggestion and an excerpt matching its span', () => {
    const text = 'Amelia Jones (07911 123456) was shouting "shit" at http://bit.ly/x';
    const { findings } = checkText(text, context);
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const f of findings) {
      expect(f.clause).toMatch(/^2\.[345]$/);
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.suggestion?.length).toBeGreaterThan(0);
      expect(text.slice(f.start, f.end)).toBe(f.excerpt);
    }
    expect(findings[0]?.severity).toBe('block');
  });

  it('checkSubject without images matches checkText', async () => {
    const text = 'Thanks Izzy, call 07911 123456';
    expect(await checkSubject({ kind: 'comment', text }, context)).toEqual(checkText(text, context));
  });

  it('a school may raise a rule: link.insecure to review', () => {
    const ctx = buildContext({ settings: { severityOverrides: { 'link.insecure': 'review' } } });
    expect(checkText('http://example.org', ctx).verdict).toBe('review');
  });
});

describe('redact', () => {
  it('turns pupil names into initials and personal data into [removed]', () => {
    const text = "Amelia Jones's mum Sarah Jones: call 07911 123456 or mail a.parent@example.com";
    const { findings } = checkText(`Amelia ${text}`, context);
    expect(redact(`Amelia ${text}`, findings)).toBe("A. A. J.'s mum S. J.: call [removed] or mail [removed]");
  });

  it('leaves clean text unchanged', () => {
    const text = 'A wonderful harvest festival.';
    expect(redact(text, checkText(text, context).findings)).toBe(text);
  });
});
