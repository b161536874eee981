import { checkSubject as checkWithEngine } from './engine/engine.js';
import type { AnalyseImage } from './engine/rules/images.js';
import type { CheckContext, CheckResult, Subject } from './engine/types.js';

/**
 * Checks a whole subject (text, links, photos) with the engine, reading photos with the slice's analyser
 * (sharp, exifr, the face detector; loaded only when there are photos) unless a cached one is given.
 */
export async function checkSubject(
  subject: Subject,
  context: CheckContext,
  options: { analyseImage?: AnalyseImage } = {},
): Promise<CheckResult> {
  let analyseImage = options.analyseImage;
  if (!analyseImage && (subject.images?.length ?? 0) > 0)
    analyseImage = (await import('./images/check-images.js')).analyseImage;
  return checkWithEngine(subject, context, analyseImage ? { analyseImage } : {});
}
