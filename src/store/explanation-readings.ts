import { sql, type Kysely, type Transaction } from 'kysely';
import type { AssetKind } from '../domain/asset.js';
import { SUPPLIER_ROLES, type DomainOutcome, type SupplierRole } from '../domain/progress.js';
import {
  basisChecks,
  domainBasis,
  domainNow,
  findingBasis,
  findingNow,
  supplierBasis,
  supplierNow,
  targetBasis,
  targetFromReadings,
  type CheckReading,
  type ExplanationBasis,
} from '../progress/lapse.js';
import type { Database } from './schema.js';

/**
 * What the store measures for comply-or-explain: the current readings of checks on domains, the domains a
 * supplier hosts (from the newest evidence of the current `hosting.<role>-provider` observations — the
 * newest evidence of a current observation is never pruned), and the basis of an explanation.
 */

type Executor = Kysely<Database> | Transaction<Database>;

/** The hosting check that names a role's provider. */
export const providerCheck = (role: SupplierRole): string => `hosting.${role}-provider`;

/** Current readings per domain and check (only the checks and domains asked for). */
export async function readingsFor(db: Executor, domains: readonly string[], checks: readonly string[]): Promise<Map<string, Map<string, CheckReading>>> {
  const result = new Map<string, Map<string, CheckReading>>(domains.map((d) => [d, new Map()]));
  if (domains.length === 0 || checks.length === 0) return result;
  const rows = await db
    .selectFrom('observation')
    .select(['domain', 'check_id', 'status', 'known_status', 'key_facts_hash'])
    .where('state', '=', 'current')
    .where(sql<boolean>`domain = any(${[...domains]}::text[])`)
    .where(sql<boolean>`check_id = any(${[...checks]}::text[])`)
    .execute();
  for (const r of rows) {
    result.get(r.domain)?.set(r.check_id, { status: r.status, knownStatus: r.known_status, keyFactsHash: r.key_facts_hash });
  }
  return result;
}

interface ProviderRow {
  domain: string;
  check_id: string;
  ids: string[] | null;
}

/** Provider ids per domain and role, from the newest evidence of the current hosting observations. */
export async function supplierProviders(db: Executor, domains: readonly string[]): Promise<Map<string, Partial<Record<SupplierRole, string[]>>>> {
  const result = new Map<string, Partial<Record<SupplierRole, string[]>>>();
  if (domains.length === 0) return result;
  const { rows } = await sql<ProviderRow>`
    select o.domain, o.check_id,
      (select array_agg(p->>'id') from jsonb_array_elements(case when jsonb_typeof(ev.facts->'providers') = 'array' then ev.facts->'providers' else '[]'::jsonb end) p
        where p->>'id' is not null) as ids
    from observation o
    join lateral (
      select e.facts from observation_evidence e where e.observation_id = o.id order by e.measured_at desc, e.id desc limit 1
    ) ev on true
    where o.state = 'current'
      and o.check_id = any(${SUPPLIER_ROLES.map(providerCheck)}::text[])
      and o.domain = any(${[...domains]}::text[])`.execute(db);
  for (const r of rows) {
    const role = SUPPLIER_ROLES.find((x) => providerCheck(x) === r.check_id);
    if (role === undefined || r.ids === null || r.ids.length === 0) continue;
    const entry = result.get(r.domain) ?? {};
    entry[role] = r.ids;
    result.set(r.domain, entry);
  }
  return result;
}

/** The domains whose current `hosting.<role>-provider` evidence names the supplier. */
export async function supplierDomains(db: Executor, supplier: string, role: SupplierRole): Promise<string[]> {
  const { rows } = await sql<{ domain: string }>`
    select o.domain
    from observation o
    join lateral (
      select e.facts from observation_evidence e where e.observation_id = o.id order by e.measured_at desc, e.id desc limit 1
    ) ev on true
    where o.state = 'current' and o.check_id = ${providerCheck(role)}
      and jsonb_typeof(ev.facts->'providers') = 'array'
      and exists (select 1 from jsonb_array_elements(ev.facts->'providers') p where p->>'id' = ${supplier})
    order by o.domain`.execute(db);
  return rows.map((r) => r.domain);
}

/** The organisations that own any of the domains. */
export async function ownersOf(db: Executor, domains: readonly string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .selectFrom('asset_owner')
    .innerJoin('asset', 'asset.id', 'asset_owner.asset_id')
    .select('asset_owner.organisation_code')
    .distinct()
    .where(sql<boolean>`asset.name = any(${[...domains]}::text[])`)
    .execute();
  return rows.map((r) => r.organisation_code);
}

async function targetOutcomes(db: Executor, organisation: string, targetId: string): Promise<Map<string, DomainOutcome>> {
  const rows = await db
    .selectFrom('progress_domain')
    .select(['domain', 'outcome'])
    .where('organisation_code', '=', organisation)
    .where('target_id', '=', targetId)
    .execute();
  return new Map(rows.map((r) => [r.domain, r.outcome]));
}

/** The parts of an explanation that decide what its basis reads. */
export interface BasisSubject {
  scope: ExplanationBasis['scope'];
  targetId: string;
  organisationCode: string | null;
  domain: string | null;
  checkId: string | null;
  supplier: string | null;
  supplierRole: SupplierRole | null;
}

/** What of the target a basis reads: its required checks and the asset kinds in its scope (none: all). */
export interface BasisTarget {
  checks: readonly string[];
  assets: readonly AssetKind[];
}

/** The organisation's domains of the asset kinds in scope (all kinds when none are named). */
async function domainsInScope(db: Executor, organisation: string, assets: readonly AssetKind[]): Promise<string[]> {
  let query = db
    .selectFrom('asset_owner')
    .innerJoin('asset', 'asset.id', 'asset_owner.asset_id')
    .select('asset.name')
    .distinct()
    .where('asset_owner.organisation_code', '=', organisation);
  if (assets.length > 0) query = query.where('asset.kind', 'in', [...assets]);
  return (await query.orderBy('asset.name').execute()).map((r) => r.name);
}

/**
 * The basis to record when an explanation is approved. `target.checks`: the target's required checks (for
 * target and domain scope; for supplier scope when the explanation names no single check). A target
 * explanation reads the outcome of each of the organisation's domains in scope from the observations (from
 * the derived progress_domain only when the target is not measured by checks).
 */
export async function measureBasis(db: Executor, subject: BasisSubject, target: BasisTarget): Promise<ExplanationBasis> {
  const { checks } = target;
  switch (subject.scope) {
    case 'finding': {
      const domain = subject.domain ?? '';
      const checkId = subject.checkId ?? '';
      const readings = await readingsFor(db, [domain], [checkId]);
      return findingBasis(domain, checkId, readings.get(domain)?.get(checkId));
    }
    case 'domain': {
      const domain = subject.domain ?? '';
      const readings = await readingsFor(db, [domain], checks);
      return domainBasis(domain, checks, readings.get(domain) ?? new Map());
    }
    case 'target': {
      const organisation = subject.organisationCode ?? '';
      if (checks.length === 0) return targetBasis(await targetOutcomes(db, organisation, subject.targetId));
      return targetFromReadings(checks, await readingsFor(db, await domainsInScope(db, organisation, target.assets), checks));
    }
    case 'supplier': {
      const supplier = subject.supplier ?? '';
      const role = subject.supplierRole ?? 'mail';
      const explained = subject.checkId !== null ? [subject.checkId] : [...checks];
      const domains = await supplierDomains(db, supplier, role);
      return supplierBasis(supplier, role, explained, await readingsFor(db, domains, explained));
    }
  }
}

/** The same reading as `basis`, taken now (raw statuses: a check that cannot be measured reads as such). */
export async function measureNow(db: Executor, subject: BasisSubject, basis: ExplanationBasis): Promise<ExplanationBasis> {
  const checks = basisChecks(basis);
  switch (basis.scope) {
    case 'finding': {
      const readings = await readingsFor(db, [basis.domain], checks);
      return findingNow(basis.domain, basis.checkId, readings.get(basis.domain)?.get(basis.checkId));
    }
    case 'domain': {
      const readings = await readingsFor(db, [basis.domain], checks);
      return domainNow(basis.domain, checks, readings.get(basis.domain) ?? new Map());
    }
    case 'target':
      return basis.checks === undefined
        ? targetBasis(await targetOutcomes(db, subject.organisationCode ?? '', subject.targetId))
        : targetFromReadings(checks, await readingsFor(db, Object.keys(basis.domains), checks));
    case 'supplier': {
      const domains = await supplierDomains(db, basis.supplier, basis.role);
      return supplierNow(basis.supplier, basis.role, checks, await readingsFor(db, domains, checks));
    }
  }
}
