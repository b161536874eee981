import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { blockListCategoryState } from './check-settings.repository.js';
import { type BlockListContent, storeBlockLists } from './store-block-lists.js';

/**
 * A small block list for the demo school, generated here (not taken from any published list), so the demo
 * shows a blocked link from the first start. A real school loads the UT1 lists (`guardpost lists update`).
 * Two widely known sites stand first in their categories so whoever tries the demo with them sees a block.
 */
export function generateDemoBlockLists(): BlockListContent {
  const words: Record<string, { known: string[]; stems: string[]; tail: string }> = {
    adult: { known: ['pornhub.com'], stems: ['hot', 'xxx', 'naughty', 'late-night'], tail: 'cams' },
    gambling: { known: ['bet365.com'], stems: ['lucky', 'jackpot', 'spin', 'golden'], tail: 'casino' },
    phishing: {
      known: [],
      stems: ['secure-login', 'account-verify', 'parcel-fee', 'tax-refund'],
      tail: 'alert',
    },
    malware: { known: [], stems: ['free-codec', 'driver-update', 'cracked', 'speed-up'], tail: 'download' },
    dating: { known: [], stems: ['meet', 'flirt', 'singles', 'date'], tail: 'tonight' },
    drugs: { known: [], stems: ['legal-highs', 'herbal', 'party', 'cheap'], tail: 'pills' },
    violence: { known: [], stems: ['gore', 'fight', 'shock', 'brutal'], tail: 'videos' },
  };
  const content: BlockListContent = {};
  for (const [category, { known, stems, tail }] of Object.entries(words)) {
    const generated = stems.flatMap((stem) => [`${stem}-${tail}.example`, `${stem}${tail}.example.net`]);
    content[category] = { domains: [...known, ...generated], urls: [] };
  }
  return content;
}

/** Loads the generated list into the demo school once (an install that has lists keeps them). */
export async function seedDemoBlockLists(db: Db, schoolId: string, clock: Clock): Promise<void> {
  if ((await blockListCategoryState(db, schoolId)).size > 0) return;
  await storeBlockLists(
    db,
    { kind: 'system', label: 'demo-seed' },
    schoolId,
    generateDemoBlockLists(),
    clock,
  );
}
