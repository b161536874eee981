import type { Generated, JSONColumnType, Selectable } from 'kysely';
import type { RuleId, Severity } from './engine/types.js';

/** The JSON a school stores to tune the engine; block lists are kept apart (they can be large). */
export interface StoredCheckSettings {
  severityOverrides?: Partial<Record<RuleId, Severity | 'off'>>;
  extraAbuseWords?: string[];
  extraProfanityWords?: string[];
  languageExceptions?: string[];
  allowedDomains?: string[];
  allowOnlyListed?: boolean;
  schoolPhones?: string[];
  schoolAddresses?: string[];
  schoolPostcodes?: string[];
}

export interface CheckSettingsTable {
  school_id: string;
  settings: JSONColumnType<StoredCheckSettings>;
  block_categories: Generated<string[]>;
  updated_at: Generated<Date>;
}

export interface BlockListEntryTable {
  school_id: string;
  category: string;
  kind: 'domain' | 'url';
  value: string;
}

export interface BlockListImportTable {
  id: Generated<string>;
  school_id: string;
  categories: JSONColumnType<Record<string, { domains: number; urls: number }>>;
  imported_at: Generated<Date>;
}

export type CheckSettingsRow = Selectable<CheckSettingsTable>;
