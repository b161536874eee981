import type { CheckContext, RawFinding, Subject } from '../types.js';
import { defineRule } from './rule.js';

/**
 * What one photo shows on its own, whatever the post and the school: hidden metadata and the number of
 * faces. The engine decodes no photo: the checks slice analyses it (checks/images/check-images.ts) and a
 * caller may cache the analysis by the photo's hash, since it is the same for the same bytes.
 */
export interface ImageAnalysis {
  /** Metadata the photo carries: GPS coordinates, other EXIF, XMP or IPTC data, or none. */
  metadata: 'gps' | 'other' | undefined;
  faces: number;
}

export type AnalyseImage = (bytes: Uint8Array, index: number) => Promise<ImageAnalysis>;

export const location = defineRule({
  id: 'image.location',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Photo carries location or other metadata',
  fix: 'Re-encode the photo without metadata (Guardpost can do this for you).',
  messages: {
    gps: 'The photo carries GPS coordinates of where it was taken.',
    other: 'The photo carries metadata (EXIF, XMP or IPTC) that may identify people or places.',
    suggestion:
      'Attach the photo to a post in Guardpost, which saves it without this information, or save a copy without it before publishing elsewhere.',
  },
});

export const faces = defineRule({
  id: 'image.faces',
  clause: '2.4',
  defaultSeverity: 'advice',
  title: 'Faces in photo',
  fix: 'Tag the pupils shown, or confirm no pupil can be identified.',
  messages: { found: (count: number) => `${count} face${count === 1 ? '' : 's'} found in the photo.` },
});

export const consent = defineRule({
  id: 'image.consent',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Photo without written consent',
  fix: 'Only publish photos of pupils whose carers gave current written consent for social media.',
  messages: {
    taggedWithout: 'A tagged pupil has no current written consent for social media.',
    untagged:
      'Faces are shown but no pupils are tagged and nobody confirmed that no pupil can be identified.',
  },
});

export const named = defineRule({
  id: 'image.named',
  clause: '2.4',
  defaultSeverity: 'block',
  title: 'Child named alongside a photo',
  fix: 'Remove the name from the text when the post has photos of children.',
  messages: { found: 'A pupil is named in the text of a post with photos of children.' },
});

export const rules = [location, faces, consent, named] as const;

function consentHolds(pupilId: string, context: CheckContext): boolean {
  const given = context.consents.get(pupilId);
  if (given?.state !== 'granted') return false;
  return given.expiresOn === undefined || given.expiresOn >= context.today;
}

/**
 * Photo rules for clause 2.4: metadata, faces, written consent of tagged pupils, names beside photos.
 * `analyse` reads each photo (the checks slice's analyser, or a cached one).
 */
export async function detectImages(
  images: readonly Uint8Array[],
  subject: Subject,
  context: CheckContext,
  namedInText: boolean,
  analyse: AnalyseImage,
): Promise<RawFinding[]> {
  const findings: RawFinding[] = [];
  let anyFaces = false;
  for (const [index, bytes] of images.entries()) {
    const analysis = await analyse(bytes, index);
    if (analysis.metadata) {
      findings.push({
        rule: location.id,
        message: analysis.metadata === 'gps' ? location.messages.gps : location.messages.other,
        part: 'image',
        suggestion: location.messages.suggestion,
        imageIndex: index,
      });
    }
    if (analysis.faces > 0) {
      anyFaces = true;
      findings.push({
        rule: faces.id,
        message: faces.messages.found(analysis.faces),
        part: 'image',
        imageIndex: index,
      });
    }
  }
  const tagged = subject.taggedPupils ?? [];
  // Tagging is the author saying "this child is in the photo": consent is checked for every tagged pupil
  // whether or not the detector saw a face (it misses profiles, backs of heads, small faces).
  for (const pupilId of tagged) {
    if (!consentHolds(pupilId, context))
      findings.push({ rule: consent.id, message: consent.messages.taggedWithout, part: 'tags', pupilId });
  }
  if (!anyFaces) return findings;
  if (tagged.length === 0 && !subject.noIdentifiablePupils)
    findings.push({ rule: consent.id, message: consent.messages.untagged, part: 'tags' });
  if (namedInText) findings.push({ rule: named.id, message: named.messages.found, part: 'text' });
  return findings;
}
