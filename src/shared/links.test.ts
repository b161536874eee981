import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoutes, linkTo, matchRoute, notificationRoutes } from './links.js';

const id = '3f1c9a52-8d44-4c8e-9a43-0d6f2b7e1a10';

describe('the shared table of app links', () => {
  it('opens the page each kind of notification declares, and the concern page is under /safeguarding', () => {
    for (const [kind, route] of Object.entries(notificationRoutes)) {
      const pattern = appRoutes[route];
      const link = pattern.replace(':id', id);
      expect(matchRoute(link), kind).toEqual({ route, params: pattern.includes(':id') ? { id } : {} });
    }
    expect(linkTo('concern', { id })).toBe(`/safeguarding/concerns/${id}`);
    expect(matchRoute(`/concerns/${id}`)).toBeUndefined();
  });

  it('prefers a page of its own to a pattern, encodes parameters and refuses a missing one', () => {
    expect(matchRoute('/posts/new')?.route).toBe('newPost');
    expect(matchRoute('/accounts/register')?.route).toBe('accountsRegister');
    expect(matchRoute(`/accounts/${id}`)).toEqual({ route: 'account', params: { id } });
    expect(linkTo('post', { id: 'a/b c' })).toBe('/posts/a%2Fb%20c');
    expect(matchRoute('/posts/a%2Fb%20c')?.params).toEqual({ id: 'a/b c' });
    expect(() => linkTo('post', { id: '' })).toThrow(/needs id/);
    expect(matchRoute(`${linkTo('concernTransfers')}?x=1`)?.route).toBe('concernTransfers');
  });

  it('is the only way server code writes an app link (no hand-written paths in notifications)', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const offenders: string[] = [];
    const handWrittenPages = Object.values(appRoutes).filter((p) => p !== '/' && !p.includes(':'));
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          const text = await readFile(full, 'utf8');
          if (/\blink:\s*['`]\//.test(text)) offenders.push(path.relative(root, full));
          // Emails glue a page onto the base address (`${base}/reset-password#token=…`): a page of the
          // table written out by hand there is the same mistake.
          else if (handWrittenPages.some((page) => text.includes(`}${page}`)))
            offenders.push(path.relative(root, full));
        }
      }
    };
    await walk(root);
    expect(offenders).toEqual([]);
  });
});
