import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot } from '../../src/store/snapshots.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { addDomain, insertExplanation, observe, scorecardStrategy } from '../support/scorecard-fixtures.js';
import { byTag, createTestApp, fetchPage, findAll, insertOrganisations, textOf, type HtmlElement, type TestApp } from '../support/web-app.js';

let t: TestApp;
let approved: number;
const SNAPSHOT = '2026-H2-test';

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(scorecardStrategy()));
  const db = t.store.db;
  await insertOrganisations(t.store, [
    { code: 'gm0363', name: 'Gemeente Amsterdam', layer: 'gemeente', province_code: 'pv27' },
    { code: 'gm0599', name: 'Gemeente Rotterdam', layer: 'gemeente', province_code: 'pv28' },
    { code: 'pv27', name: 'Provincie Noord-Holland', layer: 'provincie' },
    // Ended before the snapshot: not in the report.
    { code: 'gm0999', name: 'Gemeente Opgeheven', layer: 'gemeente', valid_to: '2020-01-01' },
  ]);
  for (const [code, kind, name] of [
    ['gm0363', 'web', 'a.example.nl'],
    ['gm0363', 'mail', 'a.example.nl'],
    ['gm0599', 'web', 'b.example.nl'],
    ['gm0599', 'mail', 'b.example.nl'],
    ['pv27', 'web', 'p.example.nl'],
    ['gm0999', 'web', 'old.example.nl'],
  ] as const) {
    await addDomain(db, code, kind, name, new Date('2026-01-01T00:00:00Z'));
  }
  const since = new Date('2026-02-01T00:00:00Z');
  await observe(db, 'a.example.nl', since, [
    ['web.https.available', 'pass', 'ok'],
    ['web.https.hsts', 'pass', 'ok'],
    ['mail.dmarc', 'fail', 'no DMARC record'],
    ['mail.dkim', 'pass', 'ok'],
  ]);
  await observe(db, 'b.example.nl', since, [
    ['web.https.available', 'pass', 'ok'],
    ['web.https.hsts', 'fail', 'no HSTS'],
    ['mail.dmarc', 'pass', 'ok'],
    ['mail.dkim', 'pass', 'ok'],
  ]);
  await observe(db, 'p.example.nl', since, [
    ['web.https.available', 'pass', 'ok'],
    ['web.https.hsts', 'error', 'timed out'],
  ]);
  await observe(db, 'old.example.nl', since, [
    ['web.https.available', 'fail', 'no HTTPS'],
    ['web.https.hsts', 'fail', 'no HSTS'],
  ]);
  approved = await insertExplanation(db, {
    scope: 'domain',
    target_id: 'mail-dmarc-test',
    organisation_code: 'gm0363',
    domain: 'a.example.nl',
    reason: 'Het mailplatform wordt in 2027 vervangen.',
    state: 'approved',
    decided_by: 'coordinator',
    decided_at: new Date('2026-03-01T00:00:00Z'),
    expires_on: '2099-01-01',
  });
  // Neither counts: one only proposed, one that lapsed before the snapshot.
  await insertExplanation(db, { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm0599', reason: 'Voorgesteld maar niet besloten.', state: 'proposed' });
  await insertExplanation(db, {
    scope: 'target',
    target_id: 'web-https-hsts',
    organisation_code: 'gm0599',
    reason: 'Vervallen toen de meting veranderde.',
    state: 'lapsed',
    decided_by: 'coordinator',
    decided_at: new Date('2026-03-01T00:00:00Z'),
    ended_at: new Date('2026-04-01T00:00:00Z'),
  });
  await createSnapshot(db, { name: SNAPSHOT, createdBy: 'test', note: 'tweede helft' });
});

afterAll(async () => {
  await t.store.close();
});

const page = (path: string, lang: 'nl' | 'en' = 'nl') => fetchPage(t.app, path, lang);

const tableById = (doc: HtmlElement, id: string): HtmlElement => {
  const found = findAll(doc, (el) => el.name === 'table' && el.attrs.id === id)[0];
  if (!found) throw new Error(`no table #${id}`);
  return found;
};

/** The rows of a table as [row header, ...cells] texts. */
const rowsOf = (table: HtmlElement): string[][] =>
  byTag(byTag(table, 'tbody')[0] ?? table, 'tr').map((tr) => tr.children.filter((c): c is HtmlElement => typeof c !== 'string').map(textOf));

describe('reports', () => {
  it('lists the snapshots with a link to each report', async () => {
    const { res, doc } = await page('/reports');
    expect(res.status).toBe(200);
    const [row] = rowsOf(tableById(doc, 'reports-table'));
    expect(row?.[0]).toBe(SNAPSHOT);
    expect(row?.slice(2)).toEqual(['4', '12', 'tweede helft']);
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === `/reports/${SNAPSHOT}`)).toHaveLength(1);
  });

  it('computes the national figures per target from the frozen results, counted by hand', async () => {
    const { res, doc } = await page(`/reports/${SNAPSHOT}`);
    expect(res.status).toBe(200);
    const basis = textOf(findAll(doc, (el) => el.name === 'section' && el.attrs['aria-labelledby'] === 'basis-heading')[0] ?? doc);
    expect(basis).toContain(`Peilmoment ${SNAPSHOT}`);
    expect(basis).toContain('12 meetresultaten van 4 domeinen');
    // Three organisations existed (the ended one is left out).
    expect(basis).toContain('(3)');
    // web-https-hsts: Amsterdam met (a passes), Rotterdam overdue (b fails HSTS, deadline 2018), the province
    // unknown (p could not be measured). pqc-plan: self-assessment, both municipalities unknown. mail-dmarc-test:
    // Amsterdam explained (a fails DMARC, explained), Rotterdam met.
    expect(rowsOf(tableById(doc, 'report-national'))).toEqual([
      ['HTTPS en HSTS', '3', '33,3% (1 van 3)', '33,3% (1 van 3)', '1'],
      ['Migratieplan post-quantum', '2', '0% (0 van 2)', 'Niet beschikbaar', '0'],
      ['DMARC en DKIM', '2', '50% (1 van 2)', '50% (1 van 2)', '0'],
    ]);
  });

  it('shows per target the distribution over the statuses and the figures per layer', async () => {
    const { doc } = await page(`/reports/${SNAPSHOT}`);
    expect(rowsOf(tableById(doc, 'report-layers-web-https-hsts'))).toEqual([
      ['Provincie', '1', '0', '0', '0', '0', '0', '1', '0% (0 van 1)'],
      ['Gemeente', '2', '1', '0', '0', '0', '1', '0', '50% (1 van 2)'],
    ]);
    const bar = rowsOf(tableById(doc, 'report-bar-mail-dmarc-test-table'));
    expect(bar.slice(0, 2).map((r) => r.slice(1))).toEqual([
      ['1', '50%'],
      ['1', '50%'],
    ]);
    const svg = findAll(doc, (el) => el.name === 'svg' && el.attrs['aria-labelledby'] === 'report-bar-web-https-hsts-title report-bar-web-https-hsts-desc')[0];
    expect(svg?.attrs.role).toBe('img');
  });

  it('lists only the explanations approved at the snapshot, with scope and reason', async () => {
    const { doc } = await page(`/reports/${SNAPSHOT}`, 'en');
    expect(rowsOf(tableById(doc, 'report-explanations'))).toEqual([
      [`Explanation ${String(approved)}`, 'DMARC and DKIM', 'a domain', 'Gemeente Amsterdam: a.example.nl', 'Het mailplatform wordt in 2027 vervangen.', '1 January 2099'],
    ]);
    expect(textOf(doc)).toContain(`Half-yearly report ${SNAPSHOT}`);
  });

  it('is 404 for an unknown snapshot and 400 for a malformed name', async () => {
    const unknown = await page('/reports/2099-H1');
    expect(unknown.res.status).toBe(404);
    expect(textOf(unknown.doc)).toContain('Er is geen peilmoment met de naam "2099-H1".');
    const bad = await page('/reports/%3Cscript%3E', 'en');
    expect(bad.res.status).toBe(400);
    expect(bad.html).not.toContain('<script');
    expect(textOf(bad.doc)).toContain('is not a valid snapshot name');
  });
});
