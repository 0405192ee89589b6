import type { ProgressStatus } from '../../src/domain/progress.js';
import { addDays, isoDay, weekStart } from '../../src/progress/dates.js';
import type { Store } from '../../src/store/db.js';
import type { AggregateCounts } from '../../src/store/schema.js';

/** Progress rows of the dashboard tests, inserted directly (as the progress refresh would write them). */

export interface ProgressFixture {
  code: string;
  target: string;
  status: ProgressStatus;
  value?: number | null;
  domainsTotal?: number;
  domainsMet?: number;
  plannedDate?: string | null;
}

export async function insertProgress(store: Store, rows: readonly ProgressFixture[]): Promise<void> {
  if (rows.length === 0) return;
  await store.db
    .insertInto('progress')
    .values(
      rows.map((r) => ({
        organisation_code: r.code,
        target_id: r.target,
        status: r.status,
        value: r.value ?? null,
        domains_total: r.domainsTotal ?? 0,
        domains_met: r.domainsMet ?? 0,
        domains_failing: Math.max(0, (r.domainsTotal ?? 0) - (r.domainsMet ?? 0)),
        domains_unknown: 0,
        domains_explained: 0,
        deadline: '2026-12-31',
        planned_date: r.plannedDate ?? null,
        effective_date: r.plannedDate ?? '2026-12-31',
        forecast_date: null,
        reason: 'test',
      })),
    )
    .execute();
}

/** Aggregate counts with zeros for what is not given. */
export function counts(c: Partial<AggregateCounts>): AggregateCounts {
  return {
    organisations: 0,
    met: 0,
    explained: 0,
    on_track: 0,
    at_risk: 0,
    overdue: 0,
    unknown: 0,
    domains_total: 0,
    domains_met: 0,
    domains_unknown: 0,
    ...c,
  };
}

export async function insertAggregate(
  store: Store,
  scope: { kind: 'nation' | 'layer' | 'province'; id: string; target: string },
  c: AggregateCounts,
  updatedAt = new Date(),
): Promise<void> {
  await store.db
    .insertInto('progress_aggregate')
    .values({ scope_kind: scope.kind, scope_id: scope.id, target_id: scope.target, ...c, updated_at: updatedAt })
    .execute();
}

/** The Monday `weeks` weeks before this week's. */
export function weeksAgo(weeks: number, today = isoDay(new Date())): string {
  return weekStart(addDays(today, -7 * weeks));
}

export async function insertAggregateHistory(
  store: Store,
  scope: { kind: 'nation' | 'layer' | 'province'; id: string; target: string },
  rows: readonly { period: string; counts: AggregateCounts }[],
): Promise<void> {
  if (rows.length === 0) return;
  await store.db
    .insertInto('progress_aggregate_history')
    .values(rows.map((r) => ({ period: r.period, scope_kind: scope.kind, scope_id: scope.id, target_id: scope.target, ...r.counts })))
    .execute();
}
