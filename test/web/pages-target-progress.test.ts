import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveMapGeometry } from '../../src/store/map-geometry.js';
import { counts, insertAggregate, insertProgress, type ProgressFixture } from '../support/dashboard-fixtures.js';
import { byTag, createTestApp, fetchPage, findAll, seedFederation, textOf, type HtmlElement, type TestApp } from '../support/web-app.js';

let t: TestApp;
const TARGET = '/targets/web-https-hsts';

const byId = (doc: HtmlElement, id: string): HtmlElement | undefined => findAll(doc, (el) => el.attrs.id === id)[0];
const listRows = (doc: HtmlElement): string[][] =>
  byTag(byId(doc, 'target-organisations') ?? { name: 'none', attrs: {}, children: [] }, 'tr')
    .slice(1)
    .map((tr) => byTag(tr, 'th', 'td').map(textOf));
const names = (doc: HtmlElement): string[] => listRows(doc).map((r) => r[0] ?? '');

beforeAll(async () => {
  t = await createTestApp();
  await seedFederation(t.store, 101); // gm1000 … gm1100 in pv26
  const rows: ProgressFixture[] = [
    { code: 'gm0363', target: 'web-https-hsts', status: 'met', value: 100, domainsTotal: 2, domainsMet: 2 },
    { code: 'pv27', target: 'web-https-hsts', status: 'overdue', value: 0, domainsTotal: 1 },
    { code: 'pv26', target: 'web-https-hsts', status: 'at-risk', value: 50, domainsTotal: 2, domainsMet: 1 },
    { code: 'gm1000', target: 'web-https-hsts', status: 'unknown', value: null },
    { code: 'gm1001', target: 'web-https-hsts', status: 'on-track', value: 40, plannedDate: '2026-06-30', domainsTotal: 5, domainsMet: 2 },
    { code: 'gm1002', target: 'web-https-hsts', status: 'explained', value: 20, plannedDate: '2027-03-01', domainsTotal: 5, domainsMet: 1 },
    ...Array.from({ length: 98 }, (_, i) => ({ code: `gm${1003 + i}`, target: 'web-https-hsts', status: 'at-risk' as const, value: 10, domainsTotal: 10, domainsMet: 1 })),
  ];
  await insertProgress(t.store, rows);
  await insertAggregate(
    t.store,
    { kind: 'nation', id: 'nl', target: 'web-https-hsts' },
    counts({ organisations: 104, met: 1, explained: 1, on_track: 1, at_risk: 99, overdue: 1, unknown: 1, domains_total: 995, domains_met: 104, domains_unknown: 0 }),
  );
});

afterAll(async () => {
  await t.store.close();
});

describe('target page: progress', () => {
  it('shows the distribution of statuses as a chart and a table, in both languages', async () => {
    for (const [lang, met, share] of [['nl', 'Gehaald', 'Gehaald door 1% van de organisaties (1 van 104).'], ['en', 'Met', 'Met by 1% of the organisations (1 of 104).']] as const) {
      const { res, doc } = await fetchPage(t.app, TARGET, lang);
      expect(res.status).toBe(200);
      expect(textOf(doc)).toContain(share);
      const svg = findAll(doc, (el) => el.name === 'svg' && el.attrs['aria-labelledby'] === 'status-distribution-title status-distribution-desc')[0];
      expect(svg?.attrs.role).toBe('img');
      const rows = byTag(byId(doc, 'status-distribution-table') ?? doc, 'tr').map((tr) => byTag(tr, 'th', 'td').map(textOf));
      expect(rows).toContainEqual([met, '1', '1%']);
      // The page keeps its existing sections.
      expect(byId(doc, 'facts-heading')).toBeDefined();
      expect(byId(doc, 'history-heading')).toBeDefined();
    }
  });

  it('lists the organisations, 100 per page, with status words and downloads', async () => {
    const { doc } = await fetchPage(t.app, TARGET, 'nl');
    const rows = listRows(doc);
    expect(rows).toHaveLength(100);
    expect(rows[0]).toEqual(['Gemeente Amsterdam', 'Gemeente', 'Gehaald', '100%', '–', '2 van 2']);
    expect(textOf(doc)).toContain('104 van 104 organisaties.');
    const links = findAll(doc, (el) => el.name === 'a').map((a) => a.attrs.href ?? '');
    expect(links).toContain('/data/targets/web-https-hsts/progress.csv');
    expect(links).toContain('/data/targets/web-https-hsts/progress.json');
    expect(links).toContain('/organisations/gm0363');
    expect(links.some((h) => h.startsWith('/targets/web-https-hsts?page=2'))).toBe(true);
    const second = await fetchPage(t.app, `${TARGET}?page=2`, 'nl');
    expect(listRows(second.doc)).toHaveLength(4);
  });

  it('filters by layer, province and status, on the server', async () => {
    expect(names((await fetchPage(t.app, `${TARGET}?layer=provincie`)).doc)).toEqual(['Provincie Noord-Holland', 'Provincie Utrecht']);
    expect(listRows((await fetchPage(t.app, `${TARGET}?province=PV26`)).doc)).toHaveLength(100);
    expect(names((await fetchPage(t.app, `${TARGET}?status=explained`)).doc)).toEqual(['Gemeente Test 002']);
    const none = await fetchPage(t.app, `${TARGET}?layer=waterschap`, 'en');
    expect(textOf(none.doc)).toContain('No organisations match these choices.');
    // The form keeps the choice.
    const form = await fetchPage(t.app, `${TARGET}?status=met&sort=value&order=desc`);
    const selected = findAll(form.doc, (el) => el.name === 'option' && el.attrs.selected !== undefined).map((o) => o.attrs.value);
    expect(selected).toEqual(['', '', 'met', 'value', 'desc']);
  });

  it('sorts by value, status and own date, missing values last', async () => {
    const byValue = listRows((await fetchPage(t.app, `${TARGET}?sort=value&order=desc&layer=gemeente&page=2`)).doc);
    expect(byValue.at(-1)?.[0]).toBe('Gemeente Test 000'); // no value: last also in descending order
    expect(names((await fetchPage(t.app, `${TARGET}?sort=value&order=asc&layer=provincie`)).doc)).toEqual(['Provincie Noord-Holland', 'Provincie Utrecht']);
    expect(names((await fetchPage(t.app, `${TARGET}?sort=value&order=desc&layer=provincie`)).doc)).toEqual(['Provincie Utrecht', 'Provincie Noord-Holland']);
    const byStatus = names((await fetchPage(t.app, `${TARGET}?sort=status`)).doc);
    expect(byStatus.slice(0, 3)).toEqual(['Gemeente Amsterdam', 'Gemeente Test 002', 'Gemeente Test 001']);
    const planned = listRows((await fetchPage(t.app, `${TARGET}?sort=planned`)).doc);
    expect(planned.slice(0, 2).map((r) => [r[0], r[4]])).toEqual([
      ['Gemeente Test 001', '30 juni 2026'],
      ['Gemeente Test 002', '1 maart 2027'],
    ]);
  });

  it('refuses a bad query with a 400 page listing each problem', async () => {
    const { res, doc } = await fetchPage(t.app, `${TARGET}?status=good&sort=colour&page=0`, 'en');
    expect(res.status).toBe(400);
    const items = byTag(doc, 'li').map(textOf);
    expect(items).toContain('Unknown status: good');
    expect(items).toContain('Unknown sort: colour');
    expect(items).toContain('Not a valid page number: 0');
  });

  it('says how to import the map when there is none, and draws both maps once there is', async () => {
    const before = await fetchPage(t.app, TARGET, 'nl');
    expect(textOf(before.doc)).toContain('thorbecke import map FILE');
    expect(findAll(before.doc, (el) => el.attrs.id === 'map-municipalities-title')).toHaveLength(0);

    const topology: unknown = JSON.parse(readFileSync(new URL('../fixtures/map/tiny.topojson', import.meta.url), 'utf8'));
    await saveMapGeometry(t.store.db, { name: 'nl', topology, source: 'tiny.topojson', importedBy: 'test' });
    for (const lang of ['nl', 'en'] as const) {
      const { doc } = await fetchPage(t.app, TARGET, lang);
      for (const id of ['map-municipalities', 'map-provinces']) {
        const svg = findAll(doc, (el) => el.name === 'svg' && el.attrs['aria-labelledby'] === `${id}-title ${id}-desc`)[0];
        expect(svg?.attrs.role, id).toBe('img');
      }
      const titles = findAll(doc, (el) => el.name === 'path')
        .flatMap((p) => byTag(p, 'title'))
        .map(textOf);
      expect(titles).toEqual(
        lang === 'nl'
          ? ['Amsterdam: Gehaald', 'Testdorp: Niet meetbaar', 'Utrecht: In gevaar', 'Noord-Holland: Te laat']
          : ['Amsterdam: Met', 'Testdorp: Not measurable', 'Utrecht: At risk', 'Noord-Holland: Overdue'],
      );
      const desc = textOf(byId(doc, 'map-municipalities-desc') ?? doc);
      expect(desc).toBe(lang === 'nl' ? '2 gebieden: Gehaald 1 en Niet meetbaar 1.' : '2 areas: Met 1 and Not measurable 1.');
      expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '#list-heading')).toHaveLength(2);
      // Ids (patterns, titles) stay unique with two maps, a status bar and legends on one page.
      const ids = findAll(doc, (el) => el.attrs.id !== undefined).map((el) => el.attrs.id ?? '');
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      const refs = findAll(doc, (el) => el.attrs['aria-labelledby'] !== undefined).flatMap((el) => (el.attrs['aria-labelledby'] ?? '').split(' '));
      expect(refs.filter((r) => !ids.includes(r))).toEqual([]);
      expect(findAll(doc, (el) => el.attrs.fill?.startsWith('url(#') === true).map((el) => el.attrs.fill?.slice(5, -1) ?? '').filter((r) => !ids.includes(r))).toEqual([]);
    }
  });

  it('says that a national target is not measured per organisation', async () => {
    const { res, html, doc } = await fetchPage(t.app, '/targets/cloud-eu-30', 'en');
    expect(res.status).toBe(200);
    expect(html).toContain('This target is measured for the Netherlands as a whole, not per organisation.');
    expect(byId(doc, 'target-organisations')).toBeUndefined();
  });
});
