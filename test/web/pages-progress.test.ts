import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStrategyFile } from '../../src/config/paths.js';
import { loadStrategyFile } from '../../src/strategy/load.js';
import type { Strategy } from '../../src/strategy/schema.js';
import { counts, insertAggregate, insertAggregateHistory, weeksAgo } from '../support/dashboard-fixtures.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, fetchPage, findAll, seedFederation, textOf, type HtmlElement, type TestApp } from '../support/web-app.js';

let nds: Strategy;
let full: TestApp;
let empty: TestApp;

const byId = (doc: HtmlElement, id: string): HtmlElement | undefined => findAll(doc, (el) => el.attrs.id === id)[0];
const rowsOf = (table: HtmlElement | undefined): string[][] =>
  byTag(table ?? { name: 'none', attrs: {}, children: [] }, 'tr').map((tr) => byTag(tr, 'th', 'td').map(textOf));

beforeAll(async () => {
  nds = await loadStrategyFile(defaultStrategyFile);
  full = await createTestApp(fixedStrategyReader(nds));
  empty = await createTestApp(fixedStrategyReader(nds));
  await seedFederation(full.store);
  const web = { kind: 'nation' as const, id: 'nl', target: 'forum-web-all' };
  await insertAggregate(full.store, web, counts({ organisations: 4, met: 1, explained: 1, at_risk: 1, unknown: 1, domains_total: 10, domains_met: 6 }));
  await insertAggregate(
    full.store,
    { kind: 'layer', id: 'gemeente', target: 'forum-web-all' },
    counts({ organisations: 2, met: 1, unknown: 1, domains_total: 5, domains_met: 3 }),
  );
  await insertAggregate(full.store, { kind: 'nation', id: 'nl', target: 'forum-mail-all' }, counts({ organisations: 4, overdue: 4, domains_total: 8, domains_met: 2 }));
  // 30 weeks of rising web history: domain share 30% → 59%; 4 weeks ago 1 of 5 organisations met (20%).
  await insertAggregateHistory(
    full.store,
    web,
    Array.from({ length: 30 }, (_, i) => {
      const weeks = 30 - i;
      return { period: weeksAgo(weeks), counts: counts({ organisations: 5, met: weeks === 4 ? 1 : 0, domains_total: 100, domains_met: 30 + i }) };
    }),
  );
});

afterAll(async () => {
  await full.store.close();
  await empty.store.close();
});

describe('/progress', () => {
  it('is served in both languages, marked in the primary navigation, and linked from home', async () => {
    for (const [lang, heading] of [['nl', 'Voortgang'], ['en', 'Progress']] as const) {
      const { res, doc } = await fetchPage(full.app, '/progress', lang);
      expect(res.status).toBe(200);
      expect(byTag(doc, 'h1').map(textOf)).toEqual([heading]);
      const current = findAll(doc, (el) => el.name === 'a' && el.attrs['aria-current'] === 'page');
      expect(current.map((a) => a.attrs.href)).toEqual(['/progress']);
      const home = await fetchPage(full.app, '/', lang);
      expect(findAll(home.doc, (el) => el.name === 'a' && el.attrs.href === '/progress').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('shows per priority the share that met each target, explained and unknown apart, and the change', async () => {
    const { doc, html } = await fetchPage(full.app, '/progress', 'nl');
    expect(html).toContain('Stand van');
    const rows = rowsOf(byId(doc, 'progress-resilience-table'));
    expect(rows[0]).toEqual(['Doel', 'Gehaald', 'Uitgelegd', 'Niet meetbaar', 'Uiterlijk', 'Verschil met 4 weken geleden', 'Verschil met 26 weken geleden']);
    const web = rows.find((r) => r[0] === 'Alle webafspraken');
    expect(web).toEqual(['Alle webafspraken', '25% (1 van 4)', '1', '1', '31 december 2024', '+5 procentpunt', '+25 procentpunt']);
    const mail = rows.find((r) => r[0] === 'Alle mailafspraken');
    expect(mail?.slice(1, 4)).toEqual(['0% (0 van 4)', '0', '0']);
    expect(mail?.[5]).toBe('nog geen geschiedenis');
    const unmeasured = rows.find((r) => r[0] === 'HTTPS met HSTS op alle websites');
    expect(unmeasured?.[1]).toBe('Nog niet gemeten');
    // National-only targets are context, not rows.
    expect(rows.flat().join(' ')).not.toContain('30%-norm');
    const layers = rowsOf(byId(doc, 'progress-resilience-forum-web-all-layers'));
    expect(layers).toContainEqual(['Gemeente', '2', '50% (1 van 2)', '0', '1', '3 van 5']);
    const links = findAll(doc, (el) => el.name === 'a').map((a) => a.attrs.href);
    expect(links).toContain('/targets/forum-web-all');
    expect(links).toContain('/data/aggregates.csv');
    expect(links).toContain('/data/aggregates.json');
  });

  it('draws the national trend with the published Forum figures, a table, and a forecast', async () => {
    for (const lang of ['nl', 'en'] as const) {
      const { doc } = await fetchPage(full.app, '/progress', lang);
      const trend = byId(doc, 'trend-heading');
      expect(textOf(trend ?? doc)).toBe(lang === 'nl' ? 'Landelijke trend' : 'National trend');
      const svg = findAll(doc, (el) => el.name === 'svg' && el.attrs['aria-labelledby'] === 'national-trend-title national-trend-desc')[0];
      expect(svg?.attrs.role).toBe('img');
      const table = rowsOf(byId(doc, 'national-trend-table'));
      expect(table[0]?.length).toBe(5); // date + measured and published for web and mail
      expect(table.flat()).toContain('53%');
      expect(table.flat()).toContain('44%');
      const text = textOf(doc);
      expect(text).toContain(lang === 'nl' ? 'wordt 100% bereikt rond' : '100% is reached around');
      expect(text).toContain(lang === 'nl' ? 'Alle mailafspraken: nog te weinig geschiedenis' : 'All mail agreements: too little history');
      expect(findAll(doc, (el) => el.attrs.href === '/data/history.csv')).toHaveLength(1);
    }
  });

  it('shows the EU Digital Decade context and the national targets as context', async () => {
    const { doc } = await fetchPage(full.app, '/progress', 'en');
    expect(textOf(byId(doc, 'context-heading') ?? doc)).toBe('European context: Digital Decade 2030');
    const section = findAll(doc, (el) => el.name === 'section' && el.attrs['aria-labelledby'] === 'context-heading')[0];
    const titles = byTag(section ?? doc, 'h3', 'h4').map(textOf).filter((h) => h !== 'National targets');
    expect(titles.length).toBe(nds.context.length + nds.targets.filter((t) => t.indicator.kind === 'national').length);
  });

  it('says that nothing is measured yet when there are no figures', async () => {
    for (const [lang, words] of [['nl', 'Er is nog niets gemeten'], ['en', 'Nothing has been measured yet']] as const) {
      const { res, doc, html } = await fetchPage(empty.app, '/progress', lang);
      expect(res.status).toBe(200);
      expect(html).toContain(words);
      expect(html).toContain(lang === 'nl' ? 'De voortgang is nog niet berekend.' : 'Progress has not been computed yet.');
      // The published figures still show, as markers.
      expect(rowsOf(byId(doc, 'national-trend-table')).flat()).toContain('56%');
      expect(textOf(doc)).toContain(lang === 'nl' ? 'Nog niet gemeten' : 'Not measured yet');
    }
  });
});
