import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilityTable, renderConnectorsDoc } from './capability-table.js';
import { createDefaultConnectorRegistry } from './default-connectors.js';

describe('the capability table', () => {
  const rows = capabilityTable(createDefaultConnectorRegistry({ env: 'test' }).all());

  it('docs/connectors.md is the table the connectors declare (run `npm run docs:connectors` when this fails)', () => {
    const doc = readFileSync(new URL('../../docs/connectors.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderConnectorsDoc(rows));
  });

  it('says for each platform what it cannot do', () => {
    for (const row of rows) expect(row.capabilities.notes.length, row.name).toBeGreaterThan(0);
    const mastodon = rows.find((r) => r.platform === 'mastodon');
    expect([
      mastodon?.capabilities.hide,
      mastodon?.capabilities.delete,
      mastodon?.capabilities.report,
    ]).toEqual([false, false, true]);
    expect(rows.find((r) => r.platform === 'bluesky')?.capabilities.directMessageSettingReadable).toBe(true);
  });
});
