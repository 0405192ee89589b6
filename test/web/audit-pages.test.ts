import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAccess, type Actor, type Role } from '../../src/domain/access.js';
import { addDays, isoDay } from '../../src/progress/dates.js';
import { AccountabilityService } from '../../src/services/accountability.js';
import { appendAudit } from '../../src/store/audit.js';
import { accountabilityStrategy, observe, seedOwners } from '../support/accountability-fixtures.js';
import { createPeople, logIn, type Browser, type Person } from '../support/people.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, findAll, parseHtml, textOf, type TestApp } from '../support/web-app.js';

/**
 * The audit trail's pages and API: an organisation's changes (names only for its members and
 * coordinators, IP addresses only for administrators), /audit and /audit/verify (coordinators and
 * administrators), and GET /api/v1/organisations/{code}/changes (the public view).
 */

const OWN = 'gm7101';
const OTHER = 'gm7102';
/** An organisation with more changes than fit on one page. */
const BUSY = 'gm7103';
const IP = '192.0.2.77';
const LOCAL = localAccess('cli:test');
const THORBECKE: Actor = { accountId: null, name: 'thorbecke', via: 'system' };
const inDays = (n: number): string => addDays(isoDay(new Date()), n);

let t: TestApp;
let people: Record<Role, Person>;
const browsers = {} as Record<Role, Browser>;

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(accountabilityStrategy()), { THORBECKE_TRUST_PROXY: 'on' });
  await seedOwners(t.store.db, { [OWN]: { layer: 'gemeente', domains: ['web-a.nl'] }, [OTHER]: { layer: 'gemeente', domains: ['web-b.nl'] }, [BUSY]: { layer: 'gemeente', domains: [] } });
  await observe(t.store.db, 'web-a.nl', 'mail.dane', 'fail');
  people = await createPeople(t.store, OWN);
  for (const role of ['editor', 'admin', 'coordinator', 'administrator'] as const) browsers[role] = await logIn(t.app, people[role].email);

  // Through the service (the CLI), through the API with a person's token, and by Thorbecke itself.
  const service = new AccountabilityService(t.store.db, fixedStrategyReader(accountabilityStrategy()));
  await service.setCommitment(LOCAL, OWN, 'mail-secure', { plannedDate: inDays(60), note: 'First plan' });
  const put = (org: string, person: Person, body: unknown) =>
    t.app.request(`/api/v1/organisations/${org}/commitments/mail-secure`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${person.token}`, 'X-Forwarded-For': IP },
      body: JSON.stringify(body),
    });
  expect((await put(OWN, people.editor, { plannedDate: inDays(30), note: 'x'.repeat(200) })).status).toBe(200);
  expect((await put(OTHER, people.coordinator, { plannedDate: inDays(45) })).status).toBe(200);
  await t.store.db.transaction().execute(async (trx) => {
    await appendAudit(trx, THORBECKE, { action: 'explanation.expired', organisationCode: OWN, subject: 'explanation 999', before: { state: ['approved'] }, after: { state: 'expired', reason: 'expiry' } });
    await appendAudit(trx, THORBECKE, { action: 'made.up-action', organisationCode: OWN, subject: 'something <b>odd</b>', after: { value: '<script>alert(1)</script>' } });
    for (let i = 0; i < 55; i += 1) await appendAudit(trx, THORBECKE, { action: 'scan.request', organisationCode: BUSY, subject: `scan run ${String(i)}`, after: { domains: i } });
  });
});
afterAll(async () => {
  await t.store.close();
});

const get = (path: string, options: { lang?: 'nl' | 'en'; as?: Role } = {}) =>
  t.app.request(path, { headers: { 'Accept-Language': options.lang ?? 'en', ...(options.as ? { Cookie: browsers[options.as].cookie } : {}) } });

async function page(path: string, options: { lang?: 'nl' | 'en'; as?: Role } = {}) {
  const res = await get(path, options);
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 400)}`).toBe(200);
  return { html, doc: parseHtml(html) };
}

/** The rows of the page's first data table, as text per cell. */
function rows(html: string): string[][] {
  const table = byTag(parseHtml(html), 'table')[0];
  if (table === undefined) return [];
  return byTag(table, 'tbody').flatMap((body) => byTag(body, 'tr').map((tr) => byTag(tr, 'th', 'td').map(textOf)));
}

describe("an organisation's changes page", () => {
  it('is linked from the organisation page', async () => {
    const { doc } = await page(`/organisations/${OWN}`);
    expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === `/organisations/${OWN}/changes`).map(textOf)).toEqual(['Changes']);
    const nl = await page(`/organisations/${OWN}`, { lang: 'nl' });
    expect(findAll(nl.doc, (el) => el.name === 'a' && el.attrs.href === `/organisations/${OWN}/changes`).map(textOf)).toEqual(['Wijzigingen']);
  });

  it('shows the public every change newest first, without names, e-mail addresses or IP addresses', async () => {
    const { html, doc } = await page(`/organisations/${OWN}/changes`);
    const table = rows(html);
    expect(table.length).toBeGreaterThanOrEqual(6);
    const whats = table.map((r) => r[1]);
    expect(whats.slice(0, 4)).toEqual(['made.up-action', 'Explanation expired', 'Planned date set', 'Planned date set']);
    expect(whats).toContain('Account created');
    expect(whats).toContain('API token created');
    const who = table.map((r) => r[3]);
    expect(who.slice(0, 4)).toEqual(['Thorbecke (automatic)', 'Thorbecke (automatic)', 'a person (API)', 'a person (command line)']);
    for (const secret of ['Editor gm7101', 'Admin gm7101', 'cli:test', IP, 'editor@gm7101.test', 'editor token']) expect(html).not.toContain(secret);
    expect(html).toContain('not public');
    // The readable diff: changed keys only, old → new, JSON escaped, long values in a disclosure.
    const apiChange = table[2]?.[4] ?? '';
    expect(apiChange).toContain(`plannedDate: "${inDays(60)}" → after: "${inDays(30)}"`);
    expect(apiChange).not.toContain('milestones');
    expect(byTag(doc, 'details').length).toBeGreaterThan(0);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(table[0]?.[2]).toBe('something <b>odd</b>');
    expect(byTag(doc, 'caption').map(textOf)).toEqual(['Changes of Organisatie gm7101, newest first']);
    expect(byTag(doc, 'time')[0]?.attrs.datetime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('speaks Dutch', async () => {
    const { html } = await page(`/organisations/${OWN}/changes`, { lang: 'nl' });
    const table = rows(html);
    expect(table.map((r) => r[1])).toContain('Planning vastgelegd');
    expect(table.map((r) => r[3])).toContain('een persoon (API)');
    expect(table.map((r) => r[3])).toContain('Thorbecke (automatisch)');
    expect(html).toContain('Wijzigingen van Organisatie gm7101');
    expect(html).toContain('niet openbaar');
  });

  it("shows names to the organisation's members and to coordinators, IP addresses only to administrators", async () => {
    for (const role of ['editor', 'admin', 'coordinator'] as const) {
      const { html } = await page(`/organisations/${OWN}/changes`, { as: role });
      const who = rows(html).map((r) => r[3]);
      expect(who, role).toContain('Editor gm7101 (API)');
      expect(who, role).toContain('cli:test (command line)');
      expect(html, role).toContain('editor@gm7101.test');
      expect(html, role).not.toContain(IP);
    }
    const admin = await page(`/organisations/${OWN}/changes`, { as: 'administrator' });
    expect(admin.html).toContain(IP);
    expect(byTag(admin.doc, 'th').map(textOf)).toContain('IP address');
  });

  it("shows a member of another organisation only the public view", async () => {
    const { html } = await page(`/organisations/${OTHER}/changes`, { as: 'editor' });
    expect(rows(html).map((r) => r[3])).toEqual(['a person (API)']);
    expect(html).not.toContain('Coordinator gm7101');
    const coordinator = await page(`/organisations/${OTHER}/changes`, { as: 'coordinator' });
    expect(rows(coordinator.html).map((r) => r[3])).toEqual(['Coordinator gm7101 (API)']);
  });

  it('pages by entry number', async () => {
    const first = await page(`/organisations/${BUSY}/changes`);
    expect(rows(first.html)).toHaveLength(50);
    const older = findAll(first.doc, (el) => el.name === 'a' && el.attrs.rel === 'next')[0];
    expect(older && textOf(older)).toBe('Older changes');
    const second = await page(older?.attrs.href ?? '');
    expect(rows(second.html).map((r) => r[2])).toEqual(['scan run 4', 'scan run 3', 'scan run 2', 'scan run 1', 'scan run 0']);
    expect(findAll(second.doc, (el) => el.name === 'a' && el.attrs.href === `/organisations/${BUSY}/changes`).map(textOf)).toEqual(['Newest changes']);
    expect(findAll(second.doc, (el) => el.name === 'a' && el.attrs.rel === 'next')).toEqual([]);
  });

  it('answers 404 for an unknown organisation and 400 for a bad page', async () => {
    expect((await get('/organisations/gm9999/changes')).status).toBe(404);
    const bad = await get(`/organisations/${OWN}/changes?before=abc`);
    expect(bad.status).toBe(400);
    expect(textOf(parseHtml(await bad.text()))).toContain('"abc" is not the number of a change.');
  });
});

describe('/audit', () => {
  it('sends the public to log in, refuses editors and admins, and opens for coordinators and administrators', async () => {
    for (const path of ['/audit', '/audit/verify']) {
      const res = await get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await get(path, { as: 'editor' })).status).toBe(403);
      expect((await get(path, { as: 'admin' })).status).toBe(403);
      expect((await get(path, { as: 'coordinator' })).status).toBe(200);
      expect((await get(path, { as: 'administrator' })).status).toBe(200);
    }
  });

  it('lists every entry with full detail, filtered by organisation, action and account', async () => {
    const all = await page('/audit', { as: 'coordinator' });
    expect(byTag(all.doc, 'th').map(textOf).slice(0, 7)).toEqual(['When', 'Number', 'Organisation', 'What', 'Subject', 'Who', 'Before → after']);
    expect(all.html).not.toContain(IP);
    expect(rows(all.html)).toHaveLength(50);

    const other = rows((await page(`/audit?organisation=${OTHER}`, { as: 'coordinator' })).html);
    expect(other.map((r) => [r[2], r[3], r[5]])).toEqual([['Organisatie gm7102', 'Planned date set', 'Coordinator gm7101 (API)']]);

    const byEditor = rows((await page(`/audit?actor=${String(people.editor.id)}&action=commitment.set`, { as: 'coordinator' })).html);
    expect(byEditor.map((r) => r[5])).toEqual(['Editor gm7101 (API)']);

    const admin = await page(`/audit?organisation=${OWN}&action=commitment.set`, { as: 'administrator' });
    expect(admin.html).toContain(IP);

    const nl = await page(`/audit?organisation=${OWN}`, { as: 'coordinator', lang: 'nl' });
    expect(nl.html).toContain('Audittrail');
    expect(rows(nl.html).map((r) => r[3])).toContain('Planning vastgelegd');
  });

  it('refuses bad filters with every problem listed', async () => {
    const res = await get('/audit?organisation=nope!&action=DROP%20TABLE&actor=-1', { as: 'coordinator' });
    expect(res.status).toBe(400);
    const html = textOf(parseHtml(await res.text()));
    for (const issue of ['"nope!" is not an organisation code', 'is not a kind of change', '"-1" is not an account number']) expect(html).toContain(issue);
  });
});

describe('/audit/verify', () => {
  it('shows an intact chain with its head, and checks a head noted earlier', async () => {
    const last = await t.store.db.selectFrom('audit_log').select(['hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const count = await t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const { html, doc } = await page('/audit/verify', { as: 'coordinator' });
    expect(html).toContain(`${String(Number(count.n))} entries, chain intact.`);
    expect(textOf(findAll(doc, (el) => el.attrs.id === 'audit-head')[0] ?? doc)).toBe(last.hash);
    expect(html).toContain('thorbecke audit verify --head HASH');
    expect(html).toContain('utrecht-alert--ok');
    const withHead = await page(`/audit/verify?head=${last.hash}`, { as: 'coordinator' });
    expect(withHead.html).toContain('The head noted earlier is still in the log.');
    const nl = await page('/audit/verify', { as: 'coordinator', lang: 'nl' });
    expect(nl.html).toContain('de keten is intact');
    expect((await get('/audit/verify?head=xyz', { as: 'coordinator' })).status).toBe(400);
    const missing = await page(`/audit/verify?head=${'a'.repeat(64)}`, { as: 'coordinator' });
    expect(missing.html).toContain('Head missing');
  });

  it('shows tampering as an error with the entry and the kind of problem', async () => {
    const target = await t.store.db.selectFrom('audit_log').select('id').where('action', '=', 'commitment.set').where('organisation_code', '=', OTHER).executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(t.store.db);
    await sql`update audit_log set after = ${JSON.stringify({ plannedDate: '2099-12-31' })}::jsonb where id = ${target.id}`.execute(t.store.db);
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(t.store.db);
    const { html, doc } = await page('/audit/verify', { as: 'administrator' });
    expect(html).toContain('utrecht-alert--error');
    expect(html).toContain('the chain is NOT intact. Problems found: 1.');
    expect(rows(html)).toEqual([[`#${String(target.id)}`, 'Content changed', expect.stringContaining('no longer matches its hash') as string]]);
    expect(byTag(doc, 'caption').map(textOf)).toEqual(['Problems found, in the order of the log']);
    const nl = await page('/audit/verify', { as: 'coordinator', lang: 'nl' });
    expect(nl.html).toContain('de keten is NIET intact');
    expect(rows(nl.html)[0]?.[1]).toBe('Inhoud veranderd');
  });
});

describe('GET /api/v1/organisations/{code}/changes', () => {
  interface Change {
    id: number;
    action: string;
    actor: { kind: string; via: string };
    before: unknown;
    after: unknown;
  }

  it('gives the public view to everyone, token or not, newest first', async () => {
    for (const headers of [{}, { Authorization: `Bearer ${people.administrator.token}` }] as Record<string, string>[]) {
      const res = await t.app.request(`/api/v1/organisations/${OWN}/changes`, { headers });
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const secret of ['Editor gm7101', 'cli:test', IP, 'editor@gm7101.test']) expect(text).not.toContain(secret);
      const body = JSON.parse(text) as { items: Change[]; nextBefore: number | null };
      expect(body.nextBefore).toBeNull();
      expect(body.items.slice(0, 4).map((i) => [i.action, i.actor.kind, i.actor.via])).toEqual([
        ['made.up-action', 'thorbecke', 'system'],
        ['explanation.expired', 'thorbecke', 'system'],
        ['commitment.set', 'person', 'api'],
        ['commitment.set', 'person', 'cli'],
      ]);
      expect(body.items[2]?.after).toMatchObject({ plannedDate: inDays(30) });
      expect(body.items.find((i) => i.action === 'account.create')?.after).toMatchObject({ email: '[withheld]', displayName: '[withheld]' });
      const ids = body.items.map((i) => i.id);
      expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    }
  });

  it('pages with before and limit', async () => {
    const first = (await (await t.app.request(`/api/v1/organisations/${BUSY}/changes?limit=50`)).json()) as { items: Change[]; nextBefore: number | null };
    expect(first.items).toHaveLength(50);
    expect(first.nextBefore).toBe(first.items.at(-1)?.id);
    const second = (await (await t.app.request(`/api/v1/organisations/${BUSY}/changes?limit=50&before=${String(first.nextBefore)}`)).json()) as { items: Change[]; nextBefore: number | null };
    expect(second.items).toHaveLength(5);
    expect(second.nextBefore).toBeNull();
  });

  it('answers problems for an unknown organisation and bad parameters', async () => {
    const unknown = await t.app.request('/api/v1/organisations/gm9999/changes');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    for (const query of ['limit=0', 'limit=501', 'before=abc']) {
      expect((await t.app.request(`/api/v1/organisations/${OWN}/changes?${query}`)).status, query).toBe(400);
    }
  });
});
