import { compileLinkSettings, type LinkSettings } from './links/classify-links.js';
import { type FoundLink, findLinks } from './links/find-links.js';
import { compileLanguageLists, type LanguageLists } from './text/language-classify.js';
import { findNames, type NameHit } from './text/names.js';
import { findPersonalChannels, type PersonalChannelHit } from './text/personal-channel.js';
import { type AllowedContacts, compileAllowedContacts, findPersonalData, type PiiHit } from './text/pii.js';
import { tokenizeWords, type WordToken } from './text/tokens.js';
import type { CheckContext, CheckTextOptions, SchoolCheckSettings } from './types.js';

/** A school's settings in the form the detectors use them. */
export interface CompiledSettings {
  contacts: AllowedContacts;
  language: LanguageLists;
  links: LinkSettings;
}

// Settings are compiled once per settings object: the same context is reused for thousands of checks.
const compiled = new WeakMap<SchoolCheckSettings, CompiledSettings>();

export function compileSettings(settings: SchoolCheckSettings): CompiledSettings {
  let c = compiled.get(settings);
  if (!c) {
    c = {
      contacts: compileAllowedContacts(settings),
      language: compileLanguageLists(settings),
      links: compileLinkSettings(settings),
    };
    compiled.set(settings, c);
  }
  return c;
}

/**
 * One text being checked, with what several rule families read worked out once and only when first asked
 * for: its words, its links, its personal data and the roster names in it.
 */
export class TextScan {
  readonly settings: CompiledSettings;
  #tokens: WordToken[] | undefined;
  #links: FoundLink[] | undefined;
  #personalData: PiiHit[] | undefined;
  #names: NameHit[] | undefined;
  #personalChannels: PersonalChannelHit[] | undefined;

  constructor(
    readonly text: string,
    readonly context: CheckContext,
    readonly options: CheckTextOptions = {},
  ) {
    this.settings = compileSettings(context.settings);
  }

  get tokens(): WordToken[] {
    this.#tokens ??= tokenizeWords(this.text);
    return this.#tokens;
  }

  get links(): FoundLink[] {
    this.#links ??= findLinks(this.text);
    return this.#links;
  }

  get personalData(): PiiHit[] {
    this.#personalData ??= findPersonalData(this.text, this.settings.contacts);
    return this.#personalData;
  }

  get names(): NameHit[] {
    this.#names ??= findNames(this.tokens, this.context.roster);
    return this.#names;
  }

  /**
   * Personal channels (clauses 1.5, 1.6) in staff-written text, less those approved for the writer: read by
   * the contact family, and by the personal-data family, which leaves their spans to it. None otherwise.
   */
  get personalChannels(): PersonalChannelHit[] {
    this.#personalChannels ??=
      this.options.staffWritten === true
        ? findPersonalChannels(this.text, this.settings.contacts, this.context.approvedPersonalChannels)
        : [];
    return this.#personalChannels;
  }
}
