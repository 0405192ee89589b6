import { sql, type Transaction } from 'kysely';
import type { Assessment } from '../progress/assess.js';
import { anyOf } from './any-of.js';
import type { Database } from './schema.js';

/**
 * Writing derived progress. Every write transaction of the progress refresh takes one advisory lock, so that
 * two servers refreshing at once on one PostgreSQL database write one after the other.
 */
const PROGRESS_LOCK_CLASS = 7_468_728;

export async function lockProgress(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${PROGRESS_LOCK_CLASS}::int, 0)`.execute(trx);
}

/** Replaces the progress and per-domain outcomes of the given organisations, and upserts their history row for `period`. */
export async function writeAssessments(
  trx: Transaction<Database>,
  codes: readonly string[],
  assessments: ReadonlyMap<string, ReadonlyMap<string, Assessment>>,
  period: string,
): Promise<void> {
  if (codes.length === 0) return;
  await trx.deleteFrom('progress').where(anyOf('organisation_code', codes)).execute();
  await trx.deleteFrom('progress_domain').where(anyOf('organisation_code', codes)).execute();
  const progress = [];
  const domains = [];
  for (const [code, byTarget] of assessments) {
    for (const [targetId, a] of byTarget) {
      progress.push({
        organisation_code: code,
        target_id: targetId,
        status: a.status,
        value: a.value,
        domains_total: a.domainsTotal,
        domains_met: a.domainsMet,
        domains_failing: a.domainsFailing,
        domains_unknown: a.domainsUnknown,
        domains_explained: a.domainsExplained,
        deadline: a.deadline,
        planned_date: a.plannedDate,
        effective_date: a.effectiveDate,
        forecast_date: a.forecastDate,
        reason: a.reason,
      });
      for (const d of a.domains) {
        domains.push({ organisation_code: code, target_id: targetId, domain: d.domain, outcome: d.outcome, explanation_id: d.explanationId });
      }
    }
  }
  for (const chunk of chunks(progress, 1000)) await trx.insertInto('progress').values(chunk).execute();
  for (const chunk of chunks(domains, 2000)) await trx.insertInto('progress_domain').values(chunk).execute();
  for (const chunk of chunks(progress, 1000)) {
    await trx
      .insertInto('progress_history')
      .values(
        chunk.map((p) => ({
          period,
          organisation_code: p.organisation_code,
          target_id: p.target_id,
          status: p.status,
          value: p.value,
          domains_total: p.domains_total,
          domains_met: p.domains_met,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['organisation_code', 'target_id', 'period']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          value: eb.ref('excluded.value'),
          domains_total: eb.ref('excluded.domains_total'),
          domains_met: eb.ref('excluded.domains_met'),
        })),
      )
      .execute();
  }
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The aggregate of organisations per status and of domains, per target, for the nation, each layer and each
 * province, from a source of per-organisation rows (`progress`, or one period of `progress_history`).
 */
function aggregateSelect(source: 'progress' | 'history', period: string | null) {
  const from = source === 'progress' ? sql`progress p` : sql`progress_history p`;
  const where = source === 'history' ? sql`where p.period = ${period}` : sql``;
  return sql`
    select
      case when grouping(o.layer) = 0 then 'layer' when grouping(o.province_code) = 0 then 'province' else 'nation' end as scope_kind,
      coalesce(case when grouping(o.layer) = 0 then o.layer end, case when grouping(o.province_code) = 0 then o.province_code end, 'nl') as scope_id,
      p.target_id,
      count(*)::int as organisations,
      (count(*) filter (where p.status = 'met'))::int as met,
      (count(*) filter (where p.status = 'explained'))::int as explained,
      (count(*) filter (where p.status = 'on-track'))::int as on_track,
      (count(*) filter (where p.status = 'at-risk'))::int as at_risk,
      (count(*) filter (where p.status = 'overdue'))::int as overdue,
      (count(*) filter (where p.status = 'unknown'))::int as unknown,
      coalesce(sum(p.domains_total), 0)::int as domains_total,
      coalesce(sum(p.domains_met), 0)::int as domains_met,
      ${source === 'progress' ? sql`coalesce(sum(p.domains_unknown), 0)::int` : sql`0`} as domains_unknown
    from ${from} join organisation o on o.code = p.organisation_code
    ${where}
    group by grouping sets ((p.target_id), (p.target_id, o.layer), (p.target_id, o.province_code))
    having not (grouping(o.province_code) = 0 and o.province_code is null)`;
}

const COUNT_COLUMNS = sql`organisations, met, explained, on_track, at_risk, overdue, unknown, domains_total, domains_met, domains_unknown`;
const COUNT_UPDATES = sql`
  organisations = excluded.organisations, met = excluded.met, explained = excluded.explained, on_track = excluded.on_track,
  at_risk = excluded.at_risk, overdue = excluded.overdue, unknown = excluded.unknown, domains_total = excluded.domains_total,
  domains_met = excluded.domains_met, domains_unknown = excluded.domains_unknown`;

/** Recomputes every current aggregate and this period's aggregate history from `progress` (one statement each). */
export async function writeAggregates(trx: Transaction<Database>, period: string): Promise<void> {
  await trx.deleteFrom('progress_aggregate').execute();
  await sql`
    insert into progress_aggregate (scope_kind, scope_id, target_id, ${COUNT_COLUMNS}, updated_at)
    select a.*, clock_timestamp() from (${aggregateSelect('progress', null)}) a`.execute(trx);
  await sql`delete from progress_aggregate_history where period = ${period}`.execute(trx);
  await sql`
    insert into progress_aggregate_history (period, scope_kind, scope_id, target_id, ${COUNT_COLUMNS})
    select ${period}::date, scope_kind, scope_id, target_id, ${COUNT_COLUMNS} from progress_aggregate`.execute(trx);
}

/** Recomputes the aggregate history of past periods from per-organisation history (after a rebuild). */
export async function writeAggregateHistory(trx: Transaction<Database>, period: string): Promise<void> {
  await sql`
    insert into progress_aggregate_history (period, scope_kind, scope_id, target_id, ${COUNT_COLUMNS})
    select ${period}::date, a.* from (${aggregateSelect('history', period)}) a
    on conflict (scope_kind, scope_id, target_id, period) do update set ${COUNT_UPDATES}`.execute(trx);
}
