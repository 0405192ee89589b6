import { sql, type Kysely } from 'kysely';
import { PROGRESS_RANK, type ProgressStatus } from '../domain/progress.js';
import { toProgress, type OrganisationProgressRow, type TargetProgressFilter } from './progress-read.js';
import type { Database } from './schema.js';

/**
 * The reads of a target page, done in the database so that a page of a 1,500-organisation federation
 * transfers only what it shows: one sorted page of the list with its count, and the status of every
 * municipality and province for the maps.
 */

export type TargetListSort = 'name' | 'value' | 'status' | 'planned';

export interface TargetListQuery extends TargetProgressFilter {
  sort: TargetListSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** The status rank (PROGRESS_RANK) as SQL, for sorting by status. */
const statusRank = sql<number>`case progress.status ${sql.join(
  (Object.entries(PROGRESS_RANK) as [ProgressStatus, number][]).map(([status, rank]) => sql`when ${status} then ${rank}`),
  sql` `,
)} else 99 end`;

/**
 * One page of the organisations on a target, filtered and sorted; missing values (no value, no planned
 * date) sort last in both orders, ties by name and code. `total` counts every row that passes the filter.
 */
export async function targetProgressPage(
  db: Kysely<Database>,
  targetId: string,
  q: TargetListQuery,
): Promise<{ rows: OrganisationProgressRow[]; total: number }> {
  let base = db
    .selectFrom('progress')
    .innerJoin('organisation', 'organisation.code', 'progress.organisation_code')
    .where('progress.target_id', '=', targetId);
  if (q.layer !== undefined) base = base.where('organisation.layer', '=', q.layer);
  if (q.province !== undefined) base = base.where('organisation.province_code', '=', q.province);
  if (q.status !== undefined) base = base.where('progress.status', '=', q.status);
  const dir = q.order === 'asc' ? sql`asc` : sql`desc`;
  const primary =
    q.sort === 'value'
      ? sql`progress.value ${dir} nulls last`
      : q.sort === 'planned'
        ? sql`progress.planned_date ${dir} nulls last`
        : q.sort === 'status'
          ? sql`${statusRank} ${dir}`
          : sql`organisation.name ${dir}`;
  const [rows, count] = await Promise.all([
    base
      .selectAll('progress')
      .select(['organisation.name', 'organisation.layer', 'organisation.province_code'])
      .orderBy(primary)
      .orderBy('organisation.name')
      .orderBy('organisation.code')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return {
    total: count?.n ?? 0,
    rows: rows.map((r) => ({ ...toProgress(r), name: r.name, layer: r.layer, provinceCode: r.province_code })),
  };
}

/** The status on a target of every municipality and province (codes gm…, pv…), for the maps. */
export async function regionStatuses(db: Kysely<Database>, targetId: string): Promise<Map<string, ProgressStatus>> {
  const rows = await db
    .selectFrom('progress')
    .select(['organisation_code', 'status'])
    .where('target_id', '=', targetId)
    .where((eb) => eb.or([eb('organisation_code', 'like', 'gm%'), eb('organisation_code', 'like', 'pv%')]))
    .execute();
  return new Map(rows.map((r) => [r.organisation_code, r.status]));
}
