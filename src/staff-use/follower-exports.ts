import { strFromU8, unzipSync } from 'fflate';
import type { Follower } from './follower-keys.js';

/**
 * Reads a platform's data export in the browser (clauses 1.1, 1.9): the file never leaves the device. Pure
 * functions of the file's bytes, so Node tests run them too. Each reader names what it could and could not
 * read; X's `follower.js` holds account ids only, so names cannot be matched from it (we say so).
 */
export type ExportPlatform = 'instagram' | 'facebook' | 'tiktok' | 'x';

export interface ReadExport {
  platform: ExportPlatform;
  followers: Follower[];
  /** Accounts counted but without any name or handle to match (X ids). */
  withoutNames: number;
  notes: string[];
}

/** The most an export may unpack to in the browser, and the most entries read. */
export const MAX_EXPORT_BYTES = 200 * 1024 * 1024;
const MAX_ENTRY_BYTES = 50 * 1024 * 1024;

export class ExportError extends Error {}

/** Facebook writes UTF-8 bytes as if each were a Latin-1 character ("Zo\u00c3\u00ab"): put them back. */
export function fixMojibake(text: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(text)) return text;
  try {
    const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0) & 0xff));
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return decoded;
  } catch {
    return text;
  }
}

function handleFromHref(href: string): string {
  const match =
    /instagram\.com\/(?:_u\/)?([A-Za-z0-9._]+)/.exec(href) ?? /tiktok\.com\/@([A-Za-z0-9._]+)/.exec(href);
  return match?.[1] ?? '';
}

/** Walks parsed JSON, calling `visit` on every object (depth and count bounded). */
function walk(value: unknown, visit: (o: Record<string, unknown>) => void, depth = 0): void {
  if (depth > 12 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit, depth + 1);
    return;
  }
  visit(value as Record<string, unknown>);
  for (const child of Object.values(value)) walk(child, visit, depth + 1);
}

function instagramFromJson(data: unknown, out: Follower[]): void {
  walk(data, (o) => {
    const list = o.string_list_data;
    if (!Array.isArray(list)) return;
    for (const entry of list) {
      const e = entry as Record<string, unknown>;
      const handle =
        (typeof e.value === 'string' && e.value) ||
        (typeof o.title === 'string' && o.title) ||
        (typeof e.href === 'string' ? handleFromHref(e.href) : '');
      if (handle) out.push({ name: '', handle });
    }
  });
}

function instagramFromHtml(html: string, out: Follower[]): void {
  for (const m of html.matchAll(/href="https?:\/\/(?:www\.)?instagram\.com\/(?:_u\/)?([A-Za-z0-9._]+)\/?"/g))
    out.push({ name: '', handle: m[1] as string });
}

function facebookFromJson(data: unknown, out: Follower[]): void {
  walk(data, (o) => {
    if (typeof o.name === 'string' && ('timestamp' in o || 'contact_info' in o))
      out.push({ name: fixMojibake(o.name), handle: '' });
  });
}

function facebookFromHtml(html: string, out: Follower[]): void {
  // Each friend is a line of its own in the HTML export: <div class="...">Name</div>, then a date.
  for (const m of html.matchAll(/<div class="_2ph_ _a6-h _a6-i">([^<]{2,80})<\/div>/g))
    out.push({ name: fixMojibake(m[1] as string), handle: '' });
}

function tiktokFromJson(data: unknown, out: Follower[]): void {
  walk(data, (o) => {
    const name = o.UserName ?? o.Username ?? o.userName;
    if (typeof name === 'string' && name) out.push({ name: '', handle: name });
  });
}

function tiktokFromText(text: string, out: Follower[]): void {
  for (const m of text.matchAll(/^\s*User ?name:\s*(\S+)\s*$/gim))
    out.push({ name: '', handle: m[1] as string });
}

/** X's follower.js: `window.YTD.follower.part0 = [ { "follower": { "accountId": … } } ]`: ids only. */
function xFollowerIds(text: string): number {
  const start = text.indexOf('[');
  if (start < 0) throw new ExportError('This follower.js holds no list.');
  const data = JSON.parse(text.slice(start)) as unknown;
  if (!Array.isArray(data)) throw new ExportError('This follower.js holds no list.');
  return data.filter(
    (d) => typeof (d as { follower?: { accountId?: unknown } }).follower?.accountId === 'string',
  ).length;
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ExportError(`${name} is not readable JSON.`);
  }
}

/** Which files of an export hold followers, friends or following, by platform. */
function wanted(path: string, platform: ExportPlatform): boolean {
  const p = path.toLowerCase();
  if (platform === 'instagram') return /(followers(_\d+)?|following)\.(json|html)$/.test(p);
  if (platform === 'facebook')
    return /(friends|your_friends|followers|people_who_followed_you|who_you_follow)[^/]*\.(json|html)$/.test(
      p,
    );
  if (platform === 'tiktok') return /(user_data[^/]*\.json|follower[^/]*\.txt|following[^/]*\.txt)$/.test(p);
  return /(^|\/)follower\.js$/.test(p);
}

function readOne(path: string, text: string, platform: ExportPlatform, result: ReadExport): void {
  const lower = path.toLowerCase();
  if (platform === 'x') {
    result.withoutNames += xFollowerIds(text);
    return;
  }
  if (platform === 'instagram') {
    if (lower.endsWith('.html')) instagramFromHtml(text, result.followers);
    else instagramFromJson(parseJson(text, path), result.followers);
  } else if (platform === 'facebook') {
    if (lower.endsWith('.html')) facebookFromHtml(text, result.followers);
    else facebookFromJson(parseJson(text, path), result.followers);
  } else if (lower.endsWith('.txt')) tiktokFromText(text, result.followers);
  else tiktokFromJson(parseJson(text, path), result.followers);
}

/**
 * Reads an export: a zip (as downloaded from the platform) or one of its files. Followers and following are
 * read together (clause 1.1 covers both directions); one person in both lists counts once.
 */
export function readExport(fileName: string, bytes: Uint8Array, platform: ExportPlatform): ReadExport {
  const result: ReadExport = { platform, followers: [], withoutNames: 0, notes: [] };
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip) {
    let total = 0;
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter: (file) => {
          if (!wanted(file.name, platform)) return false;
          if (file.originalSize > MAX_ENTRY_BYTES)
            throw new ExportError(`${file.name} is too large to read.`);
          total += file.originalSize;
          if (total > MAX_EXPORT_BYTES) throw new ExportError('This export unpacks to more than 200 MB.');
          return true;
        },
      });
    } catch (error) {
      if (error instanceof ExportError) throw error;
      throw new ExportError('This zip could not be read.');
    }
    const names = Object.keys(files);
    if (names.length === 0)
      throw new ExportError(`No ${platformName[platform]} follower or friend list was found in this zip.`);
    for (const name of names) readOne(name, strFromU8(files[name] as Uint8Array), platform, result);
  } else {
    readOne(fileName, strFromU8(bytes), platform, result);
  }
  const seen = new Set<string>();
  result.followers = result.followers.filter((f) => {
    const key = `${f.name.toLowerCase()}|${f.handle.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (platform === 'x')
    result.notes.push(
      'X’s export lists followers by account number only, without names or handles, so Guardpost cannot match them. Check your followers in the X app.',
    );
  if (platform === 'instagram' || platform === 'tiktok')
    result.notes.push('This export gives handles only, so matching uses the names inside handles.');
  if (result.followers.length === 0 && result.withoutNames === 0)
    throw new ExportError(`No followers were found in ${fileName}.`);
  return result;
}

const platformName: Record<ExportPlatform, string> = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  tiktok: 'TikTok',
  x: 'X',
};
