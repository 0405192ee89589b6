import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCheck } from '../../src/checks/catalogue.js';
import type { CheckResult } from '../../src/domain/check.js';
import { recordReport } from '../../src/store/observations.js';
import type { Store } from '../../src/store/db.js';
import { byTag, createTestApp, fetchPage, findAll, seedFederation, textOf, type HtmlElement, type TestApp } from '../support/web-app.js';

let t: TestApp;

const NOW = new Date('2030-01-01T00:00:00Z');

async function report(store: Store, domain: string, measuredAt: string, checks: Omit<CheckResult, 'facts'>[]): Promise<void> {
  await recordReport(
    store.db,
    { domain, measuredAt, scanner: { version: '0.0.0-test' }, checks: checks.map((c) => ({ ...c, facts: {} })) },
    { confirmDelayMs: 0, now: NOW },
  );
}

async function addDomain(store: Store, code: string, kind: 'web' | 'mail', name: string): Promise<void> {
  const asset = await store.db.insertInto('asset').values({ kind, name }).returning('id').executeTakeFirstOrThrow();
  await store.db.insertInto('asset_owner').values({ asset_id: asset.id, organisation_code: code, source: 'test' }).execute();
}

beforeAll(async () => {
  t = await createTestApp();
  // Amsterdam owns amsterdam.nl (web); add it as a mail domain too, a domain never measured, and give
  // Rijnland one unmeasured domain.
  await seedFederation(t.store);
  await addDomain(t.store, 'gm0363', 'mail', 'amsterdam.nl');
  await addDomain(t.store, 'gm0363', 'web', 'nog-niet-gemeten.nl');
  await addDomain(t.store, 'ws0155', 'web', 'rijnland.net');

  await report(t.store, 'amsterdam.nl', '2026-01-05T10:00:00Z', [
    { id: 'web.dnssec', status: 'pass', reason: 'signed and valid' },
    { id: 'web.https.hsts', status: 'pass', reason: 'HSTS max-age 1 year' },
    { id: 'web.tls.version', status: 'pass', reason: 'TLS 1.3 only' },
    { id: 'web.cert.trust', status: 'pass', reason: 'trusted chain' },
    { id: 'web.ipv6.address', status: 'pass', reason: 'AAAA present' },
  ]);
  await report(t.store, 'amsterdam.nl', '2026-02-10T10:00:00Z', [
    // pass -> warning opens a new interval at once; error keeps the known status; a new fail waits.
    { id: 'web.dnssec', status: 'warning', reason: 'algorithm <script>alert(1)</script> deprecated' },
    { id: 'web.https.hsts', status: 'error', reason: 'connection timed out' },
    { id: 'web.tls.version', status: 'fail', reason: 'TLS 1.0 offered' },
    { id: 'web.cert.trust', status: 'fail', reason: 'certificate expired' },
    { id: 'web.ipv6.address', status: 'pass', reason: 'AAAA present' },
  ]);
  // The re-check confirms the failing certificate.
  await report(t.store, 'amsterdam.nl', '2026-02-11T10:00:00Z', [{ id: 'web.cert.trust', status: 'fail', reason: 'certificate expired' }]);
  // Measured, but not registered as anyone's domain.
  await report(t.store, 'los.example.nl', '2026-02-01T10:00:00Z', [{ id: 'web.dnssec', status: 'fail', reason: 'not signed' }]);
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

/** The rows of a table as [row header, ...cells] texts. */
const rowsOf = (table: HtmlElement): string[][] =>
  byTag(byTag(table, 'tbody')[0] ?? table, 'tr').map((tr) => tr.children.filter((c): c is HtmlElement => typeof c !== 'string').map(textOf));

/** The text of the section with the heading `id`-heading. */
const sectionOf = (doc: HtmlElement, id: string): HtmlElement => {
  const section = findAll(doc, (el) => el.name === 'section' && el.attrs['aria-labelledby'] === `${id}-heading`)[0];
  if (!section) throw new Error(`no section ${id}`);
  return section;
};

describe('measurements on the organisation page', () => {
  it('summarises each measured domain, lists every check with its status, and says which are not measured', async () => {
    const { res, doc } = await page('/organisations/gm0363');
    expect(res.status).toBe(200);
    const section = sectionOf(doc, 'measurements');
    expect(textOf(byId(doc, 'measurements-heading'))).toBe('Metingen per domein');

    const summary = byId(doc, 'measurements-summary');
    expect(textOf(byTag(summary, 'caption')[0] ?? summary)).toBe('Uitslagen per domein: aantal toetsen per uitslag');
    expect(byTag(summary, 'th').filter((th) => th.attrs.scope === 'col').map(textOf)).toEqual([
      'Domein',
      'Voldoet',
      'Waarschuwing',
      'Voldoet niet',
      'Niet van toepassing',
      'Kon niet meten',
      'Geblokkeerd',
      'Wacht op bevestiging',
      'Laatst gemeten',
    ]);
    const [row] = rowsOf(summary);
    // pass: ipv6 and tls.version (its fail awaits confirmation); warning: dnssec; fail: cert.trust; error: hsts.
    expect(row?.slice(0, 8)).toEqual(['amsterdam.nl', '2', '1', '1', '0', '1', '0', '1']);
    expect(row?.[8]).toContain('11 februari 2026');
    expect(findAll(summary, (el) => el.name === 'a' && el.attrs.href === '/domains/amsterdam.nl')).toHaveLength(1);

    const checks = rowsOf(byId(doc, 'measurements-1'));
    // In catalogue order, whatever the order of the report.
    const order = ['web.dnssec', 'web.ipv6.address', 'web.https.hsts', 'web.tls.version', 'web.cert.trust'];
    expect(checks.map((r) => r[0])).toEqual(order.map((id) => findCheck(id)?.title.nl));
    const status = new Map(checks.map((r) => [r[0], r[1]]));
    expect(status.get('DNSSEC op het webdomein')).toBe('Waarschuwing');
    expect([...status.values()]).toContain('Kon niet meten; laatst bekend: voldoet');
    expect([...status.values()]).toContain('Voldoet; wijziging naar voldoet niet wacht op bevestiging');
    expect([...status.values()]).toContain('Voldoet niet');
    expect([...status.values()].filter((s) => s?.startsWith('Voldoet niet') === true)).toHaveLength(1);
    const dnssec = checks.find((r) => r[0] === 'DNSSEC op het webdomein');
    expect(dnssec?.[2]).toBe('10 februari 2026');

    expect(textOf(section)).toContain('Nog niet gemeten: nog-niet-gemeten.nl');
    expect(findAll(section, (el) => el.name === 'a' && el.attrs.href === '/domains/nog-niet-gemeten.nl')).toHaveLength(1);
  });

  it('speaks English', async () => {
    const { doc } = await page('/organisations/gm0363', 'en');
    expect(textOf(byId(doc, 'measurements-heading'))).toBe('Measurements per domain');
    const statuses = rowsOf(byId(doc, 'measurements-1')).map((r) => r[1]);
    expect(statuses).toContain('Could not measure; last known: pass');
    expect(statuses).toContain('Pass; change to fail awaiting confirmation');
    expect(statuses).toContain('Warning');
    expect(textOf(sectionOf(doc, 'measurements'))).toContain('Not measured yet: nog-niet-gemeten.nl');
  });

  it('says plainly when no domain has been measured, or there are no domains', async () => {
    const rijnland = await page('/organisations/ws0155');
    expect(textOf(sectionOf(rijnland.doc, 'measurements'))).toContain('De domeinen van deze organisatie zijn nog niet gemeten.');
    expect(findAll(rijnland.doc, (el) => el.attrs.id === 'measurements-summary')).toHaveLength(0);
    const none = await page('/organisations/mnre1034', 'en');
    expect(textOf(sectionOf(none.doc, 'measurements'))).toContain('No domains of this organisation are known yet.');
  });
});

describe('/domains/:name', () => {
  it('shows owners, the latest result per check with its reason, and the history of every check (nl)', async () => {
    const { res, doc, html } = await page('/domains/amsterdam.nl');
    expect(res.status).toBe(200);
    expect(textOf(byTag(doc, 'h1')[0] ?? doc)).toBe('amsterdam.nl');
    expect(html).toContain('Geregistreerd als: E-mail en Web.');
    const owners = sectionOf(doc, 'owners');
    expect(textOf(owners)).toContain('Gemeente Amsterdam (als e-maildomeinen en websites)');
    expect(findAll(owners, (el) => el.name === 'a' && el.attrs.href === '/organisations/gm0363')).toHaveLength(1);

    const latest = rowsOf(byId(doc, 'latest-table'));
    const hsts = latest.find((r) => r[1]?.startsWith('Kon niet meten'));
    expect(hsts?.slice(1, 4)).toEqual(['Kon niet meten; laatst bekend: voldoet', 'connection timed out', '10 februari 2026']);

    expect(textOf(byId(doc, 'history-heading'))).toBe('Geschiedenis');
    const history = rowsOf(byId(doc, 'history-table'));
    const dnssec = history.filter((r) => r[0] === 'DNSSEC op het webdomein');
    expect(dnssec.map((r) => r[1])).toEqual(['Waarschuwing (actueel)', 'Voldoet']);
    expect(dnssec[0]?.[2]).toContain('10 februari 2026');
    expect(dnssec[1]?.[2]).toContain('5 januari 2026');
    expect(dnssec[1]?.[4]).toBe('signed and valid');
    expect(history.map((r) => r[1])).toContain('Voldoet niet (actueel)');
    expect(history.map((r) => r[1])).toContain('Voldoet niet (wacht op bevestiging)');
    // The English reason of a check is marked as English on a Dutch page.
    expect(findAll(byId(doc, 'history-table'), (el) => el.name === 'span' && el.attrs.lang === 'en').length).toBeGreaterThan(0);
  });

  it('shows the history in English', async () => {
    const { doc } = await page('/domains/amsterdam.nl', 'en');
    expect(textOf(byId(doc, 'history-heading'))).toBe('History');
    const history = rowsOf(byId(doc, 'history-table'));
    const dnssec = history.filter((r) => r[0] === 'DNSSEC on the web domain');
    expect(dnssec.map((r) => r[1])).toEqual(['Warning (current)', 'Pass']);
    expect(dnssec[0]?.[2]).toContain('10 February 2026');
    expect(history.map((r) => r[1])).toContain('Could not measure; last known: pass (current)');
    expect(history.map((r) => r[1])).toContain('Fail (awaiting confirmation)');
  });

  it('escapes what the checks wrote', async () => {
    const { html } = await page('/domains/amsterdam.nl');
    expect(html).not.toContain('<script');
    expect(html).toContain('algorithm &lt;script&gt;alert(1)&lt;/script&gt; deprecated');
  });

  it('lowercases the name, and shows a measured domain nobody owns', async () => {
    const upper = await page('/domains/AMSTERDAM.NL.');
    expect(upper.res.status).toBe(200);
    expect(textOf(byTag(upper.doc, 'h1')[0] ?? upper.doc)).toBe('amsterdam.nl');

    const loose = await page('/domains/los.example.nl', 'en');
    expect(loose.res.status).toBe(200);
    expect(textOf(sectionOf(loose.doc, 'owners'))).toContain('This domain is not linked to any organisation.');
    expect(loose.html).toContain('This domain is not in the list of domains of organisations, but it has been measured.');
  });

  it('shows a registered domain that was never measured', async () => {
    const { res, doc } = await page('/domains/nog-niet-gemeten.nl');
    expect(res.status).toBe(200);
    expect(textOf(sectionOf(doc, 'latest'))).toContain('Dit domein is nog niet gemeten.');
    expect(findAll(doc, (el) => el.name === 'table' && el.attrs.id === 'history-table')).toHaveLength(0);
  });

  it('answers 404 for a domain that is neither registered nor measured', async () => {
    const { res, html } = await page('/domains/onbekend.example.nl');
    expect(res.status).toBe(404);
    expect(html).toContain('Er is geen domein &quot;onbekend.example.nl&quot; bekend of gemeten.');
    const en = await page('/domains/unknown.example.nl', 'en');
    expect(en.res.status).toBe(404);
  });

  it('rejects a value that is not a domain name with 400, escaping it', async () => {
    const garbage = await page('/domains/not_a_domain!');
    expect(garbage.res.status).toBe(400);
    expect(garbage.html).toContain('is geen domeinnaam');

    const xss = await page('/domains/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.nl');
    expect(xss.res.status).toBe(400);
    expect(xss.html).not.toContain('<img');
    expect(xss.html).toContain('&lt;img src=x onerror=alert(1)&gt;.nl');

    const script = await t.app.request('/domains/%3Cscript%3Ealert(1)%3C%2Fscript%3E', { headers: { 'Accept-Language': 'en' } });
    expect([400, 404]).toContain(script.status);
    expect(await script.text()).not.toContain('<script');
  });
});
