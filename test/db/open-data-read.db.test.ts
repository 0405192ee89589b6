import { beforeAll, expect, it } from 'vitest';
import { explanationsUpdatedAt, progressWithOrganisations, publicExplanations } from '../../src/store/open-data-read.js';
import { describeEachEngine } from '../support/engines.js';
import { insertProgress } from '../support/open-data-fixtures.js';
import { insertOrganisations } from '../support/web-app.js';

describeEachEngine('open data reads', (ctx) => {
  const db = () => ctx.store().db;

  beforeAll(async () => {
    await insertOrganisations(ctx.store(), [
      { code: 'gm0014', name: 'Gemeente Groningen', layer: 'gemeente', province_code: 'pv20' },
      { code: 'gm0005', name: 'Gemeente Bedum', layer: 'gemeente', province_code: 'pv20' },
      { code: 'ws0017', name: 'Waterschap Noorderzijlvest', layer: 'waterschap' },
    ]);
    await insertProgress(ctx.store(), [
      { organisation_code: 'gm0014', target_id: 'b-target', status: 'met', value: 100, domains_total: 3, domains_met: 3, deadline: '2026-12-31' },
      { organisation_code: 'gm0014', target_id: 'a-target', status: 'at-risk', value: 66.66666666666667, domains_total: 3, domains_met: 2, domains_failing: 1 },
      { organisation_code: 'gm0005', target_id: 'a-target', status: 'unknown', value: null },
      { organisation_code: 'ws0017', target_id: 'a-target', status: 'overdue', value: 0, updated_at: '2026-03-03T12:00:00Z' },
    ]);
    await db()
      .insertInto('explanation')
      .values([
        { scope: 'domain', target_id: 'a-target', organisation_code: 'gm0014', domain: 'oud.groningen.nl', reason: 'Wordt in juni uitgezet.', author: 'ICT Groningen', state: 'approved', expires_on: '2026-06-30', created_at: '2026-01-01T08:00:00Z', decided_at: '2026-01-10T08:00:00Z', decided_by: 'coordinator' },
        { scope: 'finding', target_id: 'a-target', organisation_code: 'ws0017', domain: 'noorderzijlvest.nl', check_id: 'web-hsts', reason: 'Leverancier past dit in maart aan.', author: 'ICT Waterschap', state: 'lapsed', expires_on: '2026-12-31', created_at: '2026-02-01T08:00:00Z', ended_at: '2026-02-20T08:00:00Z', ended_reason: 'result changed' },
      ])
      .execute();
  });

  it('reads progress with the organisation, ordered by organisation and target, with numbers and dates as such', async () => {
    const rows = await progressWithOrganisations(db());
    expect(rows.map((r) => `${r.organisationCode} ${r.targetId}`)).toEqual(['gm0005 a-target', 'gm0014 a-target', 'gm0014 b-target', 'ws0017 a-target']);
    expect(rows[1]).toMatchObject({ name: 'Gemeente Groningen', layer: 'gemeente', provinceCode: 'pv20', status: 'at-risk', value: 66.66666666666667, domainsFailing: 1 });
    expect(rows[2]?.deadline).toBe('2026-12-31');
    expect(rows[0]?.value).toBeNull();
    expect(rows[3]?.updatedAt).toEqual(new Date('2026-03-03T12:00:00Z'));
  });

  it('narrows progress to one organisation or one target', async () => {
    expect((await progressWithOrganisations(db(), { organisationCode: 'gm0014' })).map((r) => r.targetId)).toEqual(['a-target', 'b-target']);
    expect((await progressWithOrganisations(db(), { targetId: 'b-target' })).map((r) => r.organisationCode)).toEqual(['gm0014']);
    expect(await progressWithOrganisations(db(), { organisationCode: 'gm0014', targetId: 'c-target' })).toEqual([]);
  });

  it('reads the public fields of explanations, by id', async () => {
    const rows = await publicExplanations(db());
    expect(rows).toHaveLength(2);
    expect(typeof rows[0]?.id).toBe('number');
    expect(rows[0]).toMatchObject({ scope: 'domain', domain: 'oud.groningen.nl', checkId: null, expiresOn: '2026-06-30', decidedAt: new Date('2026-01-10T08:00:00Z') });
    expect(rows[1]).toMatchObject({ scope: 'finding', checkId: 'web-hsts', state: 'lapsed', decidedAt: null });
    expect(Object.keys(rows[0] ?? {})).not.toContain('decided_by');
  });

  it('knows when explanations last changed: created, decided or ended', async () => {
    expect(await explanationsUpdatedAt(db())).toEqual(new Date('2026-02-20T08:00:00Z'));
    await db().deleteFrom('explanation').execute();
    expect(await explanationsUpdatedAt(db())).toBeUndefined();
  });
});
