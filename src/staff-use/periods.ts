/**
 * Attestation periods: a school asks for privacy and self-audit attestations each term or each school year.
 * Terms follow the English school year: autumn September–December, spring January–March, summer April–August
 * (Easter moves; a term boundary at 1 April is close enough for "once a term").
 */
export type AttestationPeriodKind = 'term' | 'year';

/** The period an ISO date falls in: `2026-autumn`, `2027-spring`, `2027-summer`, or `2026-27`. */
export function periodOf(isoDate: string, kind: AttestationPeriodKind): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  if (kind === 'year') {
    const start = month >= 9 ? year : year - 1;
    return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
  }
  if (month >= 9) return `${year}-autumn`;
  if (month <= 3) return `${year}-spring`;
  return `${year}-summer`;
}

/** The first day of the period an ISO date falls in. */
export function periodStart(isoDate: string, kind: AttestationPeriodKind): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  if (kind === 'year') return `${month >= 9 ? year : year - 1}-09-01`;
  if (month >= 9) return `${year}-09-01`;
  if (month <= 3) return `${year}-01-01`;
  return `${year}-04-01`;
}

/** Words for a period: "autumn term 2026", "school year 2026–27". */
export function describePeriod(period: string): string {
  const term = /^(\d{4})-(autumn|spring|summer)$/.exec(period);
  if (term) return `${term[2]} term ${term[1]}`;
  const year = /^(\d{4})-(\d{2})$/.exec(period);
  if (year) return `school year ${year[1]}–${year[2]}`;
  return period;
}

/** A newcomer has this many days to acknowledge, check followers and attest privacy settings. */
export const NEWCOMER_DAYS = 14;
