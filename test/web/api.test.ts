import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, insertOrganisations, type TestApp } from '../support/web-app.js';
import { fixedStrategyReader } from '../support/sample-strategy.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await insertOrganisations(t.store, [
    { code: 'pv27', name: 'Provincie Noord-Holland', layer: 'provincie' },
    { code: 'gm0363', name: 'Gemeente Amsterdam', short_name: 'Amsterdam', layer: 'gemeente', province_code: 'pv27', oin: '00000001002564440000' },
    { code: 'gm0358', name: 'Gemeente Aalsmeer', layer: 'gemeente', province_code: 'pv27' },
    { code: 'gm0999', name: 'Gemeente Opgeheven', layer: 'gemeente', valid_to: '2020-01-01' },
    { code: 'mnre1034', name: 'Ministerie van BZK', layer: 'rijk' },
  ]);
  await t.store.db.updateTable('organisation').set({ successor_code: 'gm0363' }).where('code', '=', 'gm0999').execute();
  const asset = await t.store.db.insertInto('asset').values({ kind: 'web', name: 'amsterdam.nl' }).returning('id').executeTakeFirstOrThrow();
  await t.store.db.insertInto('asset_owner').values({ asset_id: asset.id, organisation_code: 'gm0363', source: 'test' }).execute();
});

afterAll(async () => {
  await t.store.close();
});

const get = (path: string, init?: RequestInit) => t.app.request(path, init);

describe('API v1', () => {
  it('lists current organisations, filtered and paginated, with API-Version and no-store', async () => {
    const res = await get('/api/v1/organisations?layer=gemeente&province=PV27');
    expect(res.status).toBe(200);
    expect(res.headers.get('API-Version')).toBe('1.0.0');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const body = (await res.json()) as { items: { code: string }[]; total: number; totalPages: number };
    expect(body.items.map((o) => o.code)).toEqual(['gm0358', 'gm0363']);
    expect(body.total).toBe(2);

    const page2 = (await (await get('/api/v1/organisations?pageSize=2&page=2')).json()) as { items: { code: string }[]; total: number };
    expect(page2.total).toBe(4);
    expect(page2.items.map((o) => o.code)).toEqual(['mnre1034', 'pv27']);
  });

  it('searches by name, code and OIN, and includes ended organisations on request', async () => {
    const byName = (await (await get('/api/v1/organisations?q=amster')).json()) as { items: { code: string }[] };
    expect(byName.items.map((o) => o.code)).toEqual(['gm0363']);
    const byOin = (await (await get('/api/v1/organisations?q=0000000100256444')).json()) as { items: { code: string }[] };
    expect(byOin.items.map((o) => o.code)).toEqual(['gm0363']);
    const ended = (await (await get('/api/v1/organisations?q=opgeheven&includeEnded=true')).json()) as { items: { code: string; successorCode: string }[] };
    expect(ended.items).toMatchObject([{ code: 'gm0999', successorCode: 'gm0363' }]);
    const hidden = (await (await get('/api/v1/organisations?q=opgeheven')).json()) as { total: number };
    expect(hidden.total).toBe(0);
  });

  it('treats % and _ in a search as text', async () => {
    const body = (await (await get('/api/v1/organisations?q=%25')).json()) as { total: number };
    expect(body.total).toBe(0);
  });

  it('answers invalid input with 400 problem+json listing every problem', async () => {
    const res = await get('/api/v1/organisations?layer=county&page=0&pageSize=9999');
    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(res.headers.get('API-Version')).toBe('1.0.0');
    const problem = (await res.json()) as { status: number; title: string; detail: string; invalidParams: { name: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.title).toBe('Bad Request');
    expect(problem.invalidParams.map((p) => p.name).sort()).toEqual(['query.layer', 'query.page', 'query.pageSize']);
  });

  it('gets one organisation with domains, predecessors and applicable targets', async () => {
    const res = await get('/api/v1/organisations/GM0363');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: 'gm0363',
      tooiUri: 'https://identifier.overheid.nl/tooi/id/gemeente/gm0363',
      layer: 'gemeente',
      provinceCode: 'pv27',
      predecessorCodes: ['gm0999'],
      domains: [{ name: 'amsterdam.nl', kind: 'web' }],
      targetIds: ['web-https-hsts', 'pqc-plan'],
    });
  });

  it('gives 404 problem+json for an unknown organisation, path or trailing slash', async () => {
    for (const path of ['/api/v1/organisations/gm9999', '/api/v1/organisations/nonsense', '/api/v1/nothing', '/api/v1/organisations/']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type'), path).toBe('application/problem+json');
    }
  });

  it('lists priorities and targets of the current strategy', async () => {
    const priorities = (await (await get('/api/v1/priorities')).json()) as { items: { id: string; targetIds: string[] }[] };
    expect(priorities.items.map((p) => p.id)).toEqual(['cloud', 'resilience']);
    expect(priorities.items[1]?.targetIds).toEqual(['web-https-hsts', 'pqc-plan']);
    const targets = (await (await get('/api/v1/targets?layer=provincie')).json()) as { items: { id: string }[] };
    expect(targets.items.map((x) => x.id)).toEqual(['web-https-hsts']);
    const byPriority = (await (await get('/api/v1/targets?priority=cloud')).json()) as { items: { id: string }[] };
    expect(byPriority.items.map((x) => x.id)).toEqual(['pqc-plan', 'cloud-eu-30']);
    const one = await get('/api/v1/targets/web-https-hsts');
    expect(await one.json()).toMatchObject({ id: 'web-https-hsts', deadline: '2018-12-31', explainAllowed: false, priorityIds: ['resilience'], history: [] });
    expect((await get('/api/v1/targets/nope')).status).toBe(404);
    expect((await get('/api/v1/priorities/nope')).status).toBe(404);
  });

  it('says 404 with a reason when no strategy has been applied', async () => {
    const empty = await createTestApp(fixedStrategyReader(null));
    const res = await empty.app.request('/api/v1/targets');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/strategy apply/);
    await empty.store.close();
  });

  it('serves its OpenAPI document publicly with CORS', async () => {
    const res = await get('/api/v1/openapi.json', { headers: { Origin: 'https://example.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const doc = (await res.json()) as { openapi: string; info: { version: string; contact: Record<string, string> } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.version).toBe('1.0.0');
    expect(Object.keys(doc.info.contact).sort()).toEqual(['email', 'name', 'url']);
  });

  it('sends the security headers of the API Design Rules', async () => {
    const res = await get('/api/v1/priorities');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Strict-Transport-Security')).toMatch(/max-age=31536000/);
    expect(res.headers.get('Content-Security-Policy')).toMatch(/frame-ancestors 'none'/);
  });
});
