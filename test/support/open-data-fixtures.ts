import type { Store } from '../../src/store/db.js';
import type { AggregateCounts, Database } from '../../src/store/schema.js';
import type { Insertable } from 'kysely';

/**
 * Rows in the derived progress tables, written directly (as progress-refresh.ts would), for tests of
 * what reads them: open data and the API's progress routes.
 */

type ProgressInsert = Insertable<Database['progress']>;

/** One organisation × target progress row with sensible defaults. */
export async function insertProgress(store: Store, rows: (Partial<ProgressInsert> & { organisation_code: string; target_id: string })[]): Promise<void> {
  await store.db
    .insertInto('progress')
    .values(
      rows.map((r) => ({
        status: 'unknown' as const,
        value: null,
        domains_total: 0,
        domains_met: 0,
        domains_failing: 0,
        domains_unknown: 0,
        domains_explained: 0,
        deadline: null,
        planned_date: null,
        effective_date: null,
        forecast_date: null,
        reason: 'test',
        updated_at: '2026-03-02T10:00:00Z',
        ...r,
      })),
    )
    .execute();
}

const zeroCounts: AggregateCounts = {
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
};

type Scoped = { scope_kind: 'nation' | 'layer' | 'province'; scope_id: string; target_id: string } & Partial<AggregateCounts>;

export async function insertAggregates(store: Store, rows: Scoped[], updatedAt = '2026-03-02T10:00:00Z'): Promise<void> {
  await store.db
    .insertInto('progress_aggregate')
    .values(rows.map((r) => ({ ...zeroCounts, updated_at: updatedAt, ...r })))
    .execute();
}

export async function insertAggregateHistory(store: Store, rows: (Scoped & { period: string })[]): Promise<void> {
  await store.db
    .insertInto('progress_aggregate_history')
    .values(rows.map((r) => ({ ...zeroCounts, ...r })))
    .execute();
}

export async function insertHistory(
  store: Store,
  rows: { period: string; organisation_code: string; target_id: string; status: ProgressInsert['status']; value?: number | null; domains_total?: number; domains_met?: number }[],
): Promise<void> {
  await store.db
    .insertInto('progress_history')
    .values(rows.map((r) => ({ value: null, domains_total: 0, domains_met: 0, ...r })))
    .execute();
}
