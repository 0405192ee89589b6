import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AggregateHistory, AggregateList, OrganisationHistory, OrganisationProgress, TargetProgressPage } from '../../src/web/api/schemas-progress.js';
import { insertAggregateHistory, insertAggregates, insertHistory, insertProgress } from '../support/open-data-fixtures.js';
import { createTestApp, insertOrganisations, type TestApp } from '../support/web-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await insertOrganisations(t.store, [
    { code: 'pv26', name: 'Provincie Utrecht', layer: 'provincie' },
    { code: 'pv27', name: 'Provincie Noord-Holland', layer: 'provincie' },
    { code: 'gm0344', name: 'Gemeente Utrecht', layer: 'gemeente', province_code: 'pv26' },
    { code: 'gm0363', name: 'Gemeente Amsterdam', layer: 'gemeente', province_code: 'pv27' },
    { code: 'gm0358', name: 'Gemeente Aalsmeer', layer: 'gemeente', province_code: 'pv27' },
    { code: 'ws0155', name: 'Hoogheemraadschap van Rijnland', layer: 'waterschap' },
  ]);
  await insertProgress(t.store, [
    { organisation_code: 'gm0344', target_id: 'web-https-hsts', status: 'at-risk', value: 50, domains_total: 2, domains_met: 1, domains_failing: 1, deadline: '2019-12-31', planned_date: '2026-06-30', effective_date: '2026-06-30' },
    { organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'met', value: 100, domains_total: 2, domains_met: 2, deadline: '2019-12-31', effective_date: '2019-12-31' },
    { organisation_code: 'gm0358', target_id: 'web-https-hsts', status: 'overdue', value: 0, domains_total: 1, domains_failing: 1, deadline: '2019-12-31', effective_date: '2019-12-31' },
    { organisation_code: 'ws0155', target_id: 'web-https-hsts', status: 'unknown', domains_total: 1, domains_unknown: 1 },
    { organisation_code: 'gm0363', target_id: 'pqc-plan', status: 'on-track', deadline: '2030-12-31', forecast_date: '2029-01-07' },
  ]);
  await t.store.db
    .insertInto('progress_domain')
    .values([
      { organisation_code: 'gm0363', target_id: 'web-https-hsts', domain: 'amsterdam.nl', outcome: 'pass', explanation_id: null },
      { organisation_code: 'gm0363', target_id: 'web-https-hsts', domain: 'oud.amsterdam.nl', outcome: 'fail', explanation_id: 7 },
    ])
    .execute();
  await insertAggregates(t.store, [
    { scope_kind: 'nation', scope_id: 'nl', target_id: 'web-https-hsts', organisations: 4, met: 1, at_risk: 1, overdue: 1, unknown: 1, domains_total: 6, domains_met: 3, domains_unknown: 1 },
    { scope_kind: 'nation', scope_id: 'nl', target_id: 'pqc-plan', organisations: 1, on_track: 1 },
    { scope_kind: 'layer', scope_id: 'gemeente', target_id: 'web-https-hsts', organisations: 3, met: 1, at_risk: 1, overdue: 1 },
    { scope_kind: 'layer', scope_id: 'waterschap', target_id: 'web-https-hsts', organisations: 1, unknown: 1 },
    { scope_kind: 'province', scope_id: 'pv27', target_id: 'web-https-hsts', organisations: 2, met: 1, overdue: 1 },
  ], '2026-03-02T10:00:00Z');
  await insertAggregateHistory(t.store, [
    { period: '2026-02-09', scope_kind: 'nation', scope_id: 'nl', target_id: 'web-https-hsts', organisations: 4, met: 0 },
    { period: '2026-02-16', scope_kind: 'nation', scope_id: 'nl', target_id: 'web-https-hsts', organisations: 4, met: 1 },
    { period: '2026-02-16', scope_kind: 'nation', scope_id: 'nl', target_id: 'pqc-plan', organisations: 1, on_track: 1 },
    { period: '2026-02-16', scope_kind: 'province', scope_id: 'pv27', target_id: 'web-https-hsts', organisations: 2, met: 1 },
  ]);
  await insertHistory(t.store, [
    { period: '2026-02-09', organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'at-risk', value: 50, domains_total: 2, domains_met: 1 },
    { period: '2026-02-16', organisation_code: 'gm0363', target_id: 'web-https-hsts', status: 'met', value: 100, domains_total: 2, domains_met: 2 },
    { period: '2026-02-16', organisation_code: 'gm0363', target_id: 'pqc-plan', status: 'on-track' },
  ]);
});

afterAll(async () => {
  await t.store.close();
});

async function getJson(path: string, status = 200): Promise<unknown> {
  const res = await t.app.request(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('API-Version')).toBe('1.0.0');
  if (status !== 200) expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  return res.json();
}

const paramNames = (problem: unknown): string[] => (problem as { invalidParams?: { name: string }[] }).invalidParams?.map((p) => p.name) ?? [];

describe('GET /api/v1/progress', () => {
  it('gives every current figure, with camelCase counts and when they were computed', async () => {
    const body = AggregateList.parse(await getJson('/api/v1/progress'));
    expect(body.updatedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(body.items).toHaveLength(5);
    expect(body.items.find((a) => a.scopeKind === 'nation' && a.targetId === 'web-https-hsts')?.counts).toEqual({
      organisations: 4, met: 1, explained: 0, onTrack: 0, atRisk: 1, overdue: 1, unknown: 1, domainsTotal: 6, domainsMet: 3, domainsUnknown: 1,
    });
  });

  it('filters by scope, area and target', async () => {
    const layers = AggregateList.parse(await getJson('/api/v1/progress?scope=layer'));
    expect(layers.items.map((a) => a.scopeId)).toEqual(['gemeente', 'waterschap']);
    const one = AggregateList.parse(await getJson('/api/v1/progress?scope=layer&id=gemeente&target=web-https-hsts'));
    expect(one.items.map((a) => [a.scopeId, a.targetId])).toEqual([['gemeente', 'web-https-hsts']]);
    const province = AggregateList.parse(await getJson('/api/v1/progress?scope=province&id=PV27'));
    expect(province.items.map((a) => a.scopeId)).toEqual(['pv27']);
    const nation = AggregateList.parse(await getJson('/api/v1/progress?scope=nation&target=pqc-plan'));
    expect(nation.items.map((a) => a.counts.onTrack)).toEqual([1]);
  });

  it('answers bad or unknown filters with 400 or 404', async () => {
    expect(paramNames(await getJson('/api/v1/progress?scope=county', 400))).toEqual(['query.scope']);
    expect(paramNames(await getJson('/api/v1/progress?id=gemeente', 400))).toEqual(['query.id']);
    expect(paramNames(await getJson('/api/v1/progress?scope=layer&id=county', 400))).toEqual(['query.id']);
    await getJson('/api/v1/progress?target=no-such-target', 404);
    await getJson('/api/v1/progress?scope=province&id=pv99', 404);
  });
});

describe('GET /api/v1/progress/history', () => {
  it("gives the nation's weekly figures by default, oldest first per target", async () => {
    const body = AggregateHistory.parse(await getJson('/api/v1/progress/history'));
    expect(body.items.map((p) => `${p.targetId} ${p.period} ${String(p.counts.met)}`)).toEqual([
      'pqc-plan 2026-02-16 0',
      'web-https-hsts 2026-02-09 0',
      'web-https-hsts 2026-02-16 1',
    ]);
  });

  it('narrows by area, target and date', async () => {
    const since = AggregateHistory.parse(await getJson('/api/v1/progress/history?target=web-https-hsts&since=2026-02-10'));
    expect(since.items.map((p) => p.period)).toEqual(['2026-02-16']);
    const province = AggregateHistory.parse(await getJson('/api/v1/progress/history?scope=province&id=pv27'));
    expect(province.items.map((p) => [p.scopeId, p.period])).toEqual([['pv27', '2026-02-16']]);
  });

  it('needs an id for a layer or province, and a date for since', async () => {
    expect(paramNames(await getJson('/api/v1/progress/history?scope=layer', 400))).toEqual(['query.id']);
    expect(paramNames(await getJson('/api/v1/progress/history?since=last-week', 400))).toEqual(['query.since']);
    await getJson('/api/v1/progress/history?target=no-such-target', 404);
  });
});

describe('GET /api/v1/targets/{id}/progress', () => {
  it('lists organisations by name with their progress, paginated', async () => {
    const body = TargetProgressPage.parse(await getJson('/api/v1/targets/web-https-hsts/progress?pageSize=2'));
    expect(body).toMatchObject({ targetId: 'web-https-hsts', page: 1, pageSize: 2, total: 4, totalPages: 2 });
    expect(body.items.map((i) => i.organisationName)).toEqual(['Gemeente Aalsmeer', 'Gemeente Amsterdam']);
    expect(body.items[1]).toMatchObject({
      organisationCode: 'gm0363',
      layer: 'gemeente',
      provinceCode: 'pv27',
      status: 'met',
      value: 100,
      domains: { total: 2, met: 2, failing: 0, unknown: 0, explained: 0 },
      deadline: '2019-12-31',
      plannedDate: null,
    });
    const page2 = TargetProgressPage.parse(await getJson('/api/v1/targets/web-https-hsts/progress?pageSize=2&page=2'));
    expect(page2.items.map((i) => i.organisationCode)).toEqual(['gm0344', 'ws0155']);
  });

  it('filters by layer, province and status', async () => {
    const byLayer = TargetProgressPage.parse(await getJson('/api/v1/targets/web-https-hsts/progress?layer=waterschap'));
    expect(byLayer.items.map((i) => i.organisationCode)).toEqual(['ws0155']);
    const byProvince = TargetProgressPage.parse(await getJson('/api/v1/targets/web-https-hsts/progress?province=PV27'));
    expect(byProvince.items.map((i) => i.organisationCode)).toEqual(['gm0358', 'gm0363']);
    const byStatus = TargetProgressPage.parse(await getJson('/api/v1/targets/web-https-hsts/progress?status=at-risk'));
    expect(byStatus.items.map((i) => i.organisationCode)).toEqual(['gm0344']);
  });

  it('answers an unknown target with 404 and bad filters with 400', async () => {
    await getJson('/api/v1/targets/no-such-target/progress', 404);
    const problem = await getJson('/api/v1/targets/web-https-hsts/progress?status=great&layer=county&pageSize=0', 400);
    expect(paramNames(problem).sort()).toEqual(['query.layer', 'query.pageSize', 'query.status']);
  });
});

describe('GET /api/v1/organisations/{code}/progress', () => {
  it('gives every target with the outcome per domain behind it', async () => {
    const body = OrganisationProgress.parse(await getJson('/api/v1/organisations/GM0363/progress'));
    expect(body.organisationCode).toBe('gm0363');
    expect(body.items.map((i) => [i.targetId, i.status])).toEqual([
      ['pqc-plan', 'on-track'],
      ['web-https-hsts', 'met'],
    ]);
    expect(body.items[0]).toMatchObject({ forecastDate: '2029-01-07', value: null, domainOutcomes: [] });
    expect(body.items[1]?.domainOutcomes).toEqual([
      { domain: 'amsterdam.nl', outcome: 'pass', explanationId: null },
      { domain: 'oud.amsterdam.nl', outcome: 'fail', explanationId: 7 },
    ]);
  });

  it('gives its weekly history, narrowed by target and date', async () => {
    const all = OrganisationHistory.parse(await getJson('/api/v1/organisations/gm0363/progress/history'));
    expect(all.items.map((p) => `${p.targetId} ${p.period} ${p.status}`)).toEqual([
      'pqc-plan 2026-02-16 on-track',
      'web-https-hsts 2026-02-09 at-risk',
      'web-https-hsts 2026-02-16 met',
    ]);
    const narrowed = OrganisationHistory.parse(await getJson('/api/v1/organisations/gm0363/progress/history?target=web-https-hsts&since=2026-02-10'));
    expect(narrowed.items).toEqual([{ period: '2026-02-16', targetId: 'web-https-hsts', status: 'met', value: 100, domainsTotal: 2, domainsMet: 2 }]);
  });

  it('answers an unknown organisation or target with 404', async () => {
    await getJson('/api/v1/organisations/gm9999/progress', 404);
    await getJson('/api/v1/organisations/gm9999/progress/history', 404);
    await getJson('/api/v1/organisations/gm0363/progress/history?target=no-such-target', 404);
    expect(paramNames(await getJson('/api/v1/organisations/gm0363/progress/history?since=2026-13-45', 400))).toEqual(['query.since']);
  });
});
