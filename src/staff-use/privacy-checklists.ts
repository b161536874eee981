import checklists from './privacy-checklists.json' with { type: 'json' };

/**
 * The privacy-settings checklists (clause 1.4: "set all privacy settings to the highest possible levels"),
 * kept as data in privacy-checklists.json so they can be updated without touching code. Read and checked once
 * at load: a broken file stops the program at start instead of showing a half checklist.
 */
export interface PrivacySetting {
  id: string;
  title: string;
  how: string;
}

export interface PrivacyChecklist {
  id: string;
  name: string;
  settings: readonly PrivacySetting[];
}

export interface PrivacyChecklists {
  version: string;
  note: string;
  platforms: readonly PrivacyChecklist[];
}

/** Narrows the JSON by hand (it is data a school's operator may edit), naming the first bad entry. */
export function readChecklists(raw: unknown): PrivacyChecklists {
  const fail = (where: string): never => {
    throw new Error(`privacy-checklists.json: ${where}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('not an object');
  const { version, note, platforms } = raw as Record<string, unknown>;
  if (typeof version !== 'string' || version === '') fail('version is missing');
  if (typeof note !== 'string') fail('note is missing');
  if (!Array.isArray(platforms) || platforms.length === 0) return fail('platforms is empty');
  const ids = new Set<string>();
  const out: PrivacyChecklist[] = platforms.map((p: unknown, i) => {
    const { id, name, settings } = (p ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(id)) fail(`platforms[${i}].id`);
    if (ids.has(id as string)) fail(`platforms[${i}].id repeats ${String(id)}`);
    ids.add(id as string);
    if (typeof name !== 'string' || name === '') fail(`platforms[${i}].name`);
    if (!Array.isArray(settings) || settings.length === 0) return fail(`platforms[${i}].settings`);
    const settingIds = new Set<string>();
    return {
      id: id as string,
      name: name as string,
      settings: settings.map((s: unknown, j) => {
        const { id: sid, title, how } = (s ?? {}) as Record<string, unknown>;
        if (typeof sid !== 'string' || sid === '' || settingIds.has(sid))
          fail(`platforms[${i}].settings[${j}].id`);
        settingIds.add(sid as string);
        if (typeof title !== 'string' || title === '') fail(`platforms[${i}].settings[${j}].title`);
        if (typeof how !== 'string' || how === '') fail(`platforms[${i}].settings[${j}].how`);
        return { id: sid as string, title: title as string, how: how as string };
      }),
    };
  });
  return { version: version as string, note: note as string, platforms: out };
}

export const privacyChecklists: PrivacyChecklists = readChecklists(checklists);

export function findChecklist(platform: string): PrivacyChecklist | undefined {
  return privacyChecklists.platforms.find((p) => p.id === platform);
}
