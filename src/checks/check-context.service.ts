import { effectiveSocialMediaConsents, socialMediaConsentStamp } from '../consent/consent.service.js';
import { loadRosterForChecks, rosterStamp } from '../people/roster-for-checks.service.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { getSchool } from '../schools/schools.service.js';
import { findCheckSettings, latestBlockListImport, listBlockEntries } from './check-settings.repository.js';
import { defaultBlockCategories, shortenerCategory } from './links/block-lists.js';
import { normaliseListEntry } from './links/normalise.js';
import { buildRosterIndex, type RosterIndex } from './roster-index.js';
import type { CheckContext, PupilConsent, SchoolCheckSettings } from './types.js';

interface CachedRoster {
  key: string;
  index: RosterIndex;
}

interface CachedConsents {
  key: string;
  consents: ReadonlyMap<string, PupilConsent>;
}

interface CachedLists {
  key: string;
  domains: Set<string>;
  urls: Set<string>;
  shorteners: Set<string>;
}

/**
 * Builds the check engine's context for a school from the database. The roster index and the block lists
 * are the expensive parts (tens of milliseconds, thousands of entries), so each is kept in memory per
 * school and rebuilt only when its fingerprint changes — a roster import, a new list, a new day.
 */
export class CheckContextCache {
  private readonly rosters = new Map<string, CachedRoster>();
  private readonly lists = new Map<string, CachedLists>();
  private readonly consents = new Map<string, CachedConsents>();

  /** `expandLink` follows short links (production only: see linkExpansionFor). */
  constructor(private readonly options: { expandLink?: CheckContext['expandLink'] } = {}) {}

  async load(db: Db | DbExecutor, schoolId: string, today: string): Promise<CheckContext> {
    const school = await getSchool(db, schoolId);
    const row = await findCheckSettings(db, schoolId);
    const stored = row?.settings ?? {};
    const categories = row?.block_categories ?? [...defaultBlockCategories];

    const rosterKey = `${today}|${await rosterStamp(db, schoolId)}`;
    let roster = this.rosters.get(schoolId);
    if (roster?.key !== rosterKey) {
      roster = { key: rosterKey, index: buildRosterIndex(await loadRosterForChecks(db, schoolId), today) };
      this.rosters.set(schoolId, roster);
    }

    const latest = await latestBlockListImport(db, schoolId);
    const listsKey = `${latest?.id ?? 'none'}|${[...categories].sort().join(',')}`;
    let lists = this.lists.get(schoolId);
    if (lists?.key !== listsKey) {
      const blocking = categories.filter((c) => c !== shortenerCategory);
      const entries = latest ? await listBlockEntries(db, schoolId, blocking) : [];
      // Shorteners are reviewed, not blocked: their entries feed the shortener rule whenever imported.
      const shorteners = latest ? await listBlockEntries(db, schoolId, [shortenerCategory]) : [];
      // Entries stored before lists were normalised on import are normalised here (once per edition).
      const normalised = entries.map((e) => normaliseListEntry(e.value)).filter((e) => e !== undefined);
      lists = {
        key: listsKey,
        domains: new Set(normalised.filter((e) => e.kind === 'domain').map((e) => e.value)),
        urls: new Set(normalised.filter((e) => e.kind === 'url').map((e) => e.value)),
        shorteners: new Set(shorteners.map((e) => e.value)),
      };
      this.lists.set(schoolId, lists);
    }

    const settings: SchoolCheckSettings = {
      ...stored,
      allowedDomains: [
        ...(stored.allowedDomains ?? []),
        ...school.officialEmailDomains,
        ...hostOf(school.website),
      ],
      // The school's own addresses may always be published (clause 2.4 protects children, not the school).
      schoolEmails: school.officialEmailDomains.map((d) => `@${d}`),
      blockedDomains: lists.domains,
      blockedUrls: lists.urls,
      shortenerDomains: lists.shorteners,
    };
    // Social media (photo) consents from the consent register: rebuilt when a decision is recorded, the
    // roster changes (a leaver's consent ends) or the day changes (consents expire).
    const consentKey = `${rosterKey}|${await socialMediaConsentStamp(db, schoolId)}`;
    let consents = this.consents.get(schoolId);
    if (consents?.key !== consentKey) {
      consents = { key: consentKey, consents: await effectiveSocialMediaConsents(db, schoolId, today) };
      this.consents.set(schoolId, consents);
    }
    return {
      roster: roster.index,
      consents: consents.consents,
      settings,
      today,
      ...(this.options.expandLink ? { expandLink: this.options.expandLink } : {}),
    };
  }
}

function hostOf(url: string | null): string[] {
  if (!url) return [];
  try {
    return [new URL(url).hostname.replace(/^www\./, '')];
  } catch {
    return [];
  }
}
