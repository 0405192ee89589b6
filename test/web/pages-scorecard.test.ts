import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCheck } from '../../src/checks/catalogue.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { addDomain, insertExplanation, insertProgress, observe, scorecardStrategy } from '../support/scorecard-fixtures.js';
import { byTag, createTestApp, fetchPage, findAll, seedFederation, textOf, type HtmlElement, type TestApp } from '../support/web-app.js';

let t: TestApp;
let explanationId: number;
let supplierExplanationId: number;
const SINCE = new Date('2026-02-03T09:00:00Z');

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(scorecardStrategy()));
  const db = t.store.db;
  // Amsterdam (gm0363, Noord-Holland) owns amsterdam.nl (web, from the federation seed); add it as a mail
  // domain, a second web domain that was never measured, and a second mail domain on a hosted platform.
  await seedFederation(t.store);
  await addDomain(db, 'gm0363', 'mail', 'amsterdam.nl');
  await addDomain(db, 'gm0363', 'web', 'nooit-gemeten.example.nl');
  await addDomain(db, 'gm0363', 'mail', 'post.example.nl');
  await observe(db, 'amsterdam.nl', SINCE, [
    ['web.https.available', 'pass', 'HTTPS answers'],
    ['web.https.hsts', 'fail', 'no Strict-Transport-Security header'],
    ['mail.dmarc', 'fail', 'no DMARC record at _dmarc.amsterdam.nl'],
    ['mail.dkim', 'pass', 'DKIM selector found'],
  ]);
  await observe(db, 'post.example.nl', SINCE, [
    ['mail.dmarc', 'pass', 'p=reject'],
    ['mail.dkim', 'fail', 'no DKIM key found'],
  ]);

  explanationId = await insertExplanation(db, {
    scope: 'domain',
    target_id: 'mail-dmarc-test',
    organisation_code: 'gm0363',
    domain: 'amsterdam.nl',
    reason: 'Het oude mailplatform kan geen DMARC-rapporten verwerken; vervanging loopt.',
    state: 'approved',
    decided_by: 'coordinator',
    decided_at: new Date('2026-03-01T00:00:00Z'),
  });
  supplierExplanationId = await insertExplanation(db, {
    scope: 'supplier',
    target_id: 'mail-dmarc-test',
    supplier: 'hosted-mail',
    supplier_role: 'mail',
    reason: 'The hosted mail platform offers no DKIM signing yet.',
    state: 'approved',
    decided_by: 'coordinator',
    decided_at: new Date('2026-03-01T00:00:00Z'),
  });
  // Rejected explanations of the organisation are not shown.
  await insertExplanation(db, { scope: 'target', target_id: 'web-https-hsts', organisation_code: 'gm0363', reason: 'Geen zin in HSTS, afgewezen.', state: 'rejected' });

  // The refresher is not there yet: progress as it would write it.
  await insertProgress(db, {
    code: 'gm0363', target: 'web-https-hsts', status: 'overdue', value: 0, total: 2, met: 0, failing: 1, unknown: 1,
    deadline: '2018-12-31', planned: '2019-06-30',
  });
  await insertProgress(db, {
    code: 'gm0363', target: 'mail-dmarc-test', status: 'explained', value: 0, total: 2, met: 0, failing: 2, explained: 2,
    deadline: '2030-12-31', planned: '2029-01-01', forecast: '2028-05-01',
  });
  await db
    .insertInto('progress_domain')
    .values([
      { organisation_code: 'gm0363', target_id: 'web-https-hsts', domain: 'amsterdam.nl', outcome: 'fail', explanation_id: null },
      { organisation_code: 'gm0363', target_id: 'web-https-hsts', domain: 'nooit-gemeten.example.nl', outcome: 'unknown', explanation_id: null },
      { organisation_code: 'gm0363', target_id: 'mail-dmarc-test', domain: 'amsterdam.nl', outcome: 'fail', explanation_id: explanationId },
      { organisation_code: 'gm0363', target_id: 'mail-dmarc-test', domain: 'post.example.nl', outcome: 'fail', explanation_id: supplierExplanationId },
    ])
    .execute();
  const counts = { explained: 0, on_track: 0, at_risk: 0, domains_total: 10, domains_met: 5, domains_unknown: 1 };
  await db
    .insertInto('progress_aggregate')
    .values([
      { scope_kind: 'layer', scope_id: 'gemeente', target_id: 'web-https-hsts', organisations: 4, met: 1, overdue: 3, unknown: 0, ...counts },
      { scope_kind: 'province', scope_id: 'pv27', target_id: 'web-https-hsts', organisations: 2, met: 0, overdue: 2, unknown: 0, ...counts },
    ])
    .execute();
  await db
    .insertInto('progress_history')
    .values([
      { period: '2026-01-05', organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'overdue', value: 0, domains_total: 2, domains_met: 0 },
      { period: '2026-01-12', organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'overdue', value: 50, domains_total: 2, domains_met: 1 },
      // One week of the province: too little for a line.
      { period: '2026-01-12', organisation_code: 'pv27', target_id: 'web-https-hsts', status: 'unknown', value: 0, domains_total: 1, domains_met: 0 },
    ])
    .execute();
});

afterAll(async () => {
  await t.store.close();
});

const page = (path: string, lang: 'nl' | 'en' = 'nl') => fetchPage(t.app, path, lang);

const byId = (doc: HtmlElement, id: string): HtmlElement => {
  const found = findAll(doc, (el) => el.attrs.id === id)[0];
  if (!found) throw new Error(`no element #${id}`);
  return found;
};

/** The card (article) of a target on the scorecard. */
const cardOf = (doc: HtmlElement, targetId: string): HtmlElement => {
  const card = findAll(doc, (el) => el.name === 'article' && el.attrs['aria-labelledby'] === `scorecard-${targetId}`)[0];
  if (!card) throw new Error(`no card for ${targetId}`);
  return card;
};

/** The body rows of a table as lists of cell texts. */
const rowsOf = (table: HtmlElement): string[][] =>
  byTag(byTag(table, 'tbody')[0] ?? table, 'tr').map((tr) => tr.children.filter((c): c is HtmlElement => typeof c !== 'string').map(textOf));

describe('organisation scorecard', () => {
  it('shows per priority each target with status, value, deadline and planned date, and the findings per domain with how to fix them', async () => {
    const { res, doc } = await page('/organisations/gm0363');
    expect(res.status).toBe(200);
    const hsts = cardOf(doc, 'web-https-hsts');
    const text = textOf(hsts);
    expect(findAll(hsts, (el) => (el.attrs.class ?? '').includes('thorbecke-status--overdue'))).toHaveLength(1);
    expect(text).toContain('0% van de domeinen voldoet (0 van 2); 1 niet te meten; telt niet als voldaan');
    expect(text).toContain('31 december 2018');
    expect(text).toContain('30 juni 2019 na de deadline');

    const rows = rowsOf(byId(hsts, 'findings-web-https-hsts'));
    // amsterdam.nl fails one required check; the unmeasured domain lists both required checks.
    expect(rows).toHaveLength(3);
    const [failing, unknown] = rows;
    expect(failing?.[0]).toBe('amsterdam.nl');
    expect(failing?.[1]).toBe(findCheck('web.https.hsts')?.title.nl);
    expect(failing?.[2]).toBe('Voldoet niet');
    expect(failing?.[3]).toBe('no Strict-Transport-Security header');
    expect(failing?.[4]).toBe('3 februari 2026');
    expect(failing?.[5]).toBe(findCheck('web.https.hsts')?.fix.nl);
    expect(failing?.[6]).toBe('Niet uitgelegd');
    // A domain that could not be measured: every required check, never measured, said so.
    expect(unknown?.[0]).toBe('nooit-gemeten.example.nl (Niet te meten)');
    expect(rows.slice(1).map((r) => [r[1], r[2]])).toEqual([
      [findCheck('web.https.available')?.title.nl, 'Nooit gemeten'],
      [findCheck('web.https.hsts')?.title.nl, 'Nooit gemeten'],
    ]);
    expect(findAll(hsts, (el) => el.name === 'a' && el.attrs.href === '/domains/amsterdam.nl')).toHaveLength(1);
    // The rejected explanation is not listed.
    expect(text).not.toContain('Geen zin in HSTS');
  });

  it('marks explained findings as explained, with the reason, and keeps them visible', async () => {
    const { doc } = await page('/organisations/gm0363');
    const mail = cardOf(doc, 'mail-dmarc-test');
    expect(findAll(mail, (el) => (el.attrs.class ?? '').includes('thorbecke-status--explained'))).toHaveLength(1);
    // A planned date before the deadline is not marked.
    expect(textOf(mail)).toContain('1 januari 2029');
    expect(textOf(mail)).not.toContain('na de deadline');
    expect(textOf(mail)).toContain('1 mei 2028');
    const rows = rowsOf(byId(mail, 'findings-mail-dmarc-test'));
    expect(rows.map((r) => [r[0], r[1], r[6]])).toEqual([
      ['amsterdam.nl', findCheck('mail.dmarc')?.title.nl, `Uitgelegd Reden: Het oude mailplatform kan geen DMARC-rapporten verwerken; vervanging loopt. Uitleg ${String(explanationId)}`],
      ['post.example.nl', findCheck('mail.dkim')?.title.nl, `Uitgelegd Reden: The hosted mail platform offers no DKIM signing yet. Uitleg ${String(supplierExplanationId)}`],
    ]);
    // The target's explanations: its own, and the supplier's that covers one of its domains.
    for (const id of [explanationId, supplierExplanationId]) {
      expect(findAll(mail, (el) => el.name === 'a' && el.attrs.href === `/explanations/${String(id)}`).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('speaks English too', async () => {
    const { doc } = await page('/organisations/gm0363', 'en');
    const hsts = cardOf(doc, 'web-https-hsts');
    expect(textOf(hsts)).toContain('0% of the domains pass (0 of 2); 1 could not be measured; not counted as passing');
    expect(textOf(hsts)).toContain('30 June 2019 after the deadline');
    const [failing] = rowsOf(byId(hsts, 'findings-web-https-hsts'));
    expect(failing?.[1]).toBe(findCheck('web.https.hsts')?.title.en);
    expect(failing?.[5]).toBe(findCheck('web.https.hsts')?.fix.en);
    const mail = rowsOf(byId(doc, 'findings-mail-dmarc-test'));
    expect(mail[0]?.[6]).toContain('Explained Reason: Het oude mailplatform');
    expect(textOf(doc)).toContain('Priority 5: Digital resilience and autonomy');
  });

  it('compares with the layer and the province, says size is not known, and links history, downloads, comparison and feed', async () => {
    const { html, doc } = await page('/organisations/gm0363');
    const peers = rowsOf(byId(doc, 'peers-table'));
    const hsts = peers.find((r) => r[0] === 'HTTPS en HSTS');
    expect(hsts?.[2]).toBe('25% (1 van 4)');
    expect(hsts?.[3]).toBe('0% (0 van 2)');
    expect(peers.find((r) => r[0] === 'DMARC en DKIM')?.[2]).toBe('Niet beschikbaar');
    expect(html).toContain('de omvang van organisaties staat niet in onze gegevens');
    // The history chart with its text alternative.
    const svg = findAll(doc, (el) => el.name === 'svg' && el.attrs['aria-labelledby'] === 'scorecard-history-title scorecard-history-desc')[0];
    expect(svg?.attrs.role).toBe('img');
    const hrefs = byTag(doc, 'a').map((a) => a.attrs.href);
    for (const href of [
      '/data/organisations/gm0363/progress.csv',
      '/data/organisations/gm0363/progress.json',
      '/data/organisations/gm0363/history.csv',
      '/compare?org=gm0363',
      '/organisations/gm0363/feed.atom',
    ]) {
      expect(hrefs).toContain(href);
    }
    const alternate = findAll(doc, (el) => el.name === 'link' && el.attrs.rel === 'alternate')[0];
    expect(alternate?.attrs.type).toBe('application/atom+xml');
    expect(alternate?.attrs.href).toBe('/organisations/gm0363/feed.atom');
    // Every target linked once (the card heading), ids unique.
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/targets/web-https-hsts')).toHaveLength(1);
    const ids = findAll(doc, () => true).map((el) => el.attrs.id).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says "not yet measured" for an organisation whose progress has not been computed', async () => {
    const { res, doc } = await page('/organisations/pv27');
    expect(res.status).toBe(200);
    const card = cardOf(doc, 'web-https-hsts');
    expect(textOf(card)).toContain('Nog niet gemeten');
    expect(textOf(doc)).toContain('De voortgang van deze organisatie is nog niet berekend.');
    expect(findAll(card, (el) => el.name === 'table')).toHaveLength(0);
    expect(textOf(doc)).toContain('Er is nog maar één week vastgelegd');
    expect(findAll(doc, (el) => el.name === 'svg' && el.attrs.role === 'img')).toHaveLength(0);
  });
});
