import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { insertProgress, scorecardStrategy } from '../support/scorecard-fixtures.js';
import { byTag, createTestApp, fetchPage, findAll, seedFederation, textOf, type HtmlElement, type TestApp } from '../support/web-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(scorecardStrategy()));
  await seedFederation(t.store);
  const db = t.store.db;
  await insertProgress(db, { code: 'gm0363', target: 'web-https-hsts', status: 'overdue', value: 50, total: 2, met: 1, failing: 1, deadline: '2018-12-31' });
  await insertProgress(db, { code: 'pv27', target: 'web-https-hsts', status: 'met', value: 100, total: 3, met: 3, deadline: '2018-12-31' });
  await insertProgress(db, { code: 'gm0363', target: 'mail-dmarc-test', status: 'on-track', value: 25, total: 4, met: 1, failing: 2, unknown: 1, deadline: '2030-12-31' });
});

afterAll(async () => {
  await t.store.close();
});

const page = (path: string, lang: 'nl' | 'en' = 'nl') => fetchPage(t.app, path, lang);

/** The rows of a table as [row header, ...cells] texts. */
const rowsOf = (table: HtmlElement): string[][] =>
  byTag(byTag(table, 'tbody')[0] ?? table, 'tr').map((tr) => tr.children.filter((c): c is HtmlElement => typeof c !== 'string').map(textOf));

const tableById = (doc: HtmlElement, id: string): HtmlElement => {
  const found = findAll(doc, (el) => el.name === 'table' && el.attrs.id === id)[0];
  if (!found) throw new Error(`no table #${id}`);
  return found;
};

describe('comparison page', () => {
  it('shows the form with labelled fields and a list of current organisations', async () => {
    const { res, doc } = await page('/compare');
    expect(res.status).toBe(200);
    const inputs = byTag(doc, 'input').filter((i) => i.attrs.name === 'org');
    expect(inputs).toHaveLength(6);
    const labels = new Set(byTag(doc, 'label').map((l) => l.attrs.for));
    for (const input of inputs) {
      expect(labels.has(input.attrs.id)).toBe(true);
      expect(input.attrs.list).toBe('compare-organisations');
    }
    const options = byTag(doc, 'option').map((o) => o.attrs.value);
    expect(options).toContain('gm0363');
    // An ended organisation is not suggested.
    expect(options).not.toContain('gm0999');
    expect(byTag(doc, 'table')).toHaveLength(0);
  });

  it('puts organisations side by side per target, grouped by priority, by code or by exact name', async () => {
    const { res, doc } = await page('/compare?org=gm0363&org=Provincie%20Noord-Holland');
    expect(res.status).toBe(200);
    // The form keeps the choice, as codes.
    expect(byTag(doc, 'input').filter((i) => i.attrs.name === 'org').map((i) => i.attrs.value)).toEqual(['gm0363', 'pv27', '', '', '', '']);
    const resilience = tableById(doc, 'compare-resilience');
    expect(byTag(resilience, 'th').filter((th) => th.attrs.scope === 'col').map(textOf)).toEqual([
      'Afspraak',
      'Gemeente Amsterdam (gm0363)',
      'Provincie Noord-Holland (pv27)',
    ]);
    const rows = rowsOf(resilience);
    expect(rows.find((r) => r[0] === 'HTTPS en HSTS')).toEqual([
      'HTTPS en HSTS',
      'Te laat 50% van de domeinen voldoet (1 van 2)',
      'Gehaald 100% van de domeinen voldoet (3 van 3)',
    ]);
    expect(rows.find((r) => r[0] === 'DMARC en DKIM')).toEqual([
      'DMARC en DKIM',
      'Op schema 25% van de domeinen voldoet (1 van 4); 1 niet te meten; telt niet als voldaan',
      'Geldt niet',
    ]);
    // pqc-plan serves two priorities: it is listed once, under the lowest-numbered (cloud, 1).
    expect(rowsOf(tableById(doc, 'compare-cloud')).map((r) => r[0])).toEqual(['Migratieplan post-quantum']);
    expect(rows.map((r) => r[0])).not.toContain('Migratieplan post-quantum');
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/organisations/pv27')).toHaveLength(1);
  });

  it('answers 400 with a readable message for an unknown code, a duplicate, or too many', async () => {
    const unknown = await page('/compare?org=gm0363&org=gm9998', 'en');
    expect(unknown.res.status).toBe(400);
    expect(textOf(unknown.doc)).toContain('There is no organisation with code or name "gm9998".');
    expect(byTag(unknown.doc, 'input').filter((i) => i.attrs.name === 'org').map((i) => i.attrs.value).slice(0, 2)).toEqual(['gm0363', 'gm9998']);
    expect(byTag(unknown.doc, 'table')).toHaveLength(0);

    const twice = await page('/compare?org=gm0363&org=GM0363');
    expect(twice.res.status).toBe(400);
    expect(textOf(twice.doc)).toContain('gm0363 staat er meer dan eens in.');

    const many = await page(`/compare?${['gm0363', 'pv27', 'pv26', 'mnre1034', 'ws0155', 'gm0999', 'gm0363'].map((c) => `org=${c}`).join('&')}`);
    expect(many.res.status).toBe(400);
    expect(textOf(many.doc)).toContain('Kies hoogstens 6 organisaties.');
  });

  it('asks for a second organisation when one is given (the scorecard links here with its own code)', async () => {
    const { res, doc } = await page('/compare?org=gm0363');
    expect(res.status).toBe(200);
    expect(textOf(doc)).toContain('Kies minstens twee organisaties.');
    expect(byTag(doc, 'input').filter((i) => i.attrs.name === 'org')[0]?.attrs.value).toBe('gm0363');
  });

  it('escapes what was typed', async () => {
    const { res, html } = await page('/compare?org=%3Cscript%3Ealert(1)%3C/script%3E&org=gm0363');
    expect(res.status).toBe(400);
    expect(html).not.toContain('<script');
  });
});
