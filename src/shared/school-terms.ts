/**
 * The school terms of England's usual year, for a report's default range: autumn (1 September to
 * 31 December), spring (1 January to 31 March) and summer (1 April to 31 August). Holidays inside a term
 * belong to it, so every day falls in exactly one term. Pure: used by the server and the web app.
 */
export interface SchoolTerm {
  name: string;
  from: string;
  to: string;
}

export function schoolTermOf(isoDate: string): SchoolTerm {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  if (month >= 9) return { name: `Autumn term ${year}`, from: `${year}-09-01`, to: `${year}-12-31` };
  if (month <= 3) return { name: `Spring term ${year}`, from: `${year}-01-01`, to: `${year}-03-31` };
  return { name: `Summer term ${year}`, from: `${year}-04-01`, to: `${year}-08-31` };
}

/** The term a date falls in and the ones before it, oldest first: `count` terms in all. */
export function termsEndingWith(isoDate: string, count: number): SchoolTerm[] {
  const terms = [schoolTermOf(isoDate)];
  while (terms.length < count) {
    const first = terms[0] as SchoolTerm;
    const dayBefore = new Date(`${first.from}T12:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    terms.unshift(schoolTermOf(dayBefore.toISOString().slice(0, 10)));
  }
  return terms;
}
