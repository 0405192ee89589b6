import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/domain/check.js';
import { parseStrategy } from '../../src/strategy/load.js';
import type { Strategy, Target } from '../../src/strategy/schema.js';
import { recordReport } from '../../src/store/observations.js';
import { aggregates, progressDomains, progressOfOrganisation } from '../../src/store/progress-read.js';
import { refreshProgress } from '../../src/store/progress-refresh.js';
import { rebuildHistory } from '../../src/store/progress-history.js';
import { describeEachEngine } from '../support/engines.js';

const small = parseStrategy(readFileSync(new URL('../fixtures/strategy/small.yaml', import.meta.url), 'utf8'), 'small.yaml');
const webHttps = small.targets.find((t) => t.id === 'web-https') as Target;
/** A target like web-https, but with a deadline ahead and explaining allowed. */
const webFuture: Target = { ...webHttps, id: 'web-future', deadline: '2027-06-30', explainAllowed: true };
const strategy: Strategy = { ...small, targets: [...small.targets, webFuture] };

const NOW = new Date('2026-11-29T12:00:00Z');

describeEachEngine('progress refresh', (ctx) => {
  const db = () => ctx.store().db;

  const observe = async (domain: string, statuses: Record<string, CheckStatus>, at = new Date('2026-11-01T08:00:00Z')): Promise<void> => {
    await recordReport(
      db(),
      { domain, measuredAt: at.toISOString(), scanner: { version: 'test' }, checks: Object.entries(statuses).map(([id, status]) => ({ id, status, reason: `${id} ${status}`, facts: { status } })) },
      { confirmDelayMs: 0, now: NOW },
    );
  };
  const statusOf = async (code: string, target: string) => (await progressOfOrganisation(db(), code)).find((r) => r.targetId === target);

  beforeEach(async () => {
    for (const table of ['progress', 'progress_domain', 'progress_aggregate', 'progress_history', 'progress_aggregate_history', 'progress_dirty', 'progress_event', 'commitment', 'explanation', 'observation_evidence', 'observation', 'asset_owner', 'asset', 'organisation']) {
      await sql`delete from ${sql.table(table)}`.execute(db());
    }
    await db()
      .insertInto('organisation')
      .values([
        { code: 'gm7101', name: 'Gemeente Een', layer: 'gemeente', province_code: 'pv27', source: 'test' },
        { code: 'gm7102', name: 'Gemeente Twee', layer: 'gemeente', province_code: 'pv26', source: 'test' },
        { code: 'pv27', name: 'Provincie Noord', layer: 'provincie', source: 'test' },
      ])
      .execute();
    const assets = await db()
      .insertInto('asset')
      .values([
        { kind: 'web', name: 'a.example' },
        { kind: 'mail', name: 'a.example' },
        { kind: 'web', name: 'b.example' },
        { kind: 'web', name: 'c.example' },
        { kind: 'mail', name: 'p.example' },
      ])
      .returning(['id', 'kind', 'name'])
      .execute();
    const owner = (name: string, kind: string, code: string) => ({ asset_id: assets.find((a) => a.name === name && a.kind === kind)?.id ?? 0, organisation_code: code, source: 'test' });
    await db()
      .insertInto('asset_owner')
      .values([owner('a.example', 'web', 'gm7101'), owner('a.example', 'mail', 'gm7101'), owner('b.example', 'web', 'gm7101'), owner('c.example', 'web', 'gm7102'), owner('p.example', 'mail', 'pv27')])
      .execute();
    await observe('a.example', { 'web.https.available': 'pass', 'web.https.hsts': 'warning', 'mail.dmarc': 'pass', 'mail.dmarc.policy': 'pass' });
    await observe('b.example', { 'web.https.available': 'pass', 'web.https.hsts': 'fail' });
    await observe('c.example', { 'web.https.available': 'error', 'web.https.hsts': 'pass' });
    await observe('p.example', { 'mail.dmarc': 'pass', 'mail.dmarc.policy': 'fail' });
  });

  it('derives each organisation’s status per target from its domains, deadlines and planned dates', async () => {
    const outcome = await refreshProgress(db(), strategy, { now: NOW });
    expect(outcome.organisations).toBe(3);
    expect(await statusOf('gm7101', 'web-https')).toMatchObject({ status: 'overdue', value: 50, domainsTotal: 2, domainsMet: 1, domainsFailing: 1 });
    // c.example could not be measured: unknown, never met, and counted in the denominator.
    expect(await statusOf('gm7102', 'web-https')).toMatchObject({ status: 'unknown', value: 0, domainsUnknown: 1 });
    expect(await statusOf('gm7101', 'mail-dmarc')).toMatchObject({ status: 'met', value: 100, domainsTotal: 1 });
    expect(await statusOf('pv27', 'mail-dmarc')).toMatchObject({ status: 'overdue', value: 0 });
    expect(await statusOf('pv27', 'web-https')).toBeUndefined();
    // 213 days before the deadline and no trend yet: on track.
    expect(await statusOf('gm7101', 'web-future')).toMatchObject({ status: 'on-track', effectiveDate: '2027-06-30' });
    expect((await progressDomains(db(), 'gm7101', 'web-https')).map((d) => [d.domain, d.outcome])).toEqual([
      ['a.example', 'pass'],
      ['b.example', 'fail'],
    ]);

    const nation = (await aggregates(db(), { scopeKind: 'nation', targetId: 'web-https' }))[0];
    expect(nation?.counts).toMatchObject({ organisations: 2, overdue: 1, unknown: 1, met: 0, domains_total: 3, domains_met: 1, domains_unknown: 1 });
    const province = await aggregates(db(), { scopeKind: 'province', scopeId: 'pv27', targetId: 'web-https' });
    expect(province[0]?.counts).toMatchObject({ organisations: 1, overdue: 1 });
    const layer = await aggregates(db(), { scopeKind: 'layer', scopeId: 'provincie', targetId: 'mail-dmarc' });
    expect(layer[0]?.counts).toMatchObject({ organisations: 1, overdue: 1 });
  });

  it('uses the earlier planned date, and an approved explanation of the failing domain makes it explained', async () => {
    await refreshProgress(db(), strategy, { now: NOW });
    await db()
      .insertInto('commitment')
      .values({ organisation_code: 'gm7101', target_id: 'web-future', planned_date: '2027-01-15', set_by: 'test' })
      .execute();
    await sql`insert into progress_dirty (organisation_code) values ('gm7101')`.execute(db());
    await refreshProgress(db(), strategy, { now: NOW });
    expect(await statusOf('gm7101', 'web-future')).toMatchObject({ status: 'at-risk', plannedDate: '2027-01-15', effectiveDate: '2027-01-15' });

    const { id } = await db()
      .insertInto('explanation')
      .values({ scope: 'domain', target_id: 'web-future', organisation_code: 'gm7101', domain: 'b.example', reason: 'Replaced by a new site in 2027.', author: 'test', state: 'approved', expires_on: '2027-06-01', decided_by: 'coordinator', decided_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into progress_dirty (organisation_code) values ('gm7101')`.execute(db());
    await refreshProgress(db(), strategy, { now: NOW });
    expect(await statusOf('gm7101', 'web-future')).toMatchObject({ status: 'explained', domainsExplained: 1 });
    expect((await progressDomains(db(), 'gm7101', 'web-future')).find((d) => d.domain === 'b.example')?.explanationId).toBe(id);
    // web-https allows no explanation: the same domain is not explained there, and the status stays overdue.
    expect(await statusOf('gm7101', 'web-https')).toMatchObject({ status: 'overdue' });
  });

  it('is incremental: a changed observation recomputes only the organisations that own the domain, and records the change', async () => {
    await refreshProgress(db(), strategy, { now: NOW });
    const before = await db().selectFrom('progress').select(['organisation_code', 'updated_at']).execute();
    // A changed result waits for a confirming re-check before it counts: the first report changes nothing yet.
    await observe('b.example', { 'web.https.available': 'pass', 'web.https.hsts': 'pass' }, new Date('2026-11-29T09:00:00Z'));
    expect(await db().selectFrom('progress_dirty').select('organisation_code').execute()).toEqual([]);
    await observe('b.example', { 'web.https.available': 'pass', 'web.https.hsts': 'pass' }, new Date('2026-11-29T09:30:00Z'));
    const dirty = await db().selectFrom('progress_dirty').select('organisation_code').execute();
    expect(dirty.map((d) => d.organisation_code)).toEqual(['gm7101']);
    const outcome = await refreshProgress(db(), strategy, { now: NOW });
    expect(outcome.organisations).toBe(1);
    expect(await statusOf('gm7101', 'web-https')).toMatchObject({ status: 'met', value: 100 });
    const after = await db().selectFrom('progress').select(['organisation_code', 'updated_at']).execute();
    const unchanged = (code: string) =>
      before.filter((b) => b.organisation_code === code).every((b) => after.some((a) => a.organisation_code === code && a.updated_at.getTime() === b.updated_at.getTime()));
    expect(unchanged('gm7102')).toBe(true);
    expect(unchanged('pv27')).toBe(true);
    const events = await db().selectFrom('progress_event').select(['kind', 'target_id', 'detail']).where('organisation_code', '=', 'gm7101').execute();
    expect(events).toContainEqual({ kind: 'status-improved', target_id: 'web-https', detail: { from: 'overdue', to: 'met', value: 100 } });
    // An unchanged report marks nothing.
    await observe('b.example', { 'web.https.available': 'pass', 'web.https.hsts': 'pass' }, new Date('2026-11-29T10:00:00Z'));
    expect(await db().selectFrom('progress_dirty').select('organisation_code').execute()).toEqual([]);
  });

  it('rebuilds weekly history from the observation intervals', async () => {
    // b.example failed HSTS until 2026-11-10, then passed.
    await observe('b.example', { 'web.https.available': 'pass', 'web.https.hsts': 'pass' }, new Date('2026-11-10T08:00:00Z'));
    await observe('b.example', { 'web.https.available': 'pass', 'web.https.hsts': 'pass' }, new Date('2026-11-10T09:00:00Z'));
    const outcome = await rebuildHistory(db(), strategy, { from: '2026-10-19', to: '2026-11-22' });
    expect(outcome.weeks).toBe(5);
    const rows = await db()
      .selectFrom('progress_history')
      .select(['period', 'value', 'status'])
      .where('organisation_code', '=', 'gm7101')
      .where('target_id', '=', 'web-https')
      .orderBy('period')
      .execute();
    // Week of 19 Oct: nothing measured yet (unknown); from the week of 26 Oct (ends 1 Nov, first measured): half;
    // from the week of 9 Nov (b.example confirmed passing on 10 Nov): both pass.
    expect(rows.map((r) => [r.period, r.value, r.status])).toEqual([
      ['2026-10-19', 0, 'unknown'],
      ['2026-10-26', 50, 'overdue'],
      ['2026-11-02', 50, 'overdue'],
      ['2026-11-09', 100, 'met'],
      ['2026-11-16', 100, 'met'],
    ]);
    const nation = await db()
      .selectFrom('progress_aggregate_history')
      .select(['period', 'met', 'organisations'])
      .where('scope_kind', '=', 'nation')
      .where('target_id', '=', 'web-https')
      .orderBy('period')
      .execute();
    expect(nation.map((n) => [n.period, n.met, n.organisations])).toEqual([
      ['2026-10-19', 0, 2],
      ['2026-10-26', 0, 2],
      ['2026-11-02', 0, 2],
      ['2026-11-09', 1, 2],
      ['2026-11-16', 1, 2],
    ]);
  });
});
