import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilityColumns, capabilityTable, renderConnectorsDoc } from './capability-table.js';
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

  it('says Instagram publishes posts with photos only, where the others publish text too', () => {
    const publishCell = capabilityColumns.find((c) => c.title === 'Publish');
    const cells = Object.fromEntries(rows.map((r) => [r.platform, publishCell?.cell(r)]));
    expect(cells).toEqual({
      mastodon: 'yes, with photos',
      bluesky: 'yes, with photos',
      facebook: 'yes, with photos',
      instagram: 'photos only',
      youtube: 'no',
    });
    const instagram = rows.find((r) => r.platform === 'instagram')?.capabilities;
    expect([instagram?.publish, instagram?.publishPhotos, instagram?.publishTextOnly]).toEqual([
      true,
      true,
      false,
    ]);
    expect(instagram?.notes.join('\n')).toContain(
      'GUARDPOST_PUBLIC_URL must be an address the internet reaches',
    );
  });
});
