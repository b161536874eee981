import type { TextScan } from '../text-scan.js';
import type { RawFinding } from '../types.js';
import { defineRule } from './rule.js';

export const pupilName = defineRule({
  id: 'pupil.name',
  clause: '2.4',
  defaultSeverity: 'block',
  // A given name alone may be anyone's; it is reviewed, unless the post has photos (a child named in a photo).
  weakerSeverity: 'review',
  title: 'Pupil named',
  fix: 'Remove the name or use initials; never name a child shown in a photo.',
  messages: {
    full: 'A pupil’s full name.',
    givenWithPhotos: 'A pupil’s first name in a post with photos.',
    given: 'A pupil’s first name.',
  },
});

export const carerName = defineRule({
  id: 'carer.name',
  clause: '2.4',
  defaultSeverity: 'review',
  title: 'Parent or carer named beside their child',
  fix: 'Remove the carer’s name: with the child’s name it identifies the family.',
  messages: { besideChild: 'A parent’s or carer’s full name beside their child’s name.' },
});

export const rules = [pupilName, carerName] as const;

/** Pupils' names (full, or a given name), and carers' full names when their child is named too. */
export function detectText(scan: TextScan): RawFinding[] {
  const raw: RawFinding[] = [];
  const names = scan.names;
  if (names.length === 0) return raw;
  const hasImages = scan.options.hasImages === true;
  const namedPupils = new Set<string>();
  for (const hit of names) {
    if (hit.kind === 'carer-full') continue;
    // A first name inside an email address is its owner's (usually a parent's): pii.email already blocks
    // the address, and calling it a pupil's name would be wrong. A full name there is still reported.
    if (
      hit.kind === 'pupil-given' &&
      scan.personalData.some((p) => p.rule === 'pii.email' && hit.start < p.end && hit.end > p.start)
    )
      continue;
    for (const id of hit.pupilIds) namedPupils.add(id);
    const full = hit.kind === 'pupil-full';
    raw.push({
      rule: pupilName.id,
      ...(full || hasImages ? {} : { weaker: true }),
      message: full
        ? pupilName.messages.full
        : hasImages
          ? pupilName.messages.givenWithPhotos
          : pupilName.messages.given,
      start: hit.start,
      end: hit.end,
      part: 'text',
      ...(hit.pupilIds.length === 1 ? { pupilId: hit.pupilIds[0] as string } : {}),
    });
  }
  for (const hit of names) {
    if (hit.kind !== 'carer-full' || !hit.pupilIds.some((id) => namedPupils.has(id))) continue;
    raw.push({
      rule: carerName.id,
      message: carerName.messages.besideChild,
      start: hit.start,
      end: hit.end,
      part: 'text',
    });
  }
  return raw;
}
