import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, textOf, type TestApp, fetchPage } from '../support/web-app.js';

/** A fresh Thorbecke: no strategy applied, no organisations imported. */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(null));
});

afterAll(async () => {
  await t.store.close();
});

const page = (path: string, lang: 'nl' | 'en' = 'nl') => fetchPage(t.app, path, lang);

describe('a fresh Thorbecke', () => {
  it('says on the home page that there is no strategy and how to import organisations', async () => {
    const { res, html, doc } = await page('/');
    expect(res.status).toBe(200);
    const headings = byTag(doc, 'h2').map(textOf);
    expect(headings).toContain('Er is nog geen strategie');
    expect(headings).toContain('Er zijn nog geen organisaties');
    expect(html).toContain('npx thorbecke import organisations --download');
    expect(html).toContain('npx thorbecke import organisations FILE.csv');
    expect(html).toContain('https://organisaties.overheid.nl/archive/exportOO.xml');
    expect(html).toContain('DATABASE_URL');
    expect(html).toContain('npx thorbecke strategy apply');
  });

  it('shows the import notice on /organisations, in English too', async () => {
    const { res, doc } = await page('/organisations', 'en');
    expect(res.status).toBe(200);
    expect(byTag(doc, 'h2').map(textOf)).toEqual(['There are no organisations yet']);
    expect(textOf(doc)).toContain('stop the server first');
    expect(byTag(doc, 'table')).toHaveLength(0);
  });

  it('still validates the search parameters', async () => {
    expect((await page('/organisations?page=-1')).res.status).toBe(400);
  });

  it('answers a target page with 404 that says no strategy has been applied', async () => {
    const { res, doc } = await page('/targets/web-https-hsts');
    expect(res.status).toBe(404);
    expect(textOf(doc)).toContain('Er is nog geen strategie vastgelegd.');
  });
});
