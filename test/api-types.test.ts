import { describe, expect, it } from 'vitest';
import { apiDocument, apiTypesSource, readCheckedInApiTypes } from '../scripts/api-types.js';

/**
 * The web client's types (web/src/api/schema.gen.ts, checked in) must be what the running server's OpenAPI
 * document generates today: a route schema changed without `npm run api:types` fails here, not in a browser.
 */
describe('generated API client types', () => {
  it('match the OpenAPI document of the running app', async () => {
    const generated = await apiTypesSource(await apiDocument());
    const checkedIn = await readCheckedInApiTypes();
    // One assertion with a short message instead of a 7,000-line diff.
    expect(
      checkedIn === generated,
      'web/src/api/schema.gen.ts is stale: run `npm run api:types` and commit the result',
    ).toBe(true);
  });
});
