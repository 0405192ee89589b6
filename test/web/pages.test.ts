import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStrategyFile } from '../../src/config/paths.js';
import type { TargetChange } from '../../src/services/strategy-types.js';
import { loadStrategyFile } from '../../src/strategy/load.js';
import type { Strategy } from '../../src/strategy/schema.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, findAll, parseHtml, seedFederation, textOf, type TestApp, fetchPage } from '../support/web-app.js';

let nds: Strategy;
let t: TestApp;

function historyOf(strategy: Strategy, id: string): TargetChange[] {
  const target = strategy.targets.find((x) => x.id === id) ?? null;
  const version = {
    id: 2,
    strategyId: strategy.id,
    version: '2026-02',
    contentHash: 'x',
    sourcePath: null,
    appliedBy: 'test',
    appliedAt: new Date('2026-02-01T09:00:00Z'),
    note: null,
  };
  return [{ version, kind: 'changed', fields: ['deadline', 'scope'], before: target, after: target }];
}

beforeAll(async () => {
  nds = await loadStrategyFile(defaultStrategyFile);
  t = await createTestApp(fixedStrategyReader(nds, historyOf(nds, 'forum-web-2018-https-hsts')));
  await seedFederation(t.store);
});

afterAll(async () => {
  await t.store.close();
});

const page = (path: string, lang: 'nl' | 'en' = 'nl') => fetchPage(t.app, path, lang);

const h1Of = (doc: ReturnType<typeof parseHtml>): string => byTag(doc, 'h1').map(textOf).join(' | ');

describe('pages in both languages', () => {
  const cases: [string, string, string][] = [
    ['/', 'Thorbecke: de digitaliseringsmonitor van de overheid', 'Thorbecke: the digitalisation monitor of government'],
    ['/organisations', 'Organisaties', 'Organisations'],
    ['/organisations/gm0363', 'Gemeente Amsterdam', 'Gemeente Amsterdam'],
    ['/targets/forum-web-2018-https-hsts', 'HTTPS met HSTS op alle websites', 'HTTPS with HSTS on all websites'],
    ['/about', 'Over Thorbecke', 'About Thorbecke'],
  ];
  for (const [path, nl, en] of cases) {
    it(`GET ${path} is 200 in Dutch and in English`, async () => {
      for (const [lang, heading] of [['nl', nl], ['en', en]] as const) {
        const { res, doc } = await page(path, lang);
        expect(res.status, `${path} ${lang}`).toBe(200);
        expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
        expect(res.headers.get('Content-Language')).toBe(lang);
        expect(byTag(doc, 'html')[0]?.attrs.lang).toBe(lang);
        expect(h1Of(doc)).toBe(heading);
      }
    });
  }
});

describe('home', () => {
  it('shows the strategy, its six priorities in order with their targets, and the national context', async () => {
    const { html, doc } = await page('/');
    expect(html).toContain('Nederlandse Digitaliseringsstrategie');
    expect(html).toContain('2025-07-04');
    const priorities = byTag(doc, 'h3').map(textOf).filter((h) => h.startsWith('Prioriteit'));
    expect(priorities).toEqual([
      'Prioriteit 1: Cloud',
      'Prioriteit 2: Data',
      'Prioriteit 3: Artificiële intelligentie',
      'Prioriteit 4: Burgers en ondernemers centraal in dienstverlening',
      'Prioriteit 5: Digitale weerbaarheid en autonomie',
      'Prioriteit 6: Digitaal vakmanschap en moderne werkplek',
    ]);
    const links = findAll(doc, (el) => el.name === 'a' && (el.attrs.href ?? '').startsWith('/targets/')).map((a) => a.attrs.href);
    for (const target of nds.targets) expect(links).toContain(`/targets/${target.id}`);
    expect(findAll(doc, (el) => el.attrs.id === 'priority-resilience')).toHaveLength(1);
    // Deadline, scope in words, source kind, unverified marker, explain allowed.
    expect(html).toContain('31 december 2018');
    expect(html).toContain('het Rijk, provincies, gemeenten, waterschappen, publieke dienstverleners en Caribische openbare lichamen');
    expect(html).toContain('Bestuurlijke afspraak: ');
    expect(html).toContain('Niet geverifieerd');
    expect(html).toContain('Nee: afwijken is niet toegestaan');
    expect(html).toContain('Landelijke context');
    expect(html).toContain('Digitale basisvaardigheden');
    expect(html).toContain('82,7% (2024)');
    expect(html).not.toContain('Er zijn nog geen organisaties');
  });

  it('formats in English for English readers', async () => {
    const { html } = await page('/', 'en');
    expect(html).toContain('31 December 2018');
    expect(html).toContain('Priority 5: Digital resilience and autonomy');
    expect(html).toContain('Administrative agreement: ');
    expect(html).toContain('82.7% (2024)');
  });
});

describe('target page', () => {
  it('explains the target, its priorities, how it is measured and its history', async () => {
    const { html, doc } = await page('/targets/forum-web-2018-https-hsts');
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/#priority-resilience')).toHaveLength(1);
    expect(html).toContain('Automatische toetsen');
    expect(html).toContain('<code class="utrecht-code">web.https.hsts</code>');
    const table = byTag(doc, 'table').find((el) => el.attrs.id === 'history-table');
    expect(table && textOf(table)).toContain('2026-02');
    expect(table && textOf(table)).toContain('uiterste datum en voor wie');
  });

  it('counts the organisations in scope that exist today, per layer, with links to them', async () => {
    const { html, doc } = await page('/targets/forum-web-2018-https-hsts');
    // Two provinces, one current municipality (the ended one does not count), one ministry, one water board.
    expect(html).toContain('Deze afspraak geldt voor 5 organisaties die nu bestaan:');
    const scope = byTag(doc, 'table').find((el) => el.attrs.id === 'scope-table');
    expect(scope && textOf(scope)).toContain('Bekijk de gemeenten');
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/organisations?layer=gemeente')).toHaveLength(1);
    const english = await page('/targets/forum-web-2018-https-hsts', 'en');
    expect(english.html).toContain('This target applies to 5 organisations that exist today:');
  });

  it('words each kind of indicator', async () => {
    expect((await page('/targets/forum-web-all')).html).toContain('Toetsset Forum Standaardisatie, websites');
    expect((await page('/targets/pqc-migration-plan')).html).toContain('Heeft uw organisatie een inventarisatie');
    expect((await page('/targets/accessibility-statement', 'en')).html).toContain('Measured from the register of accessibility statements.');
    const national = await page('/targets/cloud-eu-30', 'en');
    expect(national.html).toContain('A national figure');
    expect(national.html).toContain('30%');
    expect(national.html).toContain('Unverified');
  });

  it('is 404 for an unknown target, in the reader\'s language', async () => {
    const { res, doc } = await page('/targets/no-such-target', 'en');
    expect(res.status).toBe(404);
    expect(h1Of(doc)).toBe('Not found');
    expect(textOf(doc)).toContain('There is no target with id "no-such-target".');
  });
});

describe('organisation page', () => {
  it('shows identity, domains, targets (not yet measured) and import history', async () => {
    const { html, doc } = await page('/organisations/gm0363');
    const facts = textOf(byTag(doc, 'dl')[0] ?? doc);
    expect(facts).toContain('https://identifier.overheid.nl/tooi/id/gemeente/gm0363');
    expect(facts).toContain('00000001002564440000');
    expect(facts).toContain('Provincie Noord-Holland');
    expect(facts).toContain('Actueel');
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/organisations/pv27').length).toBeGreaterThan(0);
    expect(html).toContain('amsterdam.nl');
    expect(html).toContain('Nog niet gemeten');
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/targets/forum-web-2018-https-hsts')).toHaveLength(1);
    expect(html).not.toContain('/targets/cloud-eu-30');
    // Predecessors and the import history with the changed field in words.
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/organisations/gm0999')).toHaveLength(1);
    const history = byTag(doc, 'table').find((table) => textOf(table).includes('exportOO.xml'));
    expect(history && textOf(history)).toContain('Gewijzigd');
    expect(history && textOf(history)).toContain('website');
  });

  it('announces an ended organisation and links its successor', async () => {
    const { doc } = await page('/organisations/gm0999', 'en');
    const alert = findAll(doc, (el) => (el.attrs.class ?? '').includes('utrecht-alert--warning'))[0];
    expect(alert && textOf(alert)).toContain('This organisation ended on 1 January 2020.');
    expect(alert && textOf(alert)).toContain('Continued as Gemeente Amsterdam');
    expect(alert && findAll(alert, (el) => el.name === 'a' && el.attrs.href === '/organisations/gm0363')).toHaveLength(1);
  });

  it('is 404 for an unknown or malformed code', async () => {
    for (const code of ['gm9999', 'nonsense', '%3Cscript%3E']) {
      const { res, html } = await page(`/organisations/${code}`);
      expect(res.status, code).toBe(404);
      expect(html).toContain('Niet gevonden');
      expect(html).not.toContain('<script');
    }
  });

  it('is 404 for an unknown path, as an HTML page', async () => {
    const { res, doc } = await page('/nothing-here', 'en');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(h1Of(doc)).toBe('Not found');
  });
});

describe('assets', () => {
  it('serves the linked stylesheets as CSS with long caching and an ETag', async () => {
    const { doc } = await page('/about');
    const hrefs = byTag(doc, 'link').filter((l) => l.attrs.rel === 'stylesheet').map((l) => l.attrs.href ?? '');
    expect(hrefs).toHaveLength(3);
    for (const href of hrefs) {
      expect(href).toMatch(/^\/assets\/(theme|utrecht|thorbecke)\.[0-9a-f]{12}\.css$/);
      const res = await t.app.request(href);
      expect(res.status, href).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
      expect(res.headers.get('Cache-Control')).toContain('immutable');
      const etag = res.headers.get('ETag') ?? '';
      expect((await res.text()).length).toBeGreaterThan(100);
      expect((await t.app.request(href, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    }
    expect((await t.app.request(hrefs[0] ?? '')).headers.get('Content-Language')).toBeNull();
    expect((await t.app.request('/assets/unknown.css')).status).toBe(404);
  });

  it('uses the theme class of the design tokens', async () => {
    const css = await (await t.app.request(byTag((await page('/')).doc, 'link')[0]?.attrs.href ?? '')).text();
    expect(css).toContain('.voorbeeld-theme');
    expect(byTag((await page('/')).doc, 'html')[0]?.attrs.class).toContain('voorbeeld-theme');
  });
});
