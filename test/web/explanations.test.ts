import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../src/progress/dates.js';
import { accountabilityStrategy, observe, seedOwners } from '../support/accountability-fixtures.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';
import { byTag, createTestApp, fetchPage, findAll, textOf, type TestApp } from '../support/web-app.js';

const TOKEN = 'x7Qe2-local-token-for-explanation-tests-0123';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const inDays = (n: number): string => addDays(isoDay(new Date()), n);

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp(fixedStrategyReader(accountabilityStrategy()), {}, { localToken: TOKEN });
  await seedOwners(t.store.db, { gm7101: { layer: 'gemeente', domains: ['web-a.nl'] }, gm7102: { layer: 'gemeente', domains: ['web-b.nl'] } });
  await observe(t.store.db, 'web-a.nl', 'mail.dane', 'fail');
});
afterAll(async () => {
  await t.store.close();
});

interface Problem {
  status: number;
  detail: string;
  invalidParams?: { name: string; reason: string }[];
}

async function problem(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  return (await res.json()) as Problem;
}

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) =>
  t.app.request(`/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

const finding = (over: Record<string, unknown> = {}) => ({
  scope: 'finding',
  targetId: 'mail-secure',
  organisationCode: 'gm7101',
  domain: 'web-a.nl',
  checkId: 'mail.dane',
  reason: 'Het mailplatform biedt nog geen DANE; <b>migratie</b> loopt.',
  expiresOn: inDays(90),
  author: 'CISO Gemeente 7101',
  ...over,
});

describe('explanations API', () => {
  it('refuses writes without the local token before validating anything', async () => {
    expect((await problem(await send('POST', '/explanations', { nonsense: true }, {}), 401)).detail).toMatch(/needs an API token/);
    await problem(await send('POST', '/explanations', finding(), { Authorization: 'Bearer wrong' }), 401);
    await problem(await send('POST', '/explanations/1/decision', { decision: 'approve', by: 'x' }, {}), 401);
    await problem(await send('PUT', '/organisations/gm7101/commitments/mail-secure', {}, {}), 401);
    await problem(await send('DELETE', '/organisations/gm7101/commitments/mail-secure?by=x', undefined, {}), 401);
  });

  it('lists every invalid field as invalidParams', async () => {
    const body = await problem(await send('POST', '/explanations', finding({ reason: 'short', expiresOn: 'tomorrow', scope: 'everything' })), 400);
    expect(body.invalidParams?.map((p) => p.name).sort()).toEqual(['json.expiresOn', 'json.reason', 'json.scope']);
    const semantic = await problem(await send('POST', '/explanations', finding({ domain: 'web-b.nl', expiresOn: inDays(400) })), 400);
    expect(semantic.invalidParams).toEqual(
      expect.arrayContaining([
        { name: 'domain', reason: 'web-b.nl is not a domain of gm7101' },
        { name: 'expiresOn', reason: expect.stringMatching(/^an explanation runs at most one year/) as string },
      ]),
    );
  });

  it('proposes, decides and shows an explanation; 404 and 409 where due', async () => {
    const created = await send('POST', '/explanations', finding());
    expect(created.status).toBe(201);
    const e = (await created.json()) as { id: number; state: string };
    expect(created.headers.get('Location')).toBe(`/api/v1/explanations/${String(e.id)}`);
    expect(e.state).toBe('proposed');

    const decided = await send('POST', `/explanations/${String(e.id)}/decision`, { decision: 'approve', by: 'Coördinator BZK', note: 'Akkoord' });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({
      changesStatus: true,
      notice: null,
      explanation: { state: 'approved', decidedBy: 'Coördinator BZK', basis: { scope: 'finding', status: 'fail' } },
    });
    expect((await problem(await send('POST', `/explanations/${String(e.id)}/decision`, { decision: 'reject', by: 'x', note: 'no' }), 409)).detail).toMatch(/only a proposed/);

    const one = await t.app.request(`/api/v1/explanations/${String(e.id)}`);
    expect(one.status).toBe(200);
    await problem(await t.app.request('/api/v1/explanations/987654'), 404);
    const list = (await (await t.app.request('/api/v1/explanations?organisation=gm7101&state=approved')).json()) as { items: { id: number }[]; total: number };
    expect(list.items.map((x) => x.id)).toContain(e.id);
    expect((await problem(await t.app.request('/api/v1/explanations?state=gone'), 400)).invalidParams?.[0]?.name).toBe('query.state');
  });

  it('sets, lists and removes commitments', async () => {
    const put = await send('PUT', '/organisations/gm7102/commitments/mail-secure', { plannedDate: '2027-06-30', milestones: [{ date: '2027-01-31', value: 50 }], by: 'CIO' });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ organisationCode: 'gm7102', plannedDate: '2027-06-30', milestones: [{ date: '2027-01-31', value: 50 }] });
    const late = await problem(await send('PUT', '/organisations/gm7102/commitments/web-https-hsts', { plannedDate: '2030-01-01', by: 'CIO' }), 400);
    expect(late.detail).toMatch(/does not allow a planned date after its deadline/);
    const list = (await (await t.app.request('/api/v1/commitments?organisation=gm7102')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    expect((await send('DELETE', '/organisations/gm7102/commitments/mail-secure?by=CIO')).status).toBe(204);
    await problem(await send('DELETE', '/organisations/gm7102/commitments/mail-secure?by=CIO'), 404);
  });
});

describe('explanation pages', () => {
  let id = 0;
  beforeAll(async () => {
    const res = await send('POST', '/explanations', finding({ organisationCode: 'gm7102', scope: 'target', domain: undefined, checkId: undefined, targetId: 'web-https-hsts' }));
    id = ((await res.json()) as { id: number }).id;
    await send('POST', `/explanations/${String(id)}/decision`, { decision: 'approve', by: 'Coördinator' });
  });

  for (const lang of ['nl', 'en'] as const) {
    it(`lists explanations with filters and download links (${lang})`, async () => {
      const { res, doc, html } = await fetchPage(t.app, '/explanations?organisation=gm7102', lang);
      expect(res.status).toBe(200);
      expect(byTag(doc, 'h1').map(textOf)).toEqual([lang === 'nl' ? 'Uitleg: pas toe of leg uit' : 'Explanations: comply or explain']);
      const table = findAll(doc, (el) => el.attrs.id === 'explanations-table')[0];
      expect(table).toBeDefined();
      const cells = table ? textOf(table) : '';
      expect(cells).toContain('Organisatie gm7102');
      expect(cells).toContain(lang === 'nl' ? 'Heel het doel' : 'The whole target');
      expect(cells).toContain(lang === 'nl' ? 'Goedgekeurd' : 'Approved');
      // the reason is escaped text, never markup
      expect(html).toContain('&lt;b&gt;migratie&lt;/b&gt;');
      expect(html).not.toContain('<b>migratie</b>');
      expect(findAll(doc, (el) => el.name === 'a' && el.attrs.href === '/data/explanations.csv')).toHaveLength(1);
      expect(findAll(doc, (el) => el.name === 'th' && el.attrs.scope === 'row')).toHaveLength(1);
    });

    it(`shows one explanation with its life and the context-only notice (${lang})`, async () => {
      const { res, doc } = await fetchPage(t.app, `/explanations/${String(id)}`, lang);
      expect(res.status).toBe(200);
      expect(textOf(byTag(doc, 'h1')[0] ?? doc)).toBe(lang === 'nl' ? `Uitleg ${String(id)}` : `Explanation ${String(id)}`);
      const text = textOf(doc);
      expect(text).toContain(lang === 'nl' ? 'de status verandert er niet door' : 'the status is not changed');
      const life = findAll(doc, (el) => el.attrs.id === 'life-table')[0];
      expect(life ? textOf(life) : '').toMatch(lang === 'nl' ? /Voorgesteld.*Goedgekeurd.*Coördinator/ : /Proposed.*Approved.*Coördinator/);
    });
  }

  it('answers 400 for a bad filter and 404 for an unknown explanation', async () => {
    const bad = await fetchPage(t.app, '/explanations?state=gone&page=x', 'en');
    expect(bad.res.status).toBe(400);
    expect(textOf(bad.doc)).toContain('"gone" is not a state of an explanation.');
    expect((await fetchPage(t.app, '/explanations/424242', 'nl')).res.status).toBe(404);
    expect((await fetchPage(t.app, '/explanations/abc', 'nl')).res.status).toBe(404);
  });
});
