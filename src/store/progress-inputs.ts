import { sql, type Kysely } from 'kysely';
import type { CheckStatus } from '../domain/check.js';
import type { ProgressStatus } from '../domain/progress.js';
import type { DomainInput } from '../progress/assess.js';
import type { TrendPoint } from '../progress/forecast.js';
import { addDays } from '../progress/dates.js';
import { anyOf } from './any-of.js';
import type { Database } from './schema.js';

/**
 * Loading what the progress engine needs for a batch of organisations, a few queries per batch (not per
 * organisation): their layer, their domains with current check statuses, earlier weekly values and the
 * previous assessment (for change events).
 */

export interface BatchOrganisation {
  code: string;
  layer: string;
  /** Ended organisations (merged away) are no longer measured. */
  ended: boolean;
}

export async function batchOrganisations(db: Kysely<Database>, codes: readonly string[], today: string): Promise<BatchOrganisation[]> {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('organisation').select(['code', 'layer', 'valid_to']).where(anyOf('code', codes)).execute();
  return rows.map((r) => ({ code: r.code, layer: r.layer, ended: r.valid_to !== null && r.valid_to < today }));
}

/** Per organisation, its domains (web and/or mail) with the current status of each of `checks`. */
export async function batchDomains(
  db: Kysely<Database>,
  codes: readonly string[],
  checks: readonly string[],
): Promise<Map<string, DomainInput[]>> {
  const result = new Map<string, DomainInput[]>(codes.map((c) => [c, []]));
  if (codes.length === 0) return result;
  const owned = await db
    .selectFrom('asset')
    .innerJoin('asset_owner', 'asset_owner.asset_id', 'asset.id')
    .select(['asset.name', 'asset.kind', 'asset_owner.organisation_code'])
    .where(anyOf('asset_owner.organisation_code', codes))
    .execute();
  const names = [...new Set(owned.map((r) => r.name))];
  const statuses = await currentStatuses(db, names, checks);
  const byOrg = new Map<string, Map<string, DomainInput>>();
  for (const row of owned) {
    const domains = byOrg.get(row.organisation_code) ?? new Map<string, DomainInput>();
    byOrg.set(row.organisation_code, domains);
    const existing = domains.get(row.name);
    if (existing) {
      domains.set(row.name, { ...existing, kinds: [...existing.kinds, row.kind] });
    } else {
      domains.set(row.name, { domain: row.name, kinds: [row.kind], statuses: statuses.get(row.name) ?? new Map(), providers: {} });
    }
  }
  for (const [code, domains] of byOrg) result.set(code, [...domains.values()].sort((a, b) => a.domain.localeCompare(b.domain)));
  return result;
}

/** The current status per domain and check (only the checks asked for). */
export async function currentStatuses(
  db: Kysely<Database>,
  domains: readonly string[],
  checks: readonly string[],
): Promise<Map<string, Map<string, CheckStatus>>> {
  const result = new Map<string, Map<string, CheckStatus>>();
  if (domains.length === 0 || checks.length === 0) return result;
  const rows = await db
    .selectFrom('observation')
    .select(['domain', 'check_id', 'status'])
    .where('state', '=', 'current')
    .where(anyOf('domain', domains))
    .where(anyOf('check_id', checks))
    .execute();
  for (const row of rows) {
    const map = result.get(row.domain) ?? new Map<string, CheckStatus>();
    map.set(row.check_id, row.status);
    result.set(row.domain, map);
  }
  return result;
}

/** Weekly values of the last `weeks` weeks before `period` (this week), per organisation and target, oldest first. */
export async function batchHistory(
  db: Kysely<Database>,
  codes: readonly string[],
  period: string,
  weeks = 26,
): Promise<Map<string, Map<string, TrendPoint[]>>> {
  const result = new Map<string, Map<string, TrendPoint[]>>();
  if (codes.length === 0) return result;
  const rows = await db
    .selectFrom('progress_history')
    .select(['organisation_code', 'target_id', 'period', 'value'])
    .where(anyOf('organisation_code', codes))
    .where('period', '>=', addDays(period, -7 * weeks))
    .where('period', '<', period)
    .orderBy('period')
    .execute();
  for (const row of rows) {
    if (row.value === null) continue;
    const byTarget = result.get(row.organisation_code) ?? new Map<string, TrendPoint[]>();
    result.set(row.organisation_code, byTarget);
    const points = byTarget.get(row.target_id) ?? [];
    byTarget.set(row.target_id, points);
    points.push({ day: row.period, value: row.value });
  }
  return result;
}

/** The previous assessment per organisation and target: its status and the domains that passed. */
export async function batchPrevious(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<Map<string, Map<string, { status: ProgressStatus; passing: Set<string> }>>> {
  const result = new Map<string, Map<string, { status: ProgressStatus; passing: Set<string> }>>();
  if (codes.length === 0) return result;
  const [progress, passing] = await Promise.all([
    db.selectFrom('progress').select(['organisation_code', 'target_id', 'status']).where(anyOf('organisation_code', codes)).execute(),
    sql<{ organisation_code: string; target_id: string; domain: string }>`
      select organisation_code, target_id, domain from progress_domain
      where organisation_code = any(${[...codes]}::text[]) and outcome = 'pass'`.execute(db),
  ]);
  for (const row of progress) {
    const byTarget = result.get(row.organisation_code) ?? new Map<string, { status: ProgressStatus; passing: Set<string> }>();
    result.set(row.organisation_code, byTarget);
    byTarget.set(row.target_id, { status: row.status, passing: new Set() });
  }
  for (const row of passing.rows) result.get(row.organisation_code)?.get(row.target_id)?.passing.add(row.domain);
  return result;
}
