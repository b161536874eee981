import type { MyAcknowledgements } from '../api/endpoints';

/** When this person acknowledged the current version, as the server judges it; null when they have not. */
export function currentAcknowledgedAt(mine: MyAcknowledgements): string | null {
  if (!mine.acknowledgedCurrent || !mine.current) return null;
  const hash = mine.current.documentHash;
  return mine.acknowledgements.find((a) => a.documentHash === hash)?.acknowledgedAt ?? null;
}
