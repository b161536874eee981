import { describe, expect, it } from 'vitest';
import type { HashMatch } from './follower-keys.js';
import { SelfAuditMatchers } from './self-audit-matchers.js';

const inAnHour = () => new Date(Date.now() + 3_600_000);
const map = () =>
  new Map<string, HashMatch[]>([['h', [{ kind: 'carer', detail: 'carer of a pupil in Year 7' }]]]);

describe('self-audit matchers', () => {
  it('serves the first question from the map the start began building, built once', async () => {
    const matchers = new SelfAuditMatchers();
    let builds = 0;
    let finish: (m: Map<string, HashMatch[]>) => void = () => {};
    matchers.prepare('k1', inAnHour(), () => {
      builds++;
      return new Promise((resolve) => {
        finish = resolve;
      });
    });
    const asked = matchers.get('k1', inAnHour(), async () => {
      builds++;
      return map();
    });
    finish(map());
    expect((await asked).get('h')).toEqual([{ kind: 'carer', detail: 'carer of a pupil in Year 7' }]);
    await matchers.get('k1', inAnHour(), async () => {
      builds++;
      return map();
    });
    expect(builds).toBe(1);
  });

  it('builds again when the warm-up failed, and reports a failing build to the question', async () => {
    const matchers = new SelfAuditMatchers();
    matchers.prepare('k1', inAnHour(), () => Promise.reject(new Error('database gone')));
    expect((await matchers.get('k1', inAnHour(), async () => map())).size).toBe(1);
    await expect(
      matchers.get('k2', inAnHour(), () => Promise.reject(new Error('still gone'))),
    ).rejects.toThrow('still gone');
    expect((await matchers.get('k2', inAnHour(), async () => map())).size).toBe(1);
  });
});
