import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { invalid } from '../errors.js';

/**
 * Text Guardpost cannot store. PostgreSQL refuses NUL (U+0000) in `text` and `jsonb` on both engines, and
 * a lone surrogate (half of a UTF-16 pair) is not Unicode at all: `jsonb` refuses its escape and a `text`
 * column would silently turn it into U+FFFD. Every request is checked here once, before its schema, so no
 * route can forget a field and no such character ever reaches a query as a 500.
 */
export type UnstorableKind = 'nul' | 'lone_surrogate';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point of this pattern.
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorableAll = new RegExp(unstorable.source, 'g');

/** The first character of `text` that cannot be stored, with its UTF-16 offset; undefined when none. */
export function findUnstorableCharacter(text: string): { kind: UnstorableKind; index: number } | undefined {
  const match = unstorable.exec(text);
  if (!match) return undefined;
  return { kind: match[0] === '\u0000' ? 'nul' : 'lone_surrogate', index: match.index };
}

/** A plain description of the character, for messages: "a NUL character (U+0000)". */
export function describeUnstorable(kind: UnstorableKind): string {
  return kind === 'nul' ? 'a NUL character (U+0000)' : 'half of a character pair (a lone UTF-16 surrogate)';
}

/**
 * `text` without what cannot be stored: NUL removed, a lone surrogate replaced by U+FFFD (what a UTF-8
 * encoder would write), so the rest of the text is kept as sent.
 */
export function removeUnstorableCharacters(text: string): string {
  return text.replace(unstorableAll, (c) => (c === '\u0000' ? '' : '\uFFFD'));
}

export interface UnstorableField {
  /** Where, as the validation errors name fields: `body.platform`, `body.pupils.0.role`, `querystring.q`. */
  field: string;
  kind: UnstorableKind;
}

type Walked = { value: unknown; path: string };

/**
 * Every string (object keys included) in a parsed request part that cannot be stored. Walked with an
 * explicit stack, not recursion, so a deeply nested body cannot overflow the call stack.
 */
export function findUnstorableFields(value: unknown, part: string): UnstorableField[] {
  const found: UnstorableField[] = [];
  const stack: Walked[] = [{ value, path: part }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as Walked;
    if (typeof current === 'string') {
      const hit = findUnstorableCharacter(current);
      if (hit) found.push({ field: path, kind: hit.kind });
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => {
        stack.push({ value: item, path: `${path}.${i}` });
      });
    } else if (isPlainObject(current)) {
      for (const [key, item] of Object.entries(current)) {
        const hit = findUnstorableCharacter(key);
        if (hit) found.push({ field: `${path}.${removeUnstorableCharacters(key)}`, kind: hit.kind });
        stack.push({ value: item, path: `${path}.${key}` });
      }
    }
  }
  return found.sort((a, b) => a.field.localeCompare(b.field));
}

/**
 * A copy of `value` with every string cleaned by removeUnstorableCharacters (keys included), down to
 * `depth` levels: below that it is left as sent, for the route's schema (never that deep) to refuse.
 */
export function withoutUnstorableCharacters<T>(value: T, depth = 32): T {
  if (typeof value === 'string') return removeUnstorableCharacters(value) as T;
  if (depth <= 0) return value;
  if (Array.isArray(value)) return value.map((item) => withoutUnstorableCharacters(item, depth - 1)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        removeUnstorableCharacters(k),
        withoutUnstorableCharacters(v, depth - 1),
      ]),
    ) as T;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  // The query parser's objects inherit from a prototype that itself has none.
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What to do with unstorable characters in the body: `refuse` (the default, a 400 naming the field) or
     * `remove` them and carry on, for a report that must never be lost (a safeguarding concern). The
     * fields cleaned are in `request.cleanedFields` for the route to say so. Query and path are always refused.
     */
    unstorableText?: 'refuse' | 'remove';
  }
  interface FastifyRequest {
    /** Body fields from which unstorable characters were removed (routes with `unstorableText: 'remove'`). */
    cleanedFields: UnstorableField[] | undefined;
  }
}

/** The message of the 400 that names each field holding an unstorable character. */
function refusal(found: UnstorableField[]) {
  const details = found.map(
    (f) => `${f.field}: contains ${describeUnstorable(f.kind)}, which cannot be stored`,
  );
  return invalid('UnstorableCharacter', `${details[0]}; remove it and send again`, details);
}

/**
 * The name of a multipart upload, refused like any other field when it cannot be stored: multipart parts are
 * read by the route itself, after the hook below has run, so upload routes call this on each file name.
 */
export function storableFileName(name: string): string {
  const hit = findUnstorableCharacter(name);
  if (hit) throw refusal([{ field: 'filename', kind: hit.kind }]);
  return name;
}

function checkRequest(request: FastifyRequest): void {
  const refused = [
    ...findUnstorableFields(request.params, 'params'),
    ...findUnstorableFields(request.query, 'querystring'),
  ];
  const inBody = findUnstorableFields(request.body, 'body');
  if (inBody.length > 0 && request.routeOptions.config.unstorableText === 'remove') {
    request.body = withoutUnstorableCharacters(request.body);
    request.cleanedFields = inBody;
  } else {
    refused.push(...inBody);
  }
  if (refused.length > 0) throw refusal(refused);
}

/** Checks every request's path, query and JSON body for unstorable characters before its schema runs. */
export const storableTextPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('cleanedFields', undefined);
  app.addHook('preValidation', async (request) => {
    checkRequest(request);
  });
});
