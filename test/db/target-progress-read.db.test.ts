import { beforeAll, expect, it } from 'vitest';
import { regionStatuses, targetProgressPage, type TargetListQuery } from '../../src/store/target-progress-read.js';
import { describeEachEngine } from '../support/engines.js';

const TARGET = 'dash-sort-target';

describeEachEngine('target progress reads', (ctx) => {
  const db = () => ctx.store().db;

  beforeAll(async () => {
    await db()
      .insertInto('organisation')
      .values(
        [
          ['gm7001', 'Gemeente Ede', 'pv25'],
          ['gm7002', 'Gemeente Almere', 'pv24'],
          ['gm7003', 'Gemeente Breda', 'pv30'],
          ['pv25', 'Provincie Gelderland', null],
          ['ws7004', 'Waterschap Vallei', null],
        ].map(([code, name, province]) => ({
          code: code ?? '',
          name: name ?? '',
          layer: code?.startsWith('gm') === true ? 'gemeente' : code?.startsWith('pv') === true ? 'provincie' : 'waterschap',
          province_code: province ?? null,
          source: 'test',
        })),
      )
      .execute();
    const row = (code: string, status: 'met' | 'at-risk' | 'unknown' | 'overdue', value: number | null, planned: string | null) => ({
      organisation_code: code,
      target_id: TARGET,
      status,
      value,
      planned_date: planned,
      reason: 'test',
    });
    await db()
      .insertInto('progress')
      .values([
        row('gm7001', 'unknown', null, null),
        row('gm7002', 'met', 100, null),
        row('gm7003', 'at-risk', 40, '2027-01-01'),
        row('pv25', 'overdue', 10, '2026-06-01'),
        row('ws7004', 'at-risk', 60, null),
      ])
      .execute();
  });

  const q = (over: Partial<TargetListQuery>): TargetListQuery => ({ sort: 'name', order: 'asc', limit: 100, offset: 0, ...over });
  const codes = async (over: Partial<TargetListQuery>): Promise<string[]> => (await targetProgressPage(db(), TARGET, q(over))).rows.map((r) => r.organisationCode);

  it('sorts by name, value, status rank and own date, missing values last in both orders', async () => {
    expect(await codes({})).toEqual(['gm7002', 'gm7003', 'gm7001', 'pv25', 'ws7004']);
    expect(await codes({ order: 'desc' })).toEqual(['ws7004', 'pv25', 'gm7001', 'gm7003', 'gm7002']);
    expect(await codes({ sort: 'value', order: 'desc' })).toEqual(['gm7002', 'ws7004', 'gm7003', 'pv25', 'gm7001']);
    expect(await codes({ sort: 'value' })).toEqual(['pv25', 'gm7003', 'ws7004', 'gm7002', 'gm7001']);
    expect(await codes({ sort: 'status' })).toEqual(['gm7002', 'gm7003', 'ws7004', 'gm7001', 'pv25']);
    expect(await codes({ sort: 'planned', order: 'desc' })).toEqual(['gm7003', 'pv25', 'gm7002', 'gm7001', 'ws7004']);
  });

  it('filters, pages and counts', async () => {
    const page = await targetProgressPage(db(), TARGET, q({ layer: 'gemeente', limit: 2, offset: 2 }));
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.organisationCode, r.name, r.layer, r.provinceCode, r.value])).toEqual([['gm7001', 'Gemeente Ede', 'gemeente', 'pv25', null]]);
    expect(await codes({ province: 'pv25' })).toEqual(['gm7001']);
    expect(await codes({ status: 'at-risk' })).toEqual(['gm7003', 'ws7004']);
  });

  it('gives the status of every municipality and province for the maps', async () => {
    const statuses = await regionStatuses(db(), TARGET);
    expect(Object.fromEntries(statuses)).toEqual({ gm7001: 'unknown', gm7002: 'met', gm7003: 'at-risk', pv25: 'overdue' });
  });
});
