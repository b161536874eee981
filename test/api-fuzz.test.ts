import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../src/platform/auth/roles.js';
import { signInAs, type TestSignIn } from '../src/platform/auth/test-session.js';
import { testEngines } from '../src/platform/db/test-db.js';
import { createTestApp, type TestApp } from '../src/server/test-app.js';
import { seededRandom } from '../src/shared/seeded-random.js';

/**
 * The reliability suite's fuzzer: reads the OpenAPI document the app generates from its route schemas and
 * sends every route bounded, seeded malformed requests (wrong types, huge and odd strings with NUL and lone
 * surrogates, deep nesting, bad ids, bad content types), signed in with every role and anonymous. No
 * answer may be a 5xx, carry a stack trace or SQL, or lack `Cache-Control: no-store`. Reproduce a run with GUARDPOST_FUZZ_SEED=<seed>.
 */

const SEED = Number(process.env.GUARDPOST_FUZZ_SEED ?? 20261202);
const CASES_PER_ROUTE = 14;
const NIL_UUID = '00000000-0000-4000-8000-000000000000';

const randomFrom = seededRandom;

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
};

interface Operation {
  method: string;
  /** Fastify's form, `/api/concerns/:id`, to look up the route's declared access. */
  route: string;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body: JsonSchema | undefined;
}

/** A plausible value for a schema, so one field at a time can be broken while the rest look right. */
function plausible(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 4) return null;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return plausible(variant, depth);
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return NIL_UUID;
      if (schema.format === 'email') return 'fuzz@fuzz.example';
      if (schema.format === 'date-time') return '2026-11-24T09:00:00Z';
      return 'fuzz';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = plausible(schema.properties?.[key], depth + 1);
      return out;
    }
    default:
      return null;
  }
}

/** JSON text nested `levels` deep, built as text: deeper than JSON.stringify itself can go. */
function deeplyNestedJson(levels: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < levels; i++) {
    open += i % 2 ? '[' : '{"a":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return `${open}"bottom"${close}`;
}

/** Stands for a deeply nested value inside a body; replaced in the JSON text after stringify. */
const DEEP = '__fuzz_deeply_nested__';

const oddStrings = [
  '\u0000',
  `before\u0000after`,
  '\uD800',
  'tail\uDFFF',
  '\u202Eevil\u202C',
  '😀'.repeat(500),
  ' \t\r\n ',
  "'; drop table concerns; --",
  '%00%2e%2e%2f',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '{"$where": "1"}',
  'x'.repeat(70_000),
  'é'.repeat(300_000),
  'y'.repeat(1_200_000),
  '-1',
  '1e309',
  '',
];

const wrongValues = (random: () => number): unknown[] => [
  42,
  -1,
  1e308,
  true,
  null,
  [],
  ['a', 1, null],
  {},
  { nested: { deeper: 'x' } },
  oddStrings[Math.floor(random() * oddStrings.length)],
  DEEP,
];

/** Query values as sent on the wire (already percent-encoded), lone surrogates and bad UTF-8 included. */
const oddQueryValues = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF%FE',
  '%E2%80%AE',
  'x'.repeat(5_000),
  '-5',
  '1e309',
  'NaN',
  'true',
  '%27%3B%20drop%20table%20x%3B--',
  '',
  'a&a=b&a=c',
];

const badIds = [
  'not-a-uuid',
  '-1',
  '0',
  '9'.repeat(200),
  '%00',
  '%ED%A0%80',
  '..%2F..%2Fetc',
  "1'%20or%20'1'='1",
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  NIL_UUID,
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as {
        parameters?: { in: string; name: string; schema: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema: JsonSchema }> };
      };
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        route: path.replace(/\{(\w+)\}/g, ':$1'),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  label: string;
}

/** One malformed request for an operation; `n` walks the kinds so every route gets each kind in turn. */
function malformed(op: Operation, n: number, random: () => number): FuzzRequest {
  const ids: Record<string, string> = Object.fromEntries(op.pathParams.map((p) => [p, NIL_UUID]));
  const query: Record<string, string> = {};
  let body: unknown = plausible(op.body);
  let contentType = 'application/json';
  let raw: string | Buffer | undefined;
  let label: string;
  const sendsBody = op.method !== 'GET' && op.method !== 'DELETE';
  const kind = n % 8;
  if (!sendsBody && kind > 1) {
    // No body to break: break the path and the query instead, known parameters and unknown ones.
    for (const param of op.pathParams) if (random() < 0.5) ids[param] = pick(random, badIds);
    const names = [...Object.keys(op.query), 'unexpected'];
    const name = pick(random, names);
    query[name] = pick(random, oddQueryValues);
    label = `path and query ${name}`;
  } else if (kind === 0 && op.pathParams.length > 0) {
    const param = pick(random, op.pathParams);
    ids[param] = pick(random, badIds);
    label = `bad id ${param}=${ids[param]}`;
  } else if (kind === 1 && Object.keys(op.query).length > 0) {
    const name = pick(random, Object.keys(op.query));
    query[name] = pick(random, oddQueryValues);
    label = `odd query ${name}`;
  } else if (kind === 2) {
    contentType = pick(random, ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']);
    raw = pick(random, ['<a>1</a>', 'a=1&b=2', '\u0000\u0001\u0002']);
    label = `content type ${contentType}`;
  } else if (kind === 3) {
    raw = pick(random, ['{', '{"a":', '[1,2', 'null', '"just a string"', '{"__proto__":{"admin":true}}']);
    label = `broken JSON ${raw}`;
  } else if (kind === 4) {
    raw = deeplyNestedJson(pick(random, [500, 5_000, 50_000]));
    label = 'deeply nested body';
  } else if (kind === 5) {
    contentType = pick(random, ['multipart/form-data; boundary=fuzz', 'multipart/form-data']);
    raw = Buffer.from(
      pick(random, [
        '--fuzz\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.csv"\r\n\r\n\u0000\u0000\r\n--fuzz--\r\n',
        '--fuzz\r\nContent-Disposition: form-data; name="subject"\r\n\r\n{not json\r\n--fuzz--\r\n',
        '--fuzz\r\nbroken',
      ]),
    );
    label = 'bad multipart';
  } else {
    // Break one field of an otherwise plausible body (or send a wrong-typed body when it has none).
    const fields = Object.keys(op.body?.properties ?? {});
    if (fields.length > 0 && body && typeof body === 'object') {
      const field = pick(random, fields);
      const value = pick(random, wrongValues(random));
      (body as Record<string, unknown>)[field] = value;
      label = `field ${field} = ${typeof value === 'string' ? JSON.stringify(value.slice(0, 20)) : typeof value}`;
    } else {
      body = pick(random, wrongValues(random));
      label = 'wrong body';
    }
  }
  let url = op.route.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? NIL_UUID);
  const qs = Object.entries(query).map(([k, v]) => `${k}=${v}`);
  if (qs.length > 0) url += `?${qs.join('&')}`;
  const payload = sendsBody
    ? (raw ?? JSON.stringify(body).replace(JSON.stringify(DEEP), deeplyNestedJson(2_000)))
    : undefined;
  return {
    method: op.method,
    url,
    headers: payload === undefined ? {} : { 'content-type': contentType },
    ...(payload === undefined ? {} : { payload }),
    label,
  };
}

const stackTrace = /\n\s+at [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+:\d+/;
const sqlText =
  /\b(select\s.+\sfrom|insert\s+into|update\s.+\sset|delete\s+from)\b|syntax error at|violates|relation "|column "|invalid input syntax|duplicate key|pglite|postgres/i;

for (const engine of testEngines()) {
  describe(`schema-driven fuzzer on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let everyRole: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Fuzz School', official_email_domains: ['fuzz.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      everyRole = await signInAs(t.testDb.db, { schoolId, roles: [...roles], now: t.clock.now() });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers every malformed request to every route without a 5xx, a stack trace or SQL', async () => {
      const ops = operationsOf(t.app.swagger() as { paths: Record<string, Record<string, unknown>> });
      const documented = new Set(ops.map((o) => `${o.method} ${o.route}`));
      const undocumented = t.app.apiRoutes.filter((r) => !documented.has(`${r.method} ${r.url}`));
      expect(undocumented, 'every /api route must be in the OpenAPI document').toEqual([]);

      const random = randomFrom(SEED);
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      const started = Date.now();
      for (const op of ops) {
        const access = t.app.apiRoutes.find((r) => r.method === op.method && r.url === op.route)?.access;
        // Routes that end or switch the session get a fresh one, so the rest keep theirs.
        const endsSession =
          op.route === '/api/session' || op.route === '/api/sessions' || op.route === '/api/me/school';
        for (let n = 0; n < CASES_PER_ROUTE; n++) {
          const request = malformed(op, n, random);
          // Every third case anonymous (all of them on public routes); the rest with every role.
          const anonymous = access?.kind === 'public' || n % 3 === 2;
          const session = anonymous
            ? undefined
            : endsSession
              ? await signInAs(t.testDb.db, { schoolId, roles: [...roles], now: t.clock.now() })
              : everyRole;
          const response = await t.app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: { ...request.headers, ...(session?.headers ?? {}) },
            ...(request.payload === undefined ? {} : { payload: request.payload }),
          });
          sent++;
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          const where = `${op.method} ${op.route} [${request.label}]${anonymous ? ' anonymous' : ''}`;
          // 429 is the rate limiter doing its job, not a fault.
          if (response.statusCode >= 500)
            failures.push(`${where}: ${response.statusCode} ${response.body.slice(0, 200)}`);
          if (response.headers['cache-control'] !== 'no-store')
            failures.push(`${where}: not Cache-Control: no-store`);
          const contentType = String(response.headers['content-type'] ?? '');
          if (contentType.includes('json') || contentType.startsWith('text/')) {
            if (stackTrace.test(response.body))
              failures.push(`${where}: stack trace in ${response.body.slice(0, 200)}`);
            if (response.statusCode >= 400 && sqlText.test(response.body)) {
              failures.push(`${where}: SQL in ${response.body.slice(0, 200)}`);
            }
          }
        }
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const byStatus = [...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}×${c}`)
        .join(' ');
      // The figures the reliability suite reports: rerun a failure with GUARDPOST_FUZZ_SEED.
      console.info(
        `api fuzz on ${engine}: seed ${SEED}, ${ops.length} routes, ${sent} requests in ${seconds} s; ${byStatus}`,
      );
      expect(failures).toEqual([]);
      expect(sent).toBe(ops.length * CASES_PER_ROUTE);
    });
  });
}
