import { z } from 'zod';
import { effectiveSocialMediaConsents } from '../consent/consent.queries.js';
import { loadRosterForChecks } from '../people/load-roster-for-checks.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { defaultBlockCategories, shortenerCategory } from './block-lists.js';
import { findCheckContextInputs, listBlockEntries } from './check-settings.repository.js';
import type { StoredCheckSettings } from './check-settings.table.js';
import { normaliseListEntry } from './engine/links/normalise.js';
import { buildRosterIndex, type RosterIndex } from './engine/roster-index.js';
import type { CheckContext, PupilConsent, SchoolCheckSettings } from './engine/types.js';

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
 * school and rebuilt only when its fingerprint changes — a roster import, a new list, a new day. The
 * fingerprints come with the school and its settings in one query (the roster's and the consents' change
 * stamps are kept by database triggers), because this runs on every check. The server keeps one per
 * process (`app.checkContexts`), so every route and job shares what was built.
 */
export class CheckContextCache {
  private readonly rosters = new Map<string, CachedRoster>();
  private readonly lists = new Map<string, CachedLists>();
  private readonly consents = new Map<string, CachedConsents>();
  private readonly settings = new Map<string, { key: string; settings: SchoolCheckSettings }>();

  async load(db: Db | DbExecutor, schoolId: string, today: string): Promise<CheckContext> {
    const inputs = z.uuid().safeParse(schoolId).success
      ? await findCheckContextInputs(db, schoolId)
      : undefined;
    if (!inputs) throw notFound('SchoolNotFound', `no school with id ${schoolId}`);
    const school = { officialEmailDomains: inputs.officialEmailDomains, website: inputs.website };
    const stored = inputs.settings ?? {};
    const categories = inputs.blockCategories ?? [...defaultBlockCategories];

    const rosterKey = `${today}|${inputs.rosterVersion ?? 'none'}`;
    let roster = this.rosters.get(schoolId);
    if (roster?.key !== rosterKey) {
      roster = { key: rosterKey, index: buildRosterIndex(await loadRosterForChecks(db, schoolId), today) };
      this.rosters.set(schoolId, roster);
    }

    const latestId = inputs.latestBlockListId;
    const listsKey = `${latestId ?? 'none'}|${[...categories].sort().join(',')}`;
    let lists = this.lists.get(schoolId);
    if (lists?.key !== listsKey) {
      const blocking = categories.filter((c) => c !== shortenerCategory);
      const entries = latestId ? await listBlockEntries(db, schoolId, blocking) : [];
      // Shorteners are reviewed, not blocked: their entries feed the shortener rule whenever imported.
      const shorteners = latestId ? await listBlockEntries(db, schoolId, [shortenerCategory]) : [];
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

    // The same object while nothing changes: the engine compiles each settings object once (keyed by
    // identity), and compiling (the allowed domains' look-alike skeletons, the word lists) costs more than a
    // check.
    const settingsKey = `${listsKey}|${JSON.stringify(stored)}|${school.officialEmailDomains.join(',')}|${school.website ?? ''}`;
    let settings = this.settings.get(schoolId);
    if (settings?.key !== settingsKey) {
      settings = { key: settingsKey, settings: this.buildSettings(stored, school, lists) };
      this.settings.set(schoolId, settings);
    }

    // Social media (photo) consents from the consent register: rebuilt when a decision is recorded, the
    // roster changes (a leaver's consent ends) or the day changes (consents expire).
    const consentKey = `${rosterKey}|${inputs.consentsVersion ?? 'none'}`;
    let consents = this.consents.get(schoolId);
    if (consents?.key !== consentKey) {
      consents = { key: consentKey, consents: await effectiveSocialMediaConsents(db, schoolId, today) };
      this.consents.set(schoolId, consents);
    }
    return { roster: roster.index, consents: consents.consents, settings: settings.settings, today };
  }

  private buildSettings(
    stored: StoredCheckSettings,
    school: { officialEmailDomains: string[]; website: string | null },
    lists: CachedLists,
  ): SchoolCheckSettings {
    return {
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
