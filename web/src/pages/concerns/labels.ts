import {
  agencyLabels,
  concernStatusLabels,
  concernTypeLabels,
  concernTypeShortLabels,
  decisionLabels,
  entryKindLabels,
  pupilRoleLabels,
} from '../../../../src/shared/concern-words';
import type { ConcernStatus, ConcernType, PupilRole } from '../../api/concerns';

// The words are shared with the server's PDF export (src/shared/concern-words.ts).
export const typeLabels: Record<ConcernType, string> = concernTypeLabels;
export const typeShortLabels: Record<ConcernType, string> = concernTypeShortLabels;

/** The policy clause a type carries, where there is one. */
export const typeClauses: Partial<Record<ConcernType, string>> = {
  pupil_contact: 'clause 1.2',
  inappropriate_communication: 'clause 1.3',
};

export const roleLabels: Record<PupilRole, string> = pupilRoleLabels;
export const statusLabels: Record<ConcernStatus, string> = concernStatusLabels;
export { agencyLabels, decisionLabels, entryKindLabels };

/** "3 h 12 min", "2 days 4 h": how long something has waited, to the minute. */
export function formatWait(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** Today in school time (UK) as an ISO date, for date fields' defaults. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}
