import { sql, type Kysely } from 'kysely';
import type { CheckStatus } from '../domain/check.js';
import { InputError } from '../domain/errors.js';
import type { ProgressStatus } from '../domain/progress.js';
import type { DomainInput } from '../progress/assess.js';
import type { ActiveExplanation } from '../progress/coverage.js';
import { addDays, weekStart } from '../progress/dates.js';
import type { TrendPoint } from '../progress/forecast.js';
import { assessOrganisation, targetsFor } from '../progress/organisation.js';
import type { Strategy } from '../strategy/schema.js';
import { commitmentsOf } from './commitments.js';
import { toActiveExplanation } from './explanations.js';
import { batchDomains, batchOrganisations } from './progress-inputs.js';
import { requiredChecks } from './progress-refresh.js';
import { lockProgress, writeAggregateHistory } from './progress-write.js';
import { anyOf } from './any-of.js';
import type { Database } from './schema.js';

/**
 * Rebuilding weekly history from the observation history: for every week from `from` to `to`, each
 * organisation's progress as it stood at the end of that week — the status of every check as of then (the
 * interval that had begun last), the explanations approved then, today's domains and planned dates (their
 * own history is not kept) — then the aggregates of each week. Run after importing older observations or
 * changing the strategy's checks; `npm start` keeps history current by itself from then on.
 */

export interface RebuildOptions {
  /** First and last day to cover (YYYY-MM-DD); whole weeks (Monday–Sunday) are rebuilt. */
  from: string;
  to: string;
  batchSize?: number;
  /** Called after each batch with organisations done and total. */
  onProgress?: (done: number, total: number) => void;
}

export interface RebuildOutcome {
  weeks: number;
  organisations: number;
  rows: number;
}

interface Interval {
  status: CheckStatus;
  from: number;
}

export async function rebuildHistory(db: Kysely<Database>, strategy: Strategy, options: RebuildOptions): Promise<RebuildOutcome> {
  if (options.from > options.to) throw new InputError(`--since ${options.from} is after ${options.to}.`);
  const periods: string[] = [];
  for (let p = weekStart(options.from); p <= options.to; p = addDays(p, 7)) periods.push(p);
  if (periods.length > 520) throw new InputError('A rebuild covers at most ten years of weeks.');
  const checks = requiredChecks(strategy);
  const codes = (await db.selectFrom('organisation').select('code').orderBy('code').execute()).map((r) => r.code);
  const batchSize = options.batchSize ?? 50;
  let rows = 0;
  for (let i = 0; i < codes.length; i += batchSize) {
    const batch = codes.slice(i, i + batchSize);
    rows += await rebuildBatch(db, strategy, batch, periods, checks, options.to);
    options.onProgress?.(Math.min(i + batchSize, codes.length), codes.length);
  }
  for (const period of periods) {
    await db.transaction().execute(async (trx) => {
      await lockProgress(trx);
      await writeAggregateHistory(trx, period);
    });
  }
  return { weeks: periods.length, organisations: codes.length, rows };
}

async function rebuildBatch(
  db: Kysely<Database>,
  strategy: Strategy,
  codes: readonly string[],
  periods: readonly string[],
  checks: readonly string[],
  to: string,
): Promise<number> {
  const orgs = (await batchOrganisations(db, codes, to)).filter((o) => targetsFor(strategy, o.layer).length > 0);
  const live = orgs.map((o) => o.code);
  if (live.length === 0) return 0;
  const [domains, commitments, explanations] = await Promise.all([
    batchDomains(db, live, []),
    commitmentsOf(db, live),
    approvedExplanations(db, live),
  ]);
  const names = [...new Set([...domains.values()].flat().map((d) => d.domain))];
  const timelines = await intervalsOf(db, names, checks);
  const rows: { period: string; organisation_code: string; target_id: string; status: ProgressStatus; value: number | null; domains_total: number; domains_met: number }[] = [];
  const history = new Map<string, Map<string, TrendPoint[]>>();
  for (const period of periods) {
    const end = Date.parse(`${addDays(period, 7)}T00:00:00Z`) - 1;
    const day = addDays(period, 6);
    for (const org of orgs) {
      const asOf: DomainInput[] = (domains.get(org.code) ?? []).map((d) => ({ ...d, statuses: statusesAt(timelines.get(d.domain), end) }));
      const byTarget = history.get(org.code) ?? new Map<string, TrendPoint[]>();
      history.set(org.code, byTarget);
      const result = assessOrganisation(strategy, {
        organisation: org,
        today: day,
        domains: asOf,
        commitments: commitments.get(org.code) ?? new Map(),
        explanations: explanations.filter((e) => e.approvedAt <= end && (e.endedAt === null || e.endedAt > end)),
        history: byTarget,
      });
      for (const [targetId, a] of result) {
        rows.push({ period, organisation_code: org.code, target_id: targetId, status: a.status, value: a.value, domains_total: a.domainsTotal, domains_met: a.domainsMet });
        if (a.value !== null) {
          const points = byTarget.get(targetId) ?? [];
          points.push({ day: period, value: a.value });
          if (points.length > 26) points.shift();
          byTarget.set(targetId, points);
        }
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    await lockProgress(trx);
    await trx
      .deleteFrom('progress_history')
      .where(anyOf('organisation_code', live))
      .where('period', '>=', periods[0] ?? '')
      .where('period', '<=', periods.at(-1) ?? '')
      .execute();
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('progress_history')
        .values(rows.slice(i, i + 1000))
        .execute();
    }
  });
  return rows.length;
}

/** Per domain and check, its intervals (current and closed; pending changes never counted) ordered by start. */
async function intervalsOf(db: Kysely<Database>, domains: readonly string[], checks: readonly string[]): Promise<Map<string, Map<string, Interval[]>>> {
  const result = new Map<string, Map<string, Interval[]>>();
  for (let i = 0; i < domains.length; i += 500) {
    const rows = await db
      .selectFrom('observation')
      .select(['domain', 'check_id', 'status', 'first_seen'])
      .where('state', 'in', ['current', 'closed'])
      .where(anyOf('domain', domains.slice(i, i + 500)))
      .where(anyOf('check_id', checks))
      .orderBy('first_seen')
      .execute();
    for (const row of rows) {
      const byCheck = result.get(row.domain) ?? new Map<string, Interval[]>();
      result.set(row.domain, byCheck);
      const list = byCheck.get(row.check_id) ?? [];
      byCheck.set(row.check_id, list);
      list.push({ status: row.status, from: new Date(row.first_seen).getTime() });
    }
  }
  return result;
}

/** The status of each check as of `at`: the interval that had begun last. */
function statusesAt(timeline: Map<string, Interval[]> | undefined, at: number): Map<string, CheckStatus> {
  const statuses = new Map<string, CheckStatus>();
  if (timeline === undefined) return statuses;
  for (const [checkId, intervals] of timeline) {
    let status: CheckStatus | undefined;
    for (const interval of intervals) {
      if (interval.from > at) break;
      status = interval.status;
    }
    if (status !== undefined) statuses.set(checkId, status);
  }
  return statuses;
}

/** Explanations that were approved at some time, with when they were approved and ended. */
async function approvedExplanations(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<(ActiveExplanation & { approvedAt: number; endedAt: number | null })[]> {
  const rows = await sql<{
    id: number;
    scope: ActiveExplanation['scope'];
    target_id: string;
    organisation_code: string | null;
    domain: string | null;
    check_id: string | null;
    supplier: string | null;
    supplier_role: ActiveExplanation['supplierRole'];
    decided_at: Date;
    ended_at: Date | null;
  }>`
    select id, scope, target_id, organisation_code, domain, check_id, supplier, supplier_role, decided_at, ended_at
    from explanation
    where decided_at is not null and state in ('approved', 'expired', 'lapsed')
      and scope <> 'supplier' and organisation_code = any(${[...codes]}::text[])`.execute(db);
  return rows.rows.map((r) => ({
    ...toActiveExplanation(r),
    approvedAt: new Date(r.decided_at).getTime(),
    endedAt: r.ended_at === null ? null : new Date(r.ended_at).getTime(),
  }));
}
