import { sql, type Kysely } from 'kysely';
import type { AssetKind } from '../domain/asset.js';
import type { CheckStatus } from '../domain/check.js';
import type { SupplierRole } from '../domain/progress.js';
import type { Database } from './schema.js';
import { EXPLANATION_COLUMNS, toExplanationSummary, type ExplanationSummary } from './scorecard-read.js';

/**
 * What a half-yearly report computes from besides a snapshot's frozen results: the organisations that
 * existed on its day, the domains they owned at its moment, the explanations approved at that moment,
 * the commitments set before it, the providers measured by then, and the weekly history before it.
 */

/** An organisation that existed on the snapshot's day. */
export interface ReportOrganisation {
  code: string;
  name: string;
  layer: string;
  provinceCode: string | null;
}

/** Organisations valid on `day` (YYYY-MM-DD): started on or before it and not ended by it. */
export async function organisationsOn(db: Kysely<Database>, day: string): Promise<ReportOrganisation[]> {
  const rows = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'layer', 'province_code'])
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)]))
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, layer: r.layer, provinceCode: r.province_code }));
}

/** One domain an organisation owned, and as what. */
export interface OwnedAt {
  code: string;
  domain: string;
  kind: AssetKind;
}

/** Every domain owned at `moment` (added on or before it), per organisation and kind. */
export async function domainsOwnedAt(db: Kysely<Database>, moment: Date): Promise<OwnedAt[]> {
  const rows = await db
    .selectFrom('asset_owner')
    .innerJoin('asset', 'asset.id', 'asset_owner.asset_id')
    .select(['asset_owner.organisation_code as code', 'asset.name as domain', 'asset.kind'])
    .where('asset_owner.added_at', '<=', moment)
    .execute();
  return rows;
}

/**
 * Explanations that were in force at `moment`: decided (approved) on or before it, not ended before it
 * (still approved, or expired or lapsed later), and not past their expiry date on its day.
 */
export async function explanationsApprovedAt(db: Kysely<Database>, moment: Date): Promise<ExplanationSummary[]> {
  const day = moment.toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('explanation')
    .select(EXPLANATION_COLUMNS)
    .where('state', 'in', ['approved', 'expired', 'lapsed'])
    .where('decided_at', 'is not', null)
    .where('decided_at', '<=', moment)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', moment)]))
    .where('expires_on', '>=', day)
    .orderBy('target_id')
    .orderBy('id')
    .execute();
  return rows.map(toExplanationSummary);
}

/** A commitment (planned date and milestones) set on or before a moment. */
export interface CommitmentAt {
  code: string;
  targetId: string;
  plannedDate: string;
  milestones: { date: string; value: number }[];
}

/** The commitments set on or before `moment` (the table keeps the current one per organisation and target). */
export async function commitmentsAt(db: Kysely<Database>, moment: Date): Promise<CommitmentAt[]> {
  const rows = await db
    .selectFrom('commitment')
    .select(['organisation_code', 'target_id', 'planned_date', 'milestones'])
    .where('set_at', '<=', moment)
    .execute();
  return rows.map((r) => ({
    code: r.organisation_code,
    targetId: r.target_id,
    plannedDate: r.planned_date,
    milestones: r.milestones.map((m) => ({ date: m.date, value: m.value })),
  }));
}

/** The hosting check that names the provider of each supplier role. */
const PROVIDER_CHECKS: Readonly<Record<SupplierRole, string>> = {
  mail: 'hosting.mail-provider',
  dns: 'hosting.dns-provider',
  web: 'hosting.web-provider',
};

/** The provider ids the hosting checks found for one domain and role. */
export interface ProvidersAt {
  domain: string;
  role: SupplierRole;
  providers: string[];
}

/** The provider ids in a hosting check's facts (`providers: [{ id }]`), if any. */
function providerIds(facts: unknown): string[] {
  if (typeof facts !== 'object' || facts === null) return [];
  const list = (facts as { providers?: unknown }).providers;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: unknown) => {
    const id = typeof p === 'object' && p !== null ? (p as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

/**
 * Per domain and supplier role, the providers in the newest evidence of the hosting checks measured on or
 * before `moment` (snapshot results keep statuses, not facts; supplier explanations need the providers).
 */
export async function providersAt(db: Kysely<Database>, moment: Date): Promise<ProvidersAt[]> {
  const roles = Object.entries(PROVIDER_CHECKS) as [SupplierRole, string][];
  const { rows } = await sql<{ domain: string; check_id: string; facts: unknown }>`
    select distinct on (o.domain, o.check_id) o.domain, o.check_id, e.facts
    from observation o join observation_evidence e on e.observation_id = o.id
    where o.check_id in (${sql.join(roles.map(([, id]) => id))}) and e.measured_at <= ${moment}
    order by o.domain, o.check_id, e.measured_at desc`.execute(db);
  return rows.map((r) => ({
    domain: r.domain,
    role: roles.find(([, id]) => id === r.check_id)?.[0] ?? 'web',
    providers: providerIds(typeof r.facts === 'string' ? (JSON.parse(r.facts) as unknown) : r.facts),
  }));
}

/** The status of each check on each domain in a snapshot, only of the checks given (what the engine needs). */
export async function snapshotStatuses(
  db: Kysely<Database>,
  snapshotId: number,
  checks: readonly string[],
): Promise<{ domain: string; checkId: string; status: CheckStatus }[]> {
  if (checks.length === 0) return [];
  const rows = await db
    .selectFrom('snapshot_result')
    .select(['domain', 'check_id', 'status'])
    .where('snapshot_id', '=', snapshotId)
    .where('check_id', 'in', [...checks])
    .execute();
  return rows.map((r) => ({ domain: r.domain, checkId: r.check_id, status: r.status }));
}

/** One week of an organisation's value for a target. */
export interface HistoryPointAt {
  code: string;
  targetId: string;
  period: string;
  value: number;
}

/**
 * The weekly values of the `weeks` weeks before `period` (the Monday of the snapshot's week), oldest first:
 * the same window the progress refresh gives the engine for a trend.
 */
export async function historyBefore(db: Kysely<Database>, period: string, weeks = 26): Promise<HistoryPointAt[]> {
  const from = new Date(Date.parse(`${period}T00:00:00Z`) - weeks * 7 * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('progress_history')
    .select(['organisation_code', 'target_id', 'period', 'value'])
    .where('period', '>=', from)
    .where('period', '<', period)
    .where('value', 'is not', null)
    .orderBy('period')
    .execute();
  return rows.map((r) => ({ code: r.organisation_code, targetId: r.target_id, period: r.period, value: Number(r.value) }));
}
