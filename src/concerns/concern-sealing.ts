/**
 * The associated data each sealed value of a concern is bound to, so a sealed value cannot be moved to
 * another row or field and still open.
 */
export const contentContext = (concernId: string) => `concern:${concernId}:content`;
export const entryContext = (entryId: string) => `concern-entry:${entryId}`;
export const actionContext = (actionId: string) => `concern-action:${actionId}`;
export const evidenceContext = (evidenceId: string, part: 'original' | 'view' | 'name') =>
  `concern-evidence:${evidenceId}:${part}`;

/** The narrative of a report, sealed as one value. */
export interface ReportContent {
  whatHappened: string;
  childWords: string | null;
  actionsTaken: string | null;
}
