import { sql, type Kysely } from 'kysely';
import type { AggregateScope, DomainOutcome, ProgressStatus } from '../domain/progress.js';
import type { AggregateCounts, Database } from './schema.js';

/**
 * Reading derived progress (written only by progress-refresh.ts): per organisation and target, the
 * pre-aggregated figures per nation, layer and province, and weekly history. Every read is one indexed
 * query, so that pages show the whole federation's figures in milliseconds.
 */

/** Where one organisation stands on one target. */
export interface ProgressRow {
  organisationCode: string;
  targetId: string;
  status: ProgressStatus;
  value: number | null;
  domainsTotal: number;
  domainsMet: number;
  domainsFailing: number;
  domainsUnknown: number;
  domainsExplained: number;
  deadline: string | null;
  plannedDate: string | null;
  effectiveDate: string | null;
  forecastDate: string | null;
  reason: string;
  updatedAt: Date;
}

/** A ProgressRow with the organisation's name, layer and province (target pages, comparisons). */
export interface OrganisationProgressRow extends ProgressRow {
  name: string;
  layer: string;
  provinceCode: string | null;
}

export interface AggregateRow {
  scopeKind: AggregateScope;
  scopeId: string;
  targetId: string;
  counts: AggregateCounts;
  /** Per period (Monday), only in history reads. */
  period?: string;
}

export interface HistoryRow {
  period: string;
  organisationCode: string;
  targetId: string;
  status: ProgressStatus;
  value: number | null;
  domainsTotal: number;
  domainsMet: number;
}

export interface ProgressDomainRow {
  organisationCode: string;
  targetId: string;
  domain: string;
  outcome: DomainOutcome;
  explanationId: number | null;
}

const progressColumns = [
  'progress.organisation_code',
  'progress.target_id',
  'progress.status',
  'progress.value',
  'progress.domains_total',
  'progress.domains_met',
  'progress.domains_failing',
  'progress.domains_unknown',
  'progress.domains_explained',
  'progress.deadline',
  'progress.planned_date',
  'progress.effective_date',
  'progress.forecast_date',
  'progress.reason',
  'progress.updated_at',
] as const;

export type RawProgress = {
  organisation_code: string;
  target_id: string;
  status: ProgressStatus;
  value: number | null;
  domains_total: number;
  domains_met: number;
  domains_failing: number;
  domains_unknown: number;
  domains_explained: number;
  deadline: string | null;
  planned_date: string | null;
  effective_date: string | null;
  forecast_date: string | null;
  reason: string;
  updated_at: Date;
};

/** A `progress` row as a ProgressRow (also for other reads of the table). */
export function toProgress(r: RawProgress): ProgressRow {
  return {
    organisationCode: r.organisation_code,
    targetId: r.target_id,
    status: r.status,
    value: r.value,
    domainsTotal: r.domains_total,
    domainsMet: r.domains_met,
    domainsFailing: r.domains_failing,
    domainsUnknown: r.domains_unknown,
    domainsExplained: r.domains_explained,
    deadline: r.deadline,
    plannedDate: r.planned_date,
    effectiveDate: r.effective_date,
    forecastDate: r.forecast_date,
    reason: r.reason,
    updatedAt: r.updated_at,
  };
}

/** Every target's progress for one organisation. */
export async function progressOfOrganisation(db: Kysely<Database>, code: string): Promise<ProgressRow[]> {
  const rows = await db.selectFrom('progress').select(progressColumns).where('organisation_code', '=', code).execute();
  return rows.map(toProgress);
}

/** Progress of several organisations (comparison), keyed by organisation code. */
export async function progressOfOrganisations(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, ProgressRow[]>> {
  const result = new Map<string, ProgressRow[]>(codes.map((c) => [c, []]));
  if (codes.length === 0) return result;
  const rows = await db.selectFrom('progress').select(progressColumns).where('organisation_code', 'in', [...codes]).execute();
  for (const row of rows) result.get(row.organisation_code)?.push(toProgress(row));
  return result;
}

export interface TargetProgressFilter {
  layer?: string | undefined;
  province?: string | undefined;
  status?: ProgressStatus | undefined;
}

/** Every organisation's progress on one target, with its name, layer and province, ordered by name. */
export async function progressOfTarget(db: Kysely<Database>, targetId: string, filter: TargetProgressFilter = {}): Promise<OrganisationProgressRow[]> {
  let query = db
    .selectFrom('progress')
    .innerJoin('organisation', 'organisation.code', 'progress.organisation_code')
    .select([...progressColumns, 'organisation.name', 'organisation.layer', 'organisation.province_code'])
    .where('progress.target_id', '=', targetId);
  if (filter.layer !== undefined) query = query.where('organisation.layer', '=', filter.layer);
  if (filter.province !== undefined) query = query.where('organisation.province_code', '=', filter.province);
  if (filter.status !== undefined) query = query.where('progress.status', '=', filter.status);
  const rows = await query.orderBy('organisation.name').orderBy('organisation.code').execute();
  return rows.map((r) => ({ ...toProgress(r), name: r.name, layer: r.layer, provinceCode: r.province_code }));
}

type RawCounts = AggregateCounts & { scope_kind: AggregateScope; scope_id: string; target_id: string };

function toAggregate(r: RawCounts & { period?: string }): AggregateRow {
  const counts: AggregateCounts = {
    organisations: r.organisations,
    met: r.met,
    explained: r.explained,
    on_track: r.on_track,
    at_risk: r.at_risk,
    overdue: r.overdue,
    unknown: r.unknown,
    domains_total: r.domains_total,
    domains_met: r.domains_met,
    domains_unknown: r.domains_unknown,
  };
  return { scopeKind: r.scope_kind, scopeId: r.scope_id, targetId: r.target_id, counts, ...(r.period !== undefined ? { period: r.period } : {}) };
}

const countColumns = ['organisations', 'met', 'explained', 'on_track', 'at_risk', 'overdue', 'unknown', 'domains_total', 'domains_met', 'domains_unknown'] as const;

/** The current pre-aggregated figures; narrowed by scope and target when given. */
export async function aggregates(
  db: Kysely<Database>,
  where: { scopeKind?: AggregateScope; scopeId?: string; targetId?: string } = {},
): Promise<AggregateRow[]> {
  let query = db.selectFrom('progress_aggregate').select(['scope_kind', 'scope_id', 'target_id', ...countColumns]);
  if (where.scopeKind !== undefined) query = query.where('scope_kind', '=', where.scopeKind);
  if (where.scopeId !== undefined) query = query.where('scope_id', '=', where.scopeId);
  if (where.targetId !== undefined) query = query.where('target_id', '=', where.targetId);
  const rows = await query.orderBy('scope_kind').orderBy('scope_id').orderBy('target_id').execute();
  return rows.map(toAggregate);
}

/** Weekly aggregate history of one scope (all targets, or one), oldest first. */
export async function aggregateHistory(
  db: Kysely<Database>,
  where: { scopeKind: AggregateScope; scopeId: string; targetId?: string; since?: string },
): Promise<AggregateRow[]> {
  let query = db
    .selectFrom('progress_aggregate_history')
    .select(['period', 'scope_kind', 'scope_id', 'target_id', ...countColumns])
    .where('scope_kind', '=', where.scopeKind)
    .where('scope_id', '=', where.scopeId);
  if (where.targetId !== undefined) query = query.where('target_id', '=', where.targetId);
  if (where.since !== undefined) query = query.where('period', '>=', where.since);
  const rows = await query.orderBy('target_id').orderBy('period').execute();
  return rows.map(toAggregate);
}

/** One organisation's weekly history (all targets, or one), oldest first. */
export async function organisationHistory(db: Kysely<Database>, code: string, targetId?: string): Promise<HistoryRow[]> {
  let query = db.selectFrom('progress_history').selectAll().where('organisation_code', '=', code);
  if (targetId !== undefined) query = query.where('target_id', '=', targetId);
  const rows = await query.orderBy('target_id').orderBy('period').execute();
  return rows.map((r) => ({
    period: r.period,
    organisationCode: r.organisation_code,
    targetId: r.target_id,
    status: r.status,
    value: r.value,
    domainsTotal: r.domains_total,
    domainsMet: r.domains_met,
  }));
}

/** The outcome per domain behind an organisation's progress (all targets, or one). */
export async function progressDomains(db: Kysely<Database>, code: string, targetId?: string): Promise<ProgressDomainRow[]> {
  let query = db.selectFrom('progress_domain').selectAll().where('organisation_code', '=', code);
  if (targetId !== undefined) query = query.where('target_id', '=', targetId);
  const rows = await query.orderBy('target_id').orderBy('domain').execute();
  return rows.map((r) => ({
    organisationCode: r.organisation_code,
    targetId: r.target_id,
    domain: r.domain,
    outcome: r.outcome,
    explanationId: r.explanation_id,
  }));
}

/** When progress was last recomputed (the newest updated_at), for caches and the "as of" line on pages. */
export async function progressUpdatedAt(db: Kysely<Database>): Promise<Date | undefined> {
  const row = await sql<{ at: Date | null }>`select max(updated_at) as at from progress_aggregate`.execute(db);
  const at = row.rows[0]?.at ?? null;
  return at === null ? undefined : new Date(at);
}
