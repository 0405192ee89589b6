import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStrategyFile } from '../../src/config/paths.js';
import { recordReport } from '../../src/store/observations.js';
import { refreshProgress } from '../../src/store/progress-refresh.js';
import { rebuildHistory } from '../../src/store/progress-history.js';
import { createSnapshot } from '../../src/store/snapshots.js';
import { loadStrategyFile } from '../../src/strategy/load.js';
import type { Strategy } from '../../src/strategy/schema.js';
import { createPeople, logIn } from '../support/people.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { isPerOrganisation } from '../../src/strategy/query.js';
import { addAccount, csrfOf, get, login, post } from '../support/web-session.js';
import {
  byTag,
  createTestApp,
  findAll,
  fixedScanStatus,
  parseHtml,
  sampleScanStatus,
  seedFederation,
  textOf,
  type HtmlElement,
  type TestApp,
} from '../support/web-app.js';

/**
 * Structural accessibility checks that need no browser (WCAG 2.2 AA basics): language, title, one h1
 * and no skipped heading levels, landmarks, a working skip link, labelled form fields, captioned
 * tables, unique ids, named links and navigation, and no inline style or script (CSP). Real-browser
 * axe checks come later.
 */
function structuralProblems(html: string): string[] {
  const problems: string[] = [];
  const fail = (message: string): void => {
    problems.push(message);
  };
  if (!html.startsWith('<!DOCTYPE html>')) fail('no doctype');
  if (/\sstyle\s*=/i.test(html)) fail('a style attribute');
  if (/<script/i.test(html)) fail('a script element');
  const doc = parseHtml(html);
  const all = findAll(doc, () => true);
  const ids = all.map((el) => el.attrs.id).filter((id): id is string => id !== undefined);
  const idSet = new Set(ids);
  if (idSet.size !== ids.length) fail(`duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`);

  const root = byTag(doc, 'html')[0];
  if (!root || !['nl', 'en'].includes(root.attrs.lang ?? '')) fail('<html> without lang nl or en');
  for (const el of all) if (el.attrs.lang !== undefined && !['nl', 'en'].includes(el.attrs.lang)) fail(`lang="${el.attrs.lang}"`);
  if (textOf(byTag(doc, 'title')[0] ?? { name: 'x', attrs: {}, children: [] }) === '') fail('no title');
  const viewport = findAll(doc, (el) => el.name === 'meta' && el.attrs.name === 'viewport')[0];
  if (!viewport || /user-scalable=no|maximum-scale/.test(viewport.attrs.content ?? '')) fail('viewport missing or blocks zoom');

  const headings = findAll(doc, (el) => /^h[1-6]$/.test(el.name)).map((h) => Number(h.name.slice(1)));
  if (headings.filter((l) => l === 1).length !== 1) fail(`${headings.filter((l) => l === 1).length} h1 elements`);
  if (headings[0] !== 1) fail('the first heading is not h1');
  headings.forEach((level, i) => {
    if (i > 0 && level > (headings[i - 1] ?? 0) + 1) fail(`heading h${level} follows h${headings[i - 1] ?? 0}`);
  });

  const mains = byTag(doc, 'main');
  if (mains.length !== 1 || mains[0]?.attrs.id !== 'main') fail('not exactly one <main id="main">');
  const firstLink = byTag(doc, 'a')[0];
  if (firstLink?.attrs.href !== '#main') fail('the first link is not the skip link to #main');
  for (const name of ['header', 'footer']) if (byTag(doc, name).length !== 1) fail(`not one <${name}>`);
  for (const nav of byTag(doc, 'nav')) if (!nav.attrs['aria-label']) fail('a <nav> without aria-label');
  for (const el of all) {
    const refs = el.attrs['aria-labelledby']?.split(/\s+/).filter((id) => id !== '') ?? [];
    for (const ref of refs) if (!idSet.has(ref)) fail(`aria-labelledby names "${ref}", which points nowhere`);
  }

  const labelled = new Set(byTag(doc, 'label').map((l) => l.attrs.for));
  for (const field of byTag(doc, 'input', 'select', 'textarea')) {
    if (['hidden', 'submit', 'button'].includes(field.attrs.type ?? '')) continue;
    if (!field.attrs.id || !labelled.has(field.attrs.id)) fail(`<${field.name} name="${field.attrs.name ?? ''}"> without a label`);
  }
  for (const button of byTag(doc, 'button')) if (textOf(button) === '') fail('a button without text');
  for (const table of byTag(doc, 'table')) {
    const caption = byTag(table, 'caption')[0];
    if (!caption || textOf(caption) === '') fail('a table without caption');
    for (const th of byTag(table, 'th')) if (!['col', 'row'].includes(th.attrs.scope ?? '')) fail('a <th> without scope');
  }
  for (const a of byTag(doc, 'a')) {
    const href = a.attrs.href ?? '';
    if (href === '' || textOf(a) === '') fail(`a link without href or text: ${href}`);
    if (/^https?:/.test(href) && !(a.attrs.rel ?? '').includes('noopener')) fail(`external link without noopener: ${href}`);
    if (href.startsWith('#') && href !== '#' && !idSet.has(decodeURIComponent(href.slice(1)))) fail(`link to missing ${href}`);
  }
  return problems;
}

let nds: Strategy;
let full: TestApp;
let empty: TestApp;

beforeAll(async () => {
  nds = await loadStrategyFile(defaultStrategyFile);
  [full, empty] = await Promise.all([
    createTestApp(fixedStrategyReader(nds), {}, { scans: fixedScanStatus(sampleScanStatus()) }),
    createTestApp(fixedStrategyReader(null)),
  ]);
  await seedFederation(full.store, 55);
  // Two reports with changes, so that the measurement tables and the history have rows of every kind.
  const measure = (measuredAt: string, statuses: ['pass' | 'warning' | 'fail' | 'error', string][]) =>
    recordReport(
      full.store.db,
      { domain: 'amsterdam.nl', measuredAt, scanner: { version: 'test' }, checks: statuses.map(([status, id]) => ({ id, status, reason: 'r', facts: {} })) },
      { confirmDelayMs: 0, now: new Date('2030-01-01T00:00:00Z') },
    );
  await measure('2026-01-05T10:00:00Z', [['pass', 'web.dnssec'], ['pass', 'web.https.hsts'], ['pass', 'web.tls.version']]);
  await measure('2026-02-10T10:00:00Z', [['warning', 'web.dnssec'], ['error', 'web.https.hsts'], ['fail', 'web.tls.version']]);
  // Derived progress, weekly history and a snapshot, so that the progress pages, charts, maps and reports have content.
  await rebuildHistory(full.store.db, nds, { from: '2025-12-01', to: '2026-03-01' });
  await refreshProgress(full.store.db, nds, { all: true, now: new Date('2026-03-02T12:00:00Z') });
  await createSnapshot(full.store.db, { name: '2026-H1', createdBy: 'test', note: undefined });
});

afterAll(async () => {
  await Promise.all([full.store.close(), empty.store.close()]);
});

async function check(app: TestApp, path: string, lang: 'nl' | 'en', status = 200, cookie?: string): Promise<HtmlElement> {
  const res = await app.app.request(path, { headers: { 'Accept-Language': lang, ...(cookie === undefined ? {} : { Cookie: cookie }) } });
  const html = await res.text();
  expect(res.status, `${path} (${lang})`).toBe(status);
  expect(structuralProblems(html), `${path} (${lang})`).toEqual([]);
  return parseHtml(html);
}

describe('structural accessibility of every page', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`holds for the pages of a populated Thorbecke (${lang})`, async () => {
      const paths = [
        '/',
        '/about',
        '/accessibility',
        '/organisations',
        '/organisations?page=2&includeEnded=true',
        '/organisations?q=nothing-matches',
        '/organisations/gm0363',
        '/organisations/gm0363/changes',
        '/organisations/gm0999',
        '/organisations/pv27',
        '/domains/amsterdam.nl',
        '/scans',
        '/progress',
        '/compare',
        '/compare?org=gm0363&org=pv27',
        '/reports',
        '/reports/2026-H1',
        '/explanations',
        ...nds.targets.map((target) => `/targets/${target.id}`),
        '/targets/forum-web-all?status=overdue&sort=value&order=desc',
      ];
      for (const path of paths) await check(full, path, lang);
      await check(full, '/organisations/gm9999', lang, 404);
      await check(full, '/no/such/page', lang, 404);
      await check(full, '/organisations?layer=county', lang, 400);
      await check(full, '/domains/unknown.example.nl', lang, 404);
      await check(full, '/domains/not_a_domain', lang, 400);
    });

    it(`holds for a fresh Thorbecke (${lang})`, async () => {
      for (const path of ['/', '/organisations', '/about', '/accessibility', '/scans', '/progress', '/reports', '/explanations', '/compare']) await check(empty, path, lang);
      await check(empty, '/targets/anything', lang, 404);
    });
  }

  it('holds for the audit trail pages, with entries, as the public, a coordinator and an administrator', async () => {
    const people = await createPeople(full.store, 'gm0363');
    const cookies = [(await logIn(full.app, people.coordinator.email)).cookie, (await logIn(full.app, people.administrator.email)).cookie];
    for (const lang of ['nl', 'en'] as const) {
      await check(full, '/organisations/gm0363/changes?before=999999', lang);
      for (const cookie of cookies) {
        for (const path of ['/organisations/gm0363/changes', '/audit', '/audit?organisation=gm0363&action=account.create', '/audit/verify']) await check(full, path, lang, 200, cookie);
      }
    }
  });

  it('finds the problems it looks for', () => {
    const bad =
      '<!DOCTYPE html><html><head><title></title></head><body><h2 style="x">a</h2><input name="q"/><table><tr><th>x</th></tr></table><script></script></body></html>';
    const problems = structuralProblems(bad);
    for (const expected of ['a style attribute', 'a script element', '<html> without lang nl or en', 'no title', '0 h1 elements', 'not exactly one <main id="main">', '<input name="q"> without a label', 'a table without caption']) {
      expect(problems).toContain(expected);
    }
  });
});

describe('structural accessibility of the signed-in pages', () => {
  const problemsOf = async (res: Response, label: string, status: number): Promise<string> => {
    const html = await res.text();
    expect(res.status, label).toBe(status);
    expect(structuralProblems(html), label).toEqual([]);
    return html;
  };

  it('holds for the account, users and edit pages, also after a failed submit', async () => {
    await addAccount(full.store, 'a11y-admin@amsterdam.nl', { name: 'Toegankelijk Beheer', memberships: [['gm0363', 'admin']] });
    await addAccount(full.store, 'a11y-coordinator@bzk.nl', { name: 'Toegankelijk Coördinator', globalRole: 'coordinator' });
    const admin = (await login(full.app, 'a11y-admin@amsterdam.nl')).cookie;
    const coordinator = (await login(full.app, 'a11y-coordinator@bzk.nl')).cookie;
    const target = nds.targets.find((x) => isPerOrganisation(x) && x.scope.layers.includes('gemeente'));
    if (target === undefined) throw new Error('the strategy has no target for municipalities');
    const edit = `/organisations/gm0363/commitments/${target.id}/edit`;
    for (const lang of ['nl', 'en'] as const) {
      for (const path of ['/account', '/organisations/gm0363', '/organisations/gm0363/users', edit, `/organisations/gm0363/explanations/new?target=${target.id}`]) {
        await problemsOf(await get(full.app, path, admin, lang), `${path} (${lang})`, 200);
      }
      const token = csrfOf(await (await get(full.app, '/account', admin, lang)).text());
      await problemsOf(await post(full.app, '/account/totp/start', { _csrf: token }, admin, lang), `totp start (${lang})`, 200);
      await problemsOf(await post(full.app, '/account/password', { _csrf: token, current: 'wrong', next: 'x', repeat: 'y' }, admin, lang), `password failed (${lang})`, 400);
      await problemsOf(await post(full.app, '/account/tokens', { _csrf: token, name: '', organisationCode: 'gm0363', role: 'editor', expiresInDays: '0' }, admin, lang), `token failed (${lang})`, 400);
      await problemsOf(await post(full.app, '/account/tokens', { _csrf: token, name: `a11y-${lang}`, organisationCode: 'gm0363', role: 'editor', expiresInDays: '30' }, admin, lang), `token created (${lang})`, 200);
      await problemsOf(await post(full.app, edit, { _csrf: token, plannedDate: 'soon', 'milestone-1-date': '2026-01-01' }, admin, lang), `commitment failed (${lang})`, 400);
      await problemsOf(await post(full.app, '/organisations/gm0363/users', { _csrf: token, email: 'not-an-address', displayName: 'X', role: 'editor' }, admin, lang), `users failed (${lang})`, 400);
      const proposed = await post(full.app, '/organisations/gm0363/explanations', { _csrf: token, scope: 'target', targetId: target.id, reason: 'Toegankelijkheid van het formulier testen.', expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }, admin, lang);
      expect(proposed.status, await proposed.clone().text()).toBe(303);
      const page = (proposed.headers.get('Location') ?? '').split('?')[0] ?? '';
      await problemsOf(await get(full.app, page, coordinator, lang), `${page} with the decision form (${lang})`, 200);
      const decisionToken = csrfOf(await (await get(full.app, page, coordinator, lang)).text());
      await problemsOf(await post(full.app, `${page}/decision`, { _csrf: decisionToken, decision: 'reject', note: '' }, coordinator, lang), `decision failed (${lang})`, 400);
      await problemsOf(await post(full.app, '/organisations/gm0363/explanations', { _csrf: token, scope: 'target', targetId: target.id, reason: 'kort', expiresOn: '' }, admin, lang), `proposal failed (${lang})`, 400);
    }
  });
});
