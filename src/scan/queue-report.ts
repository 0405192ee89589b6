/**
 * Reading the queue's tables for progress and status: jobs per requested run, recent failures, the rate.
 * Finished jobs move from pg-boss's `job` table to its `archive` after a while; both are read.
 */
import { z } from 'zod';

export type Sql = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

export interface RunCounts {
  done: number;
  failed: number;
  running: number;
  waiting: number;
}

export interface QueueReport {
  /** Per run id: its jobs by state. A run without jobs in the tables is absent. */
  runs(ids: readonly number[]): Promise<Map<number, RunCounts>>;
  /** The newest failed jobs (retries used up, or permanent). */
  recentFailures(limit: number): Promise<{ domain: string; reason: string; at: Date }[]>;
  /** The failed jobs of one run: domain and reason. */
  runFailures(run: number, limit: number): Promise<{ domain: string; reason: string }[]>;
  /** Jobs that completed or failed since `since`. */
  finishedSince(since: Date): Promise<number>;
}

const runRow = z.object({ run: z.coerce.number(), state: z.string(), count: z.coerce.number() });
const failureRow = z.object({ domain: z.string().nullable(), reason: z.string().nullable(), at: z.coerce.date() });
const countRow = z.object({ n: z.coerce.number() });

export function queueReport(sql: Sql, schema: string, name: string): QueueReport {
  const both = (columns: string, where: string): string =>
    `select ${columns} from ${schema}.job where name = $1 and ${where} union all select ${columns} from ${schema}.archive where name = $1 and ${where}`;
  return {
    async runs(ids) {
      const result = new Map<number, RunCounts>();
      if (ids.length === 0) return result;
      const { rows } = await sql(
        `select run, state, count(*) as count from (${both(`(data->>'run')::bigint as run, state::text as state`, `(data->>'run')::bigint = any($2::bigint[])`)}) j group by run, state`,
        [name, ids.map(String)],
      );
      for (const row of rows.map((r) => runRow.parse(r))) {
        const counts = result.get(row.run) ?? { done: 0, failed: 0, running: 0, waiting: 0 };
        if (row.state === 'completed') counts.done += row.count;
        else if (row.state === 'failed' || row.state === 'cancelled') counts.failed += row.count;
        else if (row.state === 'active') counts.running += row.count;
        else counts.waiting += row.count;
        result.set(row.run, counts);
      }
      return result;
    },
    async recentFailures(limit) {
      const { rows } = await sql(
        `select domain, reason, at from (${both(`data->>'domain' as domain, output->>'message' as reason, completed_on as at`, `state = 'failed'`)}) j order by at desc nulls last limit $2`,
        [name, limit],
      );
      return rows.map((r) => failureRow.parse(r)).map((r) => ({ domain: r.domain ?? '?', reason: r.reason ?? 'unknown', at: r.at }));
    },
    async runFailures(run, limit) {
      const { rows } = await sql(
        `select domain, reason, at from (${both(`data->>'domain' as domain, output->>'message' as reason, completed_on as at`, `state = 'failed' and (data->>'run')::bigint = $2::bigint`)}) j order by domain limit $3`,
        [name, String(run), limit],
      );
      return rows.map((r) => failureRow.parse(r)).map((r) => ({ domain: r.domain ?? '?', reason: r.reason ?? 'unknown' }));
    },
    async finishedSince(since) {
      const { rows } = await sql(
        `select count(*) as n from (${both('1 as one', `state in ('completed', 'failed') and completed_on >= $2`)}) j`,
        [name, since.toISOString()],
      );
      return countRow.parse(rows[0] ?? { n: 0 }).n;
    },
  };
}
